import Foundation
import OnePointDomain

/// The answer of `onepoint sla notice`: whether a cutover notice is in time, the lead it needs
/// and the latest it may be sent (DOMAIN.md §6.2).
///
/// JSON (``JSONText/encode(_:)``): `inTime`, `emergency`, `levels`, `windowStart`, `sent`, and
///
/// - normal notice: `requiredWorkingDays` (the longest lead among `levels`), `leadSetBy` (the
///   levels needing that lead) and `latestSendDate`, a **day** `YYYY-MM-DD` (a notice sent at
///   any time that day is in time);
/// - emergency notice: `requiredHours` (no `requiredWorkingDays`) and `latestSendDate`, an
///   **instant** (ISO-8601 with offset): the window start minus the emergency lead;
/// - `provisional: true` and `provisionalYears` when the lead was counted through a year whose
///   calendar is not loaded (DOMAIN.md §9; the line then ends `; provisional: …`).
public struct NoticeAnswer: Sendable, Equatable, Encodable, CustomStringConvertible {
    /// Whether the notice is in time.
    public let inTime: Bool
    /// Whether it was judged as an emergency notice (lead in clock hours).
    public let emergency: Bool
    /// The levels of the customers affected.
    public let levels: [CustomerLevel]
    /// The lead in working days (normal notice only).
    public let requiredWorkingDays: Int?
    /// The lead in clock hours (emergency notice only).
    public let requiredHours: Int?
    /// The levels that need the longest lead (normal notice only).
    public let leadSetBy: [CustomerLevel]
    /// When the cutover window starts.
    public let windowStart: Date
    /// When the notice was (or will be) sent.
    public let sent: Date
    /// The last day the notice may be sent (normal notice only).
    public let latestSendDay: CivilDate?
    /// The last instant the notice may be sent (emergency notice only).
    public let latestSendInstant: Date?
    /// The zone instants are printed in.
    public let timeZone: TimeZone
    /// Years with no loaded calendar the lead was counted through on the provisional rule;
    /// empty when the answer is final.
    public let provisionalYears: [Int]

    /// Makes an answer (``SLACalculator`` makes them; tests and other front ends may too).
    public init(
        inTime: Bool, emergency: Bool, levels: [CustomerLevel], requiredWorkingDays: Int?, requiredHours: Int?,
        leadSetBy: [CustomerLevel], windowStart: Date, sent: Date, latestSendDay: CivilDate?, latestSendInstant: Date?,
        timeZone: TimeZone, provisionalYears: [Int] = []
    ) {
        self.provisionalYears = provisionalYears
        self.inTime = inTime
        self.emergency = emergency
        self.levels = levels
        self.requiredWorkingDays = requiredWorkingDays
        self.requiredHours = requiredHours
        self.leadSetBy = leadSetBy
        self.windowStart = windowStart
        self.sent = sent
        self.latestSendDay = latestSendDay
        self.latestSendInstant = latestSendInstant
        self.timeZone = timeZone
    }

    /// `in time: sent 2026-11-17, latest send date 2026-11-17 (lead 5 working days for diamond; window starts …)`.
    public var description: String {
        let verdict = inTime ? "in time" : "late"
        let window = "window starts \(ISOTime.format(windowStart, in: timeZone))"
        let afterWindow = sent >= windowStart ? "; sent after the window started" : ""
        if emergency {
            let latest = latestSendInstant.map { ISOTime.format($0, in: timeZone) } ?? "-"
            return "\(verdict): sent \(ISOTime.format(sent, in: timeZone)), latest send time \(latest)"
                + " (emergency lead \(requiredHours ?? 0) hours; \(window)\(afterWindow))"
        }
        let sentDay = ISOTime.format(sent, in: timeZone).prefix(10)
        let days = requiredWorkingDays ?? 0
        let setBy = leadSetBy.map(\.rawValue).joined(separator: ", ")
        return "\(verdict): sent \(sentDay), latest send date \(latestSendDay.map(String.init(describing:)) ?? "-")"
            + " (lead \(days) working \(days == 1 ? "day" : "days") for \(setBy); \(window)\(afterWindow))"
            + (provisionalYears.isEmpty ? "" : "; " + CalendarYear.provisionalNote(years: provisionalYears))
    }

    private enum CodingKeys: String, CodingKey {
        case inTime, emergency, levels, requiredWorkingDays, requiredHours, leadSetBy, windowStart, sent, latestSendDate, provisional, provisionalYears
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(inTime, forKey: .inTime)
        try c.encode(emergency, forKey: .emergency)
        try c.encode(levels, forKey: .levels)
        try c.encode(ISOTime.format(windowStart, in: timeZone), forKey: .windowStart)
        try c.encode(ISOTime.format(sent, in: timeZone), forKey: .sent)
        if emergency {
            try c.encodeIfPresent(requiredHours, forKey: .requiredHours)
            try c.encodeIfPresent(latestSendInstant.map { ISOTime.format($0, in: timeZone) }, forKey: .latestSendDate)
        } else {
            try c.encodeIfPresent(requiredWorkingDays, forKey: .requiredWorkingDays)
            try c.encode(leadSetBy, forKey: .leadSetBy)
            try c.encodeIfPresent(latestSendDay, forKey: .latestSendDate)
        }
        if !provisionalYears.isEmpty {
            try c.encode(true, forKey: .provisional)
            try c.encode(provisionalYears, forKey: .provisionalYears)
        }
    }
}
