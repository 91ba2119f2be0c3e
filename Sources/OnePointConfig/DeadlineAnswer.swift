import Foundation
import OnePointDomain

/// The answer of `onepoint sla deadline`: when a timed activity is due, and the limit applied.
///
/// ``description`` is the line people read:
/// `deadline 2026-12-03T16:00:00+08:00 (limit 9 working days, silver provisioning, 1 access point)`;
/// an order across cities shows the count of each: `… 9 access points (7 + 2 by city))`.
///
/// JSON (``JSONText/encode(_:)``): `activity`, `level`, `accessPoints` (only for surveys and
/// provisioning, whose limit grows beyond 5 points), `accessPointsPerCity` (only for a
/// provisioning order across cities, whose limit counts city by city), `start`, `pauses` (`[{"from", "to"}]`),
/// `limit` (`"9 working days"`, `"6 hours"`), `clock` (`"working"` or `"plain"`),
/// `limitHalfWorkingDays` or `limitMinutes`, `stoppedMinutes` (clock time the pauses removed
/// before the deadline: working minutes on the working clock), `deadline`, and `provisional`
/// with `provisionalYears` when the deadline was counted through a year whose calendar is not
/// loaded (DOMAIN.md §9; absent otherwise; the line then ends `; provisional: …`). Instants are
/// ISO-8601 on the calendar's wall clock (+08:00 for Asia/Shanghai).
public struct DeadlineAnswer: Sendable, Equatable, Encodable, CustomStringConvertible {
    /// The activity timed.
    public let activity: Activity
    /// The customer's level.
    public let level: CustomerLevel
    /// The access points the limit was computed for; `nil` when the count does not change it.
    public let accessPoints: Int?
    /// The access points of each city of a provisioning order across cities (`[7, 2]`); `nil`
    /// for one city or another activity.
    public let accessPointsPerCity: [Int]?
    /// When the clock started.
    public let start: Date
    /// The clock stops given.
    public let pauses: [Pause]
    /// The limit applied.
    public let limit: Limit
    /// When the limit runs out.
    public let deadline: Date
    /// Seconds of the limit's clock that the pauses removed before the deadline.
    public let stoppedSeconds: Int
    /// The zone instants are printed in.
    public let timeZone: TimeZone
    /// Years with no loaded calendar the deadline was counted through on the provisional rule;
    /// empty when the deadline is final.
    public let provisionalYears: [Int]
    /// Whether the deadline is provisional.
    public var isProvisional: Bool { !provisionalYears.isEmpty }

    /// Makes an answer (``SLACalculator`` makes them; tests and other front ends may too).
    public init(
        activity: Activity, level: CustomerLevel, accessPoints: Int?, accessPointsPerCity: [Int]? = nil, start: Date, pauses: [Pause],
        limit: Limit, deadline: Date, stoppedSeconds: Int, timeZone: TimeZone, provisionalYears: [Int] = []
    ) {
        self.provisionalYears = provisionalYears
        self.activity = activity
        self.level = level
        self.accessPoints = accessPoints
        self.accessPointsPerCity = accessPointsPerCity
        self.start = start
        self.pauses = pauses
        self.limit = limit
        self.deadline = deadline
        self.stoppedSeconds = stoppedSeconds
        self.timeZone = timeZone
    }

    public var description: String {
        var detail = "limit \(limit), \(level) \(activity.commandLineName)"
        if let accessPoints {
            detail += ", \(accessPoints) access \(accessPoints == 1 ? "point" : "points")"
            if let accessPointsPerCity {
                detail += " (\(accessPointsPerCity.map(String.init).joined(separator: " + ")) by city)"
            }
        }
        var text = "deadline \(ISOTime.format(deadline, in: timeZone)) (\(detail))"
        if !pauses.isEmpty {
            let count = "\(pauses.count) \(pauses.count == 1 ? "pause" : "pauses")"
            text += "; clock stopped for \(Self.duration(stoppedSeconds, working: limit.isWorkingTime)) by \(count)"
        }
        if isProvisional { text += "; " + CalendarYear.provisionalNote(years: provisionalYears) }
        return text
    }

    /// `4 working hours`, `90 minutes`, `2 hours 30 minutes`.
    static func duration(_ seconds: Int, working: Bool) -> String {
        let minutes = seconds / 60
        let prefix = working ? "working " : ""
        func unit(_ count: Int, _ name: String) -> String { "\(count) \(name)\(count == 1 ? "" : "s")" }
        if minutes < 60 || minutes % 60 != 0 && minutes < 120 { return unit(minutes, prefix + "minute") }
        if minutes % 60 == 0 { return unit(minutes / 60, prefix + "hour") }
        return unit(minutes / 60, prefix + "hour") + " " + unit(minutes % 60, "minute")
    }

    private enum CodingKeys: String, CodingKey {
        case activity, level, accessPoints, accessPointsPerCity, start, pauses, limit, clock, limitHalfWorkingDays, limitMinutes, stoppedMinutes
        case deadline, provisional, provisionalYears
    }

    private struct PauseText: Encodable {
        let from: String
        let to: String
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(activity.commandLineName, forKey: .activity)
        try c.encode(level, forKey: .level)
        try c.encodeIfPresent(accessPoints, forKey: .accessPoints)
        try c.encodeIfPresent(accessPointsPerCity, forKey: .accessPointsPerCity)
        try c.encode(ISOTime.format(start, in: timeZone), forKey: .start)
        try c.encode(
            pauses.map { PauseText(from: ISOTime.format($0.start, in: timeZone), to: ISOTime.format($0.end, in: timeZone)) },
            forKey: .pauses)
        try c.encode(limit.description, forKey: .limit)
        switch limit {
        case .workingHalfDays(let halfDays):
            try c.encode("working", forKey: .clock)
            try c.encode(halfDays, forKey: .limitHalfWorkingDays)
        case .minutes(let minutes):
            try c.encode("plain", forKey: .clock)
            try c.encode(minutes, forKey: .limitMinutes)
        }
        try c.encode(stoppedSeconds / 60, forKey: .stoppedMinutes)
        try c.encode(ISOTime.format(deadline, in: timeZone), forKey: .deadline)
        if isProvisional {
            try c.encode(true, forKey: .provisional)
            try c.encode(provisionalYears, forKey: .provisionalYears)
        }
    }
}
