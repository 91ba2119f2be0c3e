import Foundation
import OnePointDomain

/// The DOMAIN.md values (§§4–6 tables, §9 calendar and working hours) as test fixtures.
///
/// Sources hard-code none of these; configuration supplies them in production.
enum TimeFixtures {
    struct FixtureError: Error, CustomStringConvertible {
        let description: String
    }

    /// Asia/Shanghai offset, used independently of the code under test to build instants.
    static let shanghaiOffsetSeconds = 8 * 3600

    static func day(_ text: String) throws -> CivilDate { try CivilDate(parsing: text) }

    static func days(_ first: String, _ last: String) throws -> [CivilDate] {
        try CivilDate.days(from: day(first), through: day(last))
    }

    /// 2025 (DOMAIN.md §9): off Jan 1; Jan 28–Feb 4; Apr 4–6; May 1–5; May 31–Jun 2; Oct 1–8.
    /// Make-up: Jan 26, Feb 8, Apr 27, Sep 28, Oct 11.
    static func year2025() throws -> CalendarYear {
        let off = try [day("2025-01-01")] + days("2025-01-28", "2025-02-04") + days("2025-04-04", "2025-04-06")
            + days("2025-05-01", "2025-05-05") + days("2025-05-31", "2025-06-02") + days("2025-10-01", "2025-10-08")
        let makeUp = try ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"].map(day)
        return try CalendarYear(year: 2025, daysOff: off, makeUpWorkingDays: makeUp)
    }

    /// 2026 (DOMAIN.md §9): off Jan 1–3; Feb 15–23; Apr 4–6; May 1–5; Jun 19–21; Sep 25–27;
    /// Oct 1–7. Make-up: Jan 4, Feb 14, Feb 28, May 9, Sep 20, Oct 10.
    static func year2026() throws -> CalendarYear {
        let off = try days("2026-01-01", "2026-01-03") + days("2026-02-15", "2026-02-23")
            + days("2026-04-04", "2026-04-06") + days("2026-05-01", "2026-05-05") + days("2026-06-19", "2026-06-21")
            + days("2026-09-25", "2026-09-27") + days("2026-10-01", "2026-10-07")
        let makeUp = try ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"].map(day)
        return try CalendarYear(year: 2026, daysOff: off, makeUpWorkingDays: makeUp)
    }

    static func shanghai() throws -> TimeZone {
        guard let zone = TimeZone(identifier: "Asia/Shanghai") else {
            throw FixtureError(description: "time zone Asia/Shanghai is not available")
        }
        return zone
    }

    static func calendar() throws -> WorkingCalendar {
        try WorkingCalendar(years: [year2025(), year2026()], timeZone: shanghai())
    }

    /// 09:00–12:00 and 13:00–18:00.
    static func hours() throws -> WorkingHours {
        try WorkingHours(periods: [
            WorkingHours.Period(start: "09:00", end: "12:00"), WorkingHours.Period(start: "13:00", end: "18:00"),
        ])
    }

    static func clock() throws -> WorkingClock {
        try WorkingClock(calendar: calendar(), hours: hours())
    }

    static func table(_ key: Int, _ diamond: Int, _ gold: Int, _ silver: Int, _ bronze: Int) -> LevelTable<Int> {
        LevelTable(key: key, diamond: diamond, gold: gold, silver: silver, bronze: bronze)
    }

    /// Fault ladder: 50 % duty lead, 100 % parent unit, 150 % unit above, 200 % HQ leadership.
    static func faultLadder() throws -> EscalationLadder {
        try EscalationLadder(steps: [
            .init(percent: 50, target: .dutyLead), .init(percent: 100, target: .parentUnit),
            .init(percent: 150, target: .unitAbove), .init(percent: 200, target: .hqLeadership),
        ])
    }

    /// Provisioning ladder: 80 % warning to the coordinating party, 100 % parent unit.
    static func provisioningLadder() throws -> EscalationLadder {
        try EscalationLadder(steps: [
            .init(percent: 80, target: .coordinatingParty), .init(percent: 100, target: .parentUnit),
        ])
    }

    /// DOMAIN.md §§4–6 tables; working-day values doubled into half-days.
    static func policy() throws -> SLAPolicy {
        try SLAPolicy(
            existingSurveyHalfDays: table(2, 3, 4, 4, 5),  // 1, 1.5, 2, 2, 2.5
            constructionSurveyHalfDays: table(4, 5, 6, 7, 8),  // 2, 2.5, 3, 3.5, 4
            provisioningHalfDays: table(10, 12, 14, 18, 20),  // 5, 6, 7, 9, 10
            restorationMinutes: table(90, 120, 240, 360, 480),  // 1.5, 2, 4, 6, 8 h
            dataConfigurationMinutes: 30,
            feedbackIntervalMinutes: table(30, 30, 60, 120, 240),
            noticeLeadWorkingDays: table(5, 5, 5, 3, 2),
            emergencyNoticeLeadHours: 24,
            provisioningLadder: provisioningLadder(),
            faultLadder: faultLadder())
    }

    /// `"2026-11-20 16:00"` (or `…16:00:30`) on the +08:00 wall clock, computed independently of
    /// the code under test.
    static func at(_ text: String) throws -> Date {
        let halves = text.split(separator: " ")
        let dateParts = halves.first?.split(separator: "-").compactMap { Int($0) } ?? []
        let timeParts = halves.count == 2 ? halves[1].split(separator: ":").compactMap { Int($0) } : []
        guard halves.count == 2, dateParts.count == 3, (2...3).contains(timeParts.count),
            let zone = TimeZone(secondsFromGMT: shanghaiOffsetSeconds)
        else { throw FixtureError(description: "bad fixture instant '\(text)'") }
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = zone
        let components = DateComponents(
            year: dateParts[0], month: dateParts[1], day: dateParts[2], hour: timeParts[0], minute: timeParts[1],
            second: timeParts.count == 3 ? timeParts[2] : 0)
        guard let date = gregorian.date(from: components) else {
            throw FixtureError(description: "bad fixture instant '\(text)'")
        }
        return date
    }

    static func pause(_ from: String, _ to: String) throws -> Pause {
        try Pause(start: at(from), end: at(to))
    }

    static let hour = 3600
    static let minute = 60
}
