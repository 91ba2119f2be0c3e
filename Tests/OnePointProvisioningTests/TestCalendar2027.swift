import OnePointConfig
import OnePointContracts
import OnePointDomain

/// A 2027 calendar **made up for the tests**: it is not the State Council's 2027 notice (not
/// published when this was written; DOMAIN.md §9, issue 19: the real notice goes into `config/`
/// only as published). It is read by the same strict loader as `onepoint calendar load`.
///
/// Against the provisional rule (Monday to Friday except Jan 1, May 1–2, Oct 1–3) it has one
/// extra day off the tests rely on: **Friday 2027-01-08**. ``corrected`` is the same notice
/// amended: 2027-01-08 is a working day again.
enum TestCalendar2027 {
    static let file = "Tests/OnePointProvisioningTests/TestCalendar2027.swift (made-up 2027)"

    static let yaml = """
        # MADE UP FOR TESTS. Not the real 2027 public-holiday notice.
        calendar:
          years:
            - year: 2027
              daysOff:
                - 2027-01-01..2027-01-03
                - 2027-01-08                 # made up: the extra holiday the tests move deadlines by
                - 2027-02-06..2027-02-13
                - 2027-05-01..2027-05-05
                - 2027-10-01..2027-10-07
              makeUpWorkingDays:
                - 2027-02-20                 # a Saturday
        """

    /// The amended notice: the extra day off (2027-01-08) is withdrawn.
    static let correctedYAML = yaml.replacingOccurrences(
        of: "        - 2027-01-08                 # made up: the extra holiday the tests move deadlines by\n", with: "")

    static func year(_ text: String) throws -> CalendarYear {
        let years = try ConfigReader.calendarYears(yaml: text, file: file)
        guard years.count == 1 else { throw TestCalendarError() }
        return years[0]
    }

    /// The record `onepoint calendar load` publishes for the test calendar.
    static func update() throws -> CalendarYearUpdate { CalendarYearUpdate(try year(yaml), source: file) }

    /// The record of the amended notice.
    static func correction() throws -> CalendarYearUpdate { CalendarYearUpdate(try year(correctedYAML), source: file) }

    struct TestCalendarError: Error {}
}
