import Foundation
import OnePointDomain

/// Answers the questions of `onepoint sla` from a loaded configuration: deadlines, cutover
/// notice leads and monthly scores. The command only parses flags and prints the answers.
///
/// The `String`-taking functions parse what people type (`silver`, `2026-11-20T16:00:00+08:00`,
/// `FROM/TO`) and throw ``DomainError`` with a message a person can act on: an unknown level or
/// activity, an unparsable time, a pause ending before it starts. A year with no calendar is no
/// error: the answer is counted on the provisional rule and says so (`provisionalYears`).
public struct SLACalculator: Sendable {
    /// The configuration the answers come from.
    public let configuration: DomainConfiguration

    /// A calculator over `configuration` (usually ``DomainConfiguration/load(directory:)``).
    public init(configuration: DomainConfiguration) {
        self.configuration = configuration
    }

    // MARK: - Deadline

    /// The deadline of `activity` for a `level` customer, started at `start`, not counting `pauses`.
    ///
    /// - Parameter accessPoints: the order's access points (surveys and provisioning; more than 5
    ///   lengthen the limit); ignored for restoration and data configuration. For provisioning
    ///   they are the points of one city; an order across cities takes
    ///   ``deadline(activity:level:accessPointsPerCity:start:pauses:)``.
    public func deadline(
        activity: Activity, level: CustomerLevel, accessPoints: Int = 1, start: Date, pauses: [Pause] = []
    ) throws(DomainError) -> DeadlineAnswer {
        try deadline(activity: activity, level: level, accessPointsPerCity: [accessPoints], start: start, pauses: pauses)
    }

    /// The deadline of `activity` for a `level` customer whose access points lie in several
    /// cities, `accessPointsPerCity` in each (`[7, 2]`), started at `start`, not counting `pauses`.
    ///
    /// Provisioning counts the points city by city (``SLAPolicy/provisioningLimit(level:accessPointsPerCity:)``:
    /// 3 + 3 keeps the base limit, 7 + 2 is scaled for 7); a survey counts every point of the
    /// request (their sum); the other activities ignore them.
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when the list is
    ///   empty or a count is below 1; what the clock throws (an instant it cannot place).
    public func deadline(
        activity: Activity, level: CustomerLevel, accessPointsPerCity: [Int], start: Date, pauses: [Pause] = []
    ) throws(DomainError) -> DeadlineAnswer {
        guard !accessPointsPerCity.isEmpty else {
            throw DomainError(.invalidValue, "no access point count given; give the access points of each city, such as 7,2")
        }
        var total = 0
        for count in accessPointsPerCity {
            guard count >= 1 else {
                throw DomainError(.invalidValue, "access points must be at least 1 in every city, got \(count)")
            }
            let (sum, overflow) = total.addingReportingOverflow(count)
            guard !overflow else { throw DomainError(.invalidValue, "access point counts \(accessPointsPerCity) are too large") }
            total = sum
        }
        let limit: Limit
        if activity == .provisioning {
            limit = try configuration.sla.provisioningLimit(level: level, accessPointsPerCity: accessPointsPerCity)
        } else {
            limit = try configuration.sla.limit(for: activity, level: level, accessPoints: total)
        }
        let clock = configuration.clock
        let deadline = try clock.deadline(for: limit, start: start, pauses: pauses)
        let run = try clock.elapsedSeconds(for: limit, from: start, to: deadline)
        let stopped = try max(0, run - clock.seconds(in: limit))
        let byCity = activity == .provisioning && accessPointsPerCity.count > 1 ? accessPointsPerCity : nil
        return DeadlineAnswer(
            activity: activity, level: level, accessPoints: activity.scalesWithAccessPoints ? total : nil, accessPointsPerCity: byCity,
            start: start, pauses: pauses, limit: limit, deadline: deadline, stoppedSeconds: stopped, timeZone: configuration.calendar.timeZone,
            provisionalYears: limit.isWorkingTime ? try clock.provisionalYears(from: start, to: deadline) : [])
    }

    /// ``deadline(activity:level:accessPoints:start:pauses:)`` from command-line text: an
    /// activity name (`provisioning`, `existing-survey`, …), a level, an ISO-8601 start with
    /// offset and pauses written `FROM/TO`.
    public func deadline(
        activity: String, level: String, accessPoints: Int?, start: String, pauses: [String] = []
    ) throws(DomainError) -> DeadlineAnswer {
        if let accessPoints, accessPoints < 1 {
            throw DomainError(.invalidValue, "access points must be at least 1, got \(accessPoints)")
        }
        return try deadline(activity: activity, level: level, points: accessPoints.map(String.init), start: start, pauses: pauses)
    }

    /// ``deadline(activity:level:accessPointsPerCity:start:pauses:)`` from command-line text;
    /// `points` is the access points of each city, comma-separated (`7,2`: 7 in one city, 2 in
    /// another; `7`: one city), 1 when `nil`.
    public func deadline(
        activity: String, level: String, points: String?, start: String, pauses: [String] = []
    ) throws(DomainError) -> DeadlineAnswer {
        let activity = try Activity(commandLineName: activity)
        let level = try CustomerLevel(parsing: level)
        let start = try ISOTime.parse(start, role: "start")
        var parsed: [Pause] = []
        for text in pauses { parsed.append(try Pause(parsing: text)) }
        let perCity = try points.map { text throws(DomainError) in try Self.accessPointsPerCity(parsing: text) } ?? [1]
        return try deadline(activity: activity, level: level, accessPointsPerCity: perCity, start: start, pauses: parsed)
    }

    /// `"7,2"` → `[7, 2]`: the access points of each city, whole numbers of at least 1.
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` naming the entry.
    static func accessPointsPerCity(parsing text: String) throws(DomainError) -> [Int] {
        let entries = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var counts: [Int] = []
        for entry in entries {
            guard let count = Int(entry), count >= 1 else {
                throw DomainError(
                    .invalidValue,
                    "access points '\(text)': '\(entry)' is not a count of at least 1; give the points of each city, comma-separated, such as 7,2")
            }
            counts.append(count)
        }
        return counts
    }

    // MARK: - Notice

    /// Whether a cutover notice sent at `sent` is in time for a window starting at `windowStart`
    /// that affects customers of `levels`; with `emergency`, judged on the emergency lead in
    /// clock hours instead.
    public func notice(windowStart: Date, sent: Date, levels: [CustomerLevel], emergency: Bool) throws(DomainError) -> NoticeAnswer {
        guard !levels.isEmpty else {
            throw DomainError(.invalidValue, "no customer level given; a notice needs the levels of the customers affected")
        }
        let policy = configuration.sla
        let zone = configuration.calendar.timeZone
        if emergency {
            let hours = policy.emergencyNoticeLeadHours
            return NoticeAnswer(
                inTime: policy.isEmergencyNoticeInTime(sentAt: sent, windowStart: windowStart), emergency: true, levels: levels,
                requiredWorkingDays: nil, requiredHours: hours, leadSetBy: [], windowStart: windowStart, sent: sent,
                latestSendDay: nil, latestSendInstant: windowStart.addingTimeInterval(-TimeInterval(hours) * 3600), timeZone: zone)
        }
        let lead = policy.noticeLeadWorkingDays(for: levels)
        let calendar = configuration.calendar
        let latest = try calendar.latestNoticeDate(forWindowStartingAt: windowStart, leadWorkingDays: lead)
        let inTime = try calendar.isNoticeInTime(sentAt: sent, windowStart: windowStart, leadWorkingDays: lead)
        return NoticeAnswer(
            inTime: inTime, emergency: false, levels: levels, requiredWorkingDays: lead, requiredHours: nil,
            leadSetBy: levels.filter { policy.noticeLeadWorkingDays[$0] == lead }, windowStart: windowStart, sent: sent,
            latestSendDay: latest, latestSendInstant: nil, timeZone: zone,
            provisionalYears: calendar.provisionalYears(from: latest, through: try calendar.civilDate(of: windowStart)))
    }

    /// ``notice(windowStart:sent:levels:emergency:)`` from command-line text: ISO-8601 times
    /// with offset and a comma-separated list of levels (`diamond,silver`).
    public func notice(windowStart: String, sent: String, levels: String, emergency: Bool) throws(DomainError) -> NoticeAnswer {
        let window = try ISOTime.parse(windowStart, role: "window start")
        let sent = try ISOTime.parse(sent, role: "sent time")
        return try notice(windowStart: window, sent: sent, levels: CustomerLevel.parseList(levels), emergency: emergency)
    }

    // MARK: - Score

    /// The monthly assessment of one unit.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/unknownUnit`` when the facts'
    ///   unit is not in the topology, or what ``AssessmentFacts/validate()`` finds.
    public func score(_ facts: AssessmentFacts) throws(DomainError) -> ScoreAnswer {
        guard configuration.topology.contains(facts.unit) else {
            throw DomainError(
                .unknownUnit,
                "unit '\(facts.unit)' is not in the topology (\(configuration.path(of: .topology))); use one of its unit ids, such as \(configuration.topology.units.prefix(3).map(\.id.rawValue).joined(separator: ", "))")
        }
        let card = try configuration.assessment.score(facts)
        return ScoreAnswer(scorecard: card, unit: try? configuration.topology.unit(facts.unit))
    }

    /// The monthly assessment of the unit-month in the JSON file `file`.
    ///
    /// - Throws: ``ConfigError`` naming the file and key for anything wrong in it (including a
    ///   unit not in the topology).
    public func score(factsFile file: String) throws(ConfigError) -> ScoreAnswer {
        let facts = try ConfigReader.assessmentFacts(file: file)
        do {
            return try score(facts)
        } catch {
            throw ConfigError(
                .invalidValue, file: file, keyPath: error.code == .unknownUnit ? "unit" : "", message: error.message)
        }
    }
}
