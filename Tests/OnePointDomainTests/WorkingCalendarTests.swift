import Foundation
import OnePointDomain
import Testing

@Suite struct WorkingCalendarTests {
    typealias F = TimeFixtures

    @Test(arguments: [
        ("2026-02-14", true),  // make-up Saturday
        ("2026-02-28", true),  // make-up Saturday
        ("2026-01-04", true),  // make-up Sunday
        ("2026-02-15", false),  // Sunday inside the Spring Festival run
        ("2026-02-16", false),  // Monday holiday
        ("2026-02-23", false),  // last day of the run, a Monday
        ("2026-02-24", true),
        ("2026-10-07", false),
        ("2026-10-08", true),
        ("2026-10-10", true),  // make-up Saturday
        ("2026-11-21", false),  // ordinary Saturday
        ("2026-11-20", true),  // ordinary Friday
        ("2025-01-26", true),  // make-up Sunday 2025
        ("2025-10-08", false),
        ("2025-10-11", true),
        ("2025-05-31", false),
        ("2025-06-02", false),
    ])
    func knownDays(_ text: String, _ working: Bool) throws {
        #expect(try F.calendar().isWorkingDay(F.day(text)) == working)
    }

    @Test func workingDayCountsPerYear() throws {
        let calendar = try F.calendar()
        for year in [2025, 2026] {
            let all = try F.days("\(year)-01-01", "\(year)-12-31")
            let working = try all.filter { try calendar.isWorkingDay($0) }.count
            // 261 weekdays each year, minus 18 (2025) / 19 (2026) weekday holidays, plus make-up days.
            #expect(working == 248, "year \(year)")
        }
    }

    @Test func yearNotLoadedFollowsTheProvisionalRule() throws {
        let calendar = try F.calendar()
        #expect(calendar.loadedYears == [2025, 2026])
        #expect(!calendar.isLoaded(year: 2027))
        // Hand-worked 2027 (Jan 1 is a Friday): fixed-date holidays off, weekends off, no make-up days.
        let expected: [(String, Bool)] = [
            ("2027-01-01", false),  // Friday, New Year's Day
            ("2027-01-02", false),  // Saturday
            ("2027-01-04", true),  // Monday
            ("2027-02-08", true),  // Monday: the Spring Festival is not a fixed date, so working provisionally
            ("2027-04-30", true),  // Friday
            ("2027-05-01", false),  // Saturday, Labour Day
            ("2027-05-03", true),  // Monday: working provisionally (the notice may make it off)
            ("2027-10-01", false),  // Friday, National Day
            ("2027-10-04", true),  // Monday
            ("2024-12-31", true),  // Tuesday of an unloaded past year
            ("2024-10-03", false),  // Thursday, National Day
        ]
        for (text, working) in expected {
            #expect(try calendar.isWorkingDay(F.day(text)) == working, "\(text)")
        }
        #expect(CalendarYear.isProvisionalWorkingDay(try F.day("2027-05-02")) == false)
        #expect(calendar.provisionalYears(from: try F.day("2026-12-20"), through: try F.day("2027-01-06")) == [2027])
        #expect(calendar.provisionalYears(from: try F.day("2027-01-06"), through: try F.day("2024-12-20")) == [2024, 2027])
        #expect(calendar.provisionalYears(from: try F.day("2025-01-01"), through: try F.day("2026-12-31")) == [])
        #expect(CalendarYear.provisionalNote(years: [2027]).contains("provisional: no holiday notice loaded for 2027"))
    }

    @Test func civilDateFollowsTheZone() throws {
        let calendar = try F.calendar()
        #expect(try calendar.civilDate(of: F.at("2026-11-20 00:30")).description == "2026-11-20")
        #expect(try calendar.civilDate(of: F.at("2026-11-20 23:59")).description == "2026-11-20")
        let utc = try WorkingCalendar(years: [], timeZone: #require(TimeZone(secondsFromGMT: 0)))
        #expect(try utc.civilDate(of: F.at("2026-11-20 07:59")).description == "2026-11-19")
    }

    @Test func rejectsBadYears() throws {
        let year = try F.year2026()
        let duplicate = #expect(throws: DomainError.self) { try WorkingCalendar(years: [year, year], timeZone: F.shanghai()) }
        #expect(duplicate?.code == .invalidValue)
        #expect(duplicate?.message.contains("2026") == true)

        let weekday = #expect(throws: DomainError.self) {
            try CalendarYear(year: 2026, daysOff: [], makeUpWorkingDays: [F.day("2026-11-23")])
        }
        #expect(weekday?.message.contains("2026-11-23") == true)

        let otherYear = #expect(throws: DomainError.self) {
            try CalendarYear(year: 2026, daysOff: [F.day("2025-12-31")], makeUpWorkingDays: [])
        }
        #expect(otherYear?.message.contains("2025-12-31") == true)

        let both = #expect(throws: DomainError.self) {
            try CalendarYear(year: 2026, daysOff: [F.day("2026-02-14")], makeUpWorkingDays: [F.day("2026-02-14")])
        }
        #expect(both?.message.contains("2026-02-14") == true)
    }

    @Test func calendarYearCodable() throws {
        let year = try F.year2026()
        let data = try JSONEncoder().encode(year)
        #expect(try JSONDecoder().decode(CalendarYear.self, from: data) == year)
        let bad = Data(#"{"year": 2026, "daysOff": [], "makeUpWorkingDays": ["2026-11-23"]}"#.utf8)
        #expect(throws: DomainError.self) { try JSONDecoder().decode(CalendarYear.self, from: bad) }
    }
}
