import Foundation
import OnePointDomain
import Testing

@Suite struct WorkingClockTests {
    typealias F = TimeFixtures

    /// Deadline of `halfDays` half working days from `start`, with `pauses`.
    private func due(_ start: String, halfDays: Int, pauses: [Pause] = []) throws -> Date {
        try F.clock().deadline(for: .workingHalfDays(halfDays), start: F.at(start), pauses: pauses)
    }

    @Test func workedExampleSilverProvisioning() throws {
        let clock = try F.clock()
        let limit = try F.policy().limit(for: .provisioning, level: .silver)
        #expect(limit == .workingHalfDays(18))
        #expect(limit.description == "9 working days")
        let start = try F.at("2026-11-20 16:00")
        let deadline = try clock.deadline(for: limit, start: start)
        #expect(deadline == (try F.at("2026-12-03 16:00")))
        #expect(try clock.workingSeconds(from: start, to: deadline) == 72 * F.hour)
        #expect(try clock.elapsedSeconds(for: limit, from: start, to: deadline) == 72 * F.hour)
        #expect(try clock.remainingSeconds(for: limit, start: start, at: deadline) == 0)
        #expect(try clock.remainingSeconds(for: limit, start: start, at: F.at("2026-12-04 09:30")) == -150 * F.minute)
    }

    @Test func limitUsedUpAtNoonIsDueAtNoon() throws {
        #expect(try due("2026-11-23 17:00", halfDays: 1) == (try F.at("2026-11-24 12:00")))
        let clock = try F.clock()
        #expect(try clock.deadline(start: F.at("2026-11-23 09:00"), addingWorkingSeconds: 3 * F.hour)
            == (try F.at("2026-11-23 12:00")))
    }

    @Test func limitUsedUpAtSixIsDueAtSix() throws {
        #expect(try due("2026-11-23 09:00", halfDays: 2) == (try F.at("2026-11-23 18:00")))
        #expect(try due("2026-11-20 16:00", halfDays: 1) == (try F.at("2026-11-23 11:00")))
        // Friday 13:00 + 5 working hours ends at Friday 18:00, not Monday 09:00.
        #expect(try F.clock().deadline(start: F.at("2026-11-20 13:00"), addingWorkingSeconds: 5 * F.hour)
            == (try F.at("2026-11-20 18:00")))
    }

    @Test func startDuringLunchCountsFrom13() throws {
        #expect(try due("2026-11-23 12:30", halfDays: 1) == (try F.at("2026-11-23 17:00")))
        #expect(try F.clock().workingSeconds(from: F.at("2026-11-23 12:00"), to: F.at("2026-11-23 13:00")) == 0)
    }

    @Test func startAfterHoursCountsFromNextMorning() throws {
        #expect(try due("2026-11-23 20:00", halfDays: 1) == (try F.at("2026-11-24 14:00")))
        #expect(try due("2026-11-23 07:00", halfDays: 1) == (try F.at("2026-11-23 14:00")))
        // Friday evening: next working minute is Monday 09:00.
        #expect(try due("2026-11-20 20:00", halfDays: 2) == (try F.at("2026-11-23 18:00")))
    }

    @Test func makeUpSaturdaysAreWorkingDays() throws {
        // Saturday 2026-02-14 is a make-up working day; Feb 15–23 are off.
        #expect(try due("2026-02-14 10:00", halfDays: 2) == (try F.at("2026-02-24 10:00")))
        // Saturday 2026-02-28 is a make-up working day.
        #expect(try due("2026-02-27 17:00", halfDays: 1) == (try F.at("2026-02-28 12:00")))
        #expect(try due("2026-02-28 09:00", halfDays: 2) == (try F.at("2026-02-28 18:00")))
        // An ordinary Saturday is off.
        #expect(try due("2026-11-21 10:00", halfDays: 1) == (try F.at("2026-11-23 14:00")))
    }

    @Test func startOnHolidayCountsFromNextWorkingDay() throws {
        #expect(try due("2026-10-01 10:00", halfDays: 2) == (try F.at("2026-10-08 18:00")))
        #expect(try due("2026-02-16 09:00", halfDays: 1) == (try F.at("2026-02-24 14:00")))
        // Across the 2025/2026 new year: Dec 31 2025 is working, Jan 1–3 off, Jan 4 (Sun) make-up.
        #expect(try due("2025-12-31 17:00", halfDays: 1) == (try F.at("2026-01-04 12:00")))
    }

    @Test func pauseSpanningHoliday() throws {
        let pause = try F.pause("2026-09-30 15:00", "2026-10-09 11:00")
        #expect(try due("2026-09-30 09:00", halfDays: 4) == (try F.at("2026-10-08 18:00")))
        #expect(try due("2026-09-30 09:00", halfDays: 4, pauses: [pause]) == (try F.at("2026-10-10 15:00")))
        let clock = try F.clock()
        #expect(try clock.workingSeconds(
            from: F.at("2026-09-30 09:00"), to: F.at("2026-10-10 15:00"), pauses: [pause]) == 16 * F.hour)
    }

    @Test func overlappingPausesCountOnce() throws {
        let first = try F.pause("2026-11-23 10:00", "2026-11-23 11:00")
        let second = try F.pause("2026-11-23 10:30", "2026-11-23 11:30")
        let inside = try F.pause("2026-11-23 10:40", "2026-11-23 10:50")
        let expected = try F.at("2026-11-23 15:30")
        #expect(try due("2026-11-23 09:00", halfDays: 1, pauses: [first, second]) == expected)
        #expect(try due("2026-11-23 09:00", halfDays: 1, pauses: [inside, second, first]) == expected)
    }

    @Test func pauseOverNightAndWeekend() throws {
        // Friday 17:00 to Monday 10:00 removes Friday 17–18 and Monday 9–10.
        let pause = try F.pause("2026-11-20 17:00", "2026-11-23 10:00")
        #expect(try due("2026-11-20 16:00", halfDays: 1, pauses: [pause]) == (try F.at("2026-11-23 14:00")))
        // A pause covering the start: the clock starts when it ends.
        let atStart = try F.pause("2026-11-20 15:00", "2026-11-23 09:30")
        #expect(try due("2026-11-20 16:00", halfDays: 1, pauses: [atStart]) == (try F.at("2026-11-23 14:30")))
        // A pause wholly outside working time changes nothing.
        let night = try F.pause("2026-11-20 19:00", "2026-11-23 08:00")
        #expect(try due("2026-11-20 16:00", halfDays: 1, pauses: [night]) == (try F.at("2026-11-23 11:00")))
    }

    @Test func limitEndingWherePauseStarts() throws {
        let pause = try F.pause("2026-11-23 11:00", "2026-11-23 14:00")
        #expect(try F.clock().deadline(start: F.at("2026-11-23 09:00"), addingWorkingSeconds: 2 * F.hour, pauses: [pause])
            == (try F.at("2026-11-23 11:00")))
    }

    @Test func reversedPauseIsAnError() throws {
        let error = #expect(throws: DomainError.self) { try F.pause("2026-11-23 11:00", "2026-11-23 10:00") }
        #expect(error?.code == .invalidInterval)
        let backwards = #expect(throws: DomainError.self) {
            try F.clock().workingSeconds(from: F.at("2026-11-23 11:00"), to: F.at("2026-11-23 10:00"))
        }
        #expect(backwards?.code == .invalidInterval)
        let decoded = #expect(throws: DomainError.self) {
            try JSONDecoder().decode(Pause.self, from: Data(#"{"start": 100, "end": 50}"#.utf8))
        }
        #expect(decoded?.code == .invalidInterval)
    }

    @Test func yearNotLoadedCountsOnTheProvisionalRuleAndSaysSo() throws {
        let clock = try F.clock()
        // Inside 2027: Monday 2027-01-04 is a working day provisionally; 8 h end at 18:00.
        let inside = try clock.deadline(for: .workingHalfDays(2), start: F.at("2027-01-04 09:00"))
        #expect(inside == (try F.at("2027-01-04 18:00")))
        #expect(try clock.provisionalYears(from: F.at("2027-01-04 09:00"), to: inside) == [2027])
        // Running off the end of 2026: Thu 2026-12-31 17:00–18:00 is 1 h; Fri 2027-01-01 is off
        // (fixed-date holiday), Sat/Sun off; Mon 2027-01-04 09:00–12:00, 13:00–17:00 is 7 h.
        let across = try clock.deadline(for: .workingHalfDays(2), start: F.at("2026-12-31 17:00"))
        #expect(across == (try F.at("2027-01-04 17:00")))
        #expect(try clock.provisionalYears(from: F.at("2026-12-31 17:00"), to: across) == [2027])
        // Backwards into 2024: Mon 2024-12-30 and Tue 2024-12-31 (provisional) 8 h each;
        // Wed 2025-01-01 off (loaded); Thu 2025-01-02 before 09:00 nothing.
        #expect(try clock.workingSeconds(from: F.at("2024-12-30 09:00"), to: F.at("2025-01-02 09:00")) == 16 * F.hour)
        #expect(try clock.provisionalYears(from: F.at("2024-12-30 09:00"), to: F.at("2025-01-02 09:00")) == [2024])
        // Loaded years only: nothing provisional.
        #expect(try clock.provisionalYears(from: F.at("2025-03-01 09:00"), to: F.at("2026-12-31 18:00")) == [])
        // Plain limits never consult the calendar.
        #expect(try clock.deadline(for: .minutes(90), start: F.at("2027-06-01 10:00")) == (try F.at("2027-06-01 11:30")))
    }

    @Test func bronzeOrderDispatchedBeforeChristmasReachesIntoAnUnloadedYear() throws {
        let clock = try F.clock()
        // Sunday 2026-12-20: the clock starts Monday 2026-12-21 09:00. Ten working days: Dec 21–25
        // (5), Dec 28–31 (9), Fri 2027-01-01 off provisionally, Mon 2027-01-04 (10) to 18:00.
        let start = try F.at("2026-12-20 10:00")
        let deadline = try clock.deadline(for: .workingHalfDays(20), start: start)
        #expect(deadline == (try F.at("2027-01-04 18:00")))
        #expect(try clock.provisionalYears(from: start, to: deadline) == [2027])
        // The 80 % warning (64 h = 8 working days: Dec 21–25, 28–30) falls in 2026.
        #expect(try clock.instant(atPercent: 80, of: .workingHalfDays(20), start: start) == (try F.at("2026-12-30 18:00")))
    }

    @Test func elapsedStopsAtTheEndWithoutNeedingLaterYears() throws {
        let clock = try F.clock()
        #expect(try clock.workingSeconds(from: F.at("2026-12-31 17:00"), to: F.at("2026-12-31 23:59")) == F.hour)
        #expect(try clock.workingSeconds(from: F.at("2026-11-23 10:00"), to: F.at("2026-11-23 10:00")) == 0)
    }

    @Test func warningAt80Percent() throws {
        let clock = try F.clock()
        let start = try F.at("2026-11-20 16:00")
        // 80 % of 72 working hours = 57.6 h = 57 h 36 min.
        #expect(try clock.instant(atPercent: 80, of: .workingHalfDays(18), start: start) == (try F.at("2026-12-01 17:36")))
        let policy = try F.policy()
        #expect(policy.provisioningWarningPercent == 80)
        let steps = try policy.provisioningLadder.schedule(start: start, limit: .workingHalfDays(18), clock: clock)
        #expect(steps.map(\.step.target) == [.coordinatingParty, .parentUnit])
        #expect(steps.map(\.due) == [try F.at("2026-12-01 17:36"), try F.at("2026-12-03 16:00")])
        #expect(steps.map(\.step.isOverdue) == [false, true])
    }

    @Test func fractionsRoundUpToTheSecond() throws {
        let clock = try F.clock()
        let start = try F.at("2026-11-21 10:00")
        // 33 % of 60 s = 19.8 s → 20 s.
        #expect(try clock.instant(atPercent: 33, of: .minutes(1), start: start) == start.addingTimeInterval(20))
        // 50 % of 25 min = 12.5 min exactly.
        #expect(try clock.instant(atPercent: 50, of: .minutes(25), start: start) == start.addingTimeInterval(750))
        #expect(try clock.instant(atPercent: 0, of: .minutes(25), start: start) == start)
        #expect(throws: DomainError.self) { try clock.instant(atPercent: -1, of: .minutes(25), start: start) }
        #expect(throws: DomainError.self) { try clock.deadline(for: .workingHalfDays(-1), start: start) }
        #expect(throws: DomainError.self) { try clock.deadline(for: .minutes(-5), start: start) }
    }

    @Test func fractionalSecondsAreDropped() throws {
        let clock = try F.clock()
        let start = try F.at("2026-11-23 09:00").addingTimeInterval(0.75)
        #expect(try clock.deadline(for: .workingHalfDays(1), start: start) == (try F.at("2026-11-23 14:00")))
    }

    @Test func halfDayOfOddScheduleIsExactInSeconds() throws {
        // 09:00–12:00 and 13:00–17:01: 421 minutes a day, half a day is 210.5 minutes.
        let hours = try WorkingHours(periods: [
            WorkingHours.Period(start: "09:00", end: "12:00"), WorkingHours.Period(start: "13:00", end: "17:01"),
        ])
        let clock = try WorkingClock(calendar: F.calendar(), hours: hours)
        #expect(try clock.seconds(in: .workingHalfDays(1)) == 210 * 60 + 30)
        #expect(try clock.deadline(for: .workingHalfDays(1), start: F.at("2026-11-23 09:00")) == (try F.at("2026-11-23 13:30:30")))
    }
}
