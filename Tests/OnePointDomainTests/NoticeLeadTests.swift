import Foundation
import OnePointDomain
import Testing

@Suite struct NoticeLeadTests {
    typealias F = TimeFixtures

    @Test func diamondWindowOnWednesday() throws {
        let calendar = try F.calendar()
        let window = try F.at("2026-11-25 01:00")
        let lead = try F.policy().noticeLeadWorkingDays(for: [.diamond])
        #expect(lead == 5)
        #expect(try calendar.latestNoticeDate(forWindowStartingAt: window, leadWorkingDays: lead) == (try F.day("2026-11-17")))
        #expect(try calendar.isNoticeInTime(sentAt: F.at("2026-11-17 23:59"), windowStart: window, leadWorkingDays: lead))
        #expect(try !calendar.isNoticeInTime(sentAt: F.at("2026-11-18 00:00"), windowStart: window, leadWorkingDays: lead))
        #expect(try calendar.isNoticeInTime(sentAt: F.at("2026-11-10 09:00"), windowStart: window, leadWorkingDays: lead))
    }

    @Test func diamondWindowOnSaturday() throws {
        let calendar = try F.calendar()
        let window = try F.at("2026-11-28 00:30")
        #expect(try calendar.latestNoticeDate(forWindowStartingAt: window, leadWorkingDays: 5) == (try F.day("2026-11-22")))
        #expect(try calendar.isNoticeInTime(sentAt: F.at("2026-11-22 20:00"), windowStart: window, leadWorkingDays: 5))
        #expect(try !calendar.isNoticeInTime(sentAt: F.at("2026-11-23 08:00"), windowStart: window, leadWorkingDays: 5))
    }

    @Test func silverBronzeAndAcrossHolidays() throws {
        let calendar = try F.calendar()
        let window = try F.at("2026-11-25 01:00")
        #expect(try calendar.latestNoticeDate(forWindowStartingAt: window, leadWorkingDays: 3) == (try F.day("2026-11-19")))
        #expect(try calendar.latestNoticeDate(forWindowStartingAt: window, leadWorkingDays: 2) == (try F.day("2026-11-22")))
        // National Day: Oct 1–7 off, Sep 25–27 off; the 5th working day back from Fri Oct 9 is Thu Sep 24.
        #expect(try calendar.latestNoticeDate(forWindowStartingAt: F.at("2026-10-09 02:00"), leadWorkingDays: 5)
            == (try F.day("2026-09-23")))
        // Lead 0: any time before the window on its own day.
        #expect(try calendar.latestNoticeDate(forWindowStartingAt: window, leadWorkingDays: 0) == (try F.day("2026-11-25")))
        #expect(try calendar.isNoticeInTime(sentAt: F.at("2026-11-25 00:59"), windowStart: window, leadWorkingDays: 0))
        #expect(try !calendar.isNoticeInTime(sentAt: F.at("2026-11-25 01:00"), windowStart: window, leadWorkingDays: 0))
    }

    @Test func longestLeadAmongAffectedLevels() throws {
        let policy = try F.policy()
        #expect(policy.noticeLeadWorkingDays(for: [.silver, .bronze]) == 3)
        #expect(policy.noticeLeadWorkingDays(for: [.bronze, .gold, .silver]) == 5)
        #expect(policy.noticeLeadWorkingDays(for: [.key]) == 5)
        #expect(policy.noticeLeadWorkingDays(for: [.bronze]) == 2)
        #expect(policy.noticeLeadWorkingDays(for: []) == 0)
    }

    @Test func emergencyNeeds24ClockHours() throws {
        let policy = try F.policy()
        let window = try F.at("2026-11-28 00:30")
        #expect(policy.isEmergencyNoticeInTime(sentAt: try F.at("2026-11-27 00:30"), windowStart: window))
        #expect(!policy.isEmergencyNoticeInTime(sentAt: try F.at("2026-11-27 00:31"), windowStart: window))
    }

    @Test func errors() throws {
        let calendar = try F.calendar()
        let negative = #expect(throws: DomainError.self) {
            try calendar.latestNoticeDate(forWindowStartingAt: F.at("2026-11-25 01:00"), leadWorkingDays: -1)
        }
        #expect(negative?.code == .invalidValue)
    }

    @Test func leadCountedThroughAnUnloadedYearIsProvisional() throws {
        let calendar = try F.calendar()
        // Window Friday 2025-01-03, lead 5, counting back: Thu Jan 2 (1), Wed Jan 1 off (loaded),
        // Tue 2024-12-31 (2), Mon Dec 30 (3), Fri Dec 27 (4), Thu Dec 26 (5) → latest Wed Dec 25.
        let latest = try calendar.latestNoticeDate(forWindowStartingAt: F.at("2025-01-03 01:00"), leadWorkingDays: 5)
        #expect(latest == (try F.day("2024-12-25")))
        #expect(calendar.provisionalYears(from: latest, through: try F.day("2025-01-03")) == [2024])
        // Forward into 2027, lead 3 from Wed 2026-12-30: Thu Dec 31 (1), Fri 2027-01-01 off,
        // Mon Jan 4 (2), Tue Jan 5 (3) → the earliest window day is Wed 2027-01-06.
        #expect(try calendar.earliestWindowDay(forNoticeSentOn: F.day("2026-12-30"), leadWorkingDays: 3) == (try F.day("2027-01-06")))
    }
}
