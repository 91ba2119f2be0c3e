import Foundation
import OnePointConfig
import OnePointDomain
import Testing

/// The file `onepoint calendar load` reads: `calendar.years` as in `calendar.yaml`, checked by
/// the same rules, every mistake named with the file, the line, the key and the problem. The
/// 2027 here is made up for the tests.
@Suite("Calendar year files (onepoint calendar load)")
struct CalendarYearsFileTests {
    static let file = "calendar-2027.yaml"

    static let good = """
        calendar:
          years:
            - year: 2027
              daysOff:
                - 2027-01-01..2027-01-03
                - 2027-01-08
                - 2027-10-01..2027-10-07
              makeUpWorkingDays:
                - 2027-02-20
        """

    @Test("a good file gives the year's facts")
    func goodFile() throws {
        let years = try ConfigReader.calendarYears(yaml: Self.good, file: Self.file)
        #expect(years.map(\.year) == [2027])
        let year = try #require(years.first)
        #expect(year.daysOff.count == 11)
        #expect(!year.isWorkingDay(try CivilDate(year: 2027, month: 1, day: 8)))
        #expect(year.isWorkingDay(try CivilDate(year: 2027, month: 2, day: 20)))
    }

    @Test("a bad date is refused with the file, the line, the key and the problem")
    func badDate() throws {
        let yaml = Self.good.replacingOccurrences(of: "- 2027-01-08", with: "- 2027-02-30")
        let error = try #require(throws: ConfigError.self) { try ConfigReader.calendarYears(yaml: yaml, file: Self.file) }
        #expect(error.code == .invalidDate)
        #expect(error.file == Self.file)
        #expect(error.line == 6)
        #expect(error.keyPath == "calendar.years[0].daysOff[1]")
        #expect(
            error.description
                == "calendar-2027.yaml:6: calendar.years[0].daysOff[1]: calendar year 2027: 2027-02-30 is not a date (day 30 does not exist in 2027-02, which has 28 days)")
    }

    @Test("the calendar.yaml rules hold: a weekday make-up day, a day of another year, a key that is not loaded live")
    func sameRules() throws {
        let weekday = try #require(throws: ConfigError.self) {
            try ConfigReader.calendarYears(yaml: Self.good.replacingOccurrences(of: "- 2027-02-20", with: "- 2027-02-19"), file: Self.file)
        }
        #expect(weekday.code == .invalidCalendar)
        #expect(weekday.line == 9)
        #expect(weekday.message == "calendar year 2027: make-up working day 2027-02-19 is a Friday; make-up working days are Saturdays or Sundays")

        let otherYear = try #require(throws: ConfigError.self) {
            try ConfigReader.calendarYears(yaml: Self.good.replacingOccurrences(of: "- 2027-01-08", with: "- 2026-01-08"), file: Self.file)
        }
        #expect(otherYear.message == "calendar year 2027: 2026-01-08 is in another year")

        let zone = try #require(throws: ConfigError.self) {
            try ConfigReader.calendarYears(yaml: Self.good.replacingOccurrences(of: "  years:", with: "  timeZone: Asia/Shanghai\n  years:"), file: Self.file)
        }
        #expect(zone.code == .unknownKey)
        #expect(zone.keyPath == "calendar.timeZone")
    }
}
