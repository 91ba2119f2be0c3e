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
        let early = #expect(throws: DomainError.self) {
            try calendar.latestNoticeDate(forWindowStartingAt: F.at("2025-01-03 01:00"), leadWorkingDays: 5)
        }
        #expect(early?.code == .calendarYearNotLoaded)
        #expect(early?.message.contains("2024") == true)
    }
}
