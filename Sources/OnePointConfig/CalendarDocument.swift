import Foundation
import OnePointDomain

/// The model of `calendar.yaml`:
///
/// ```yaml
/// calendar:
///   timeZone: Asia/Shanghai
///   workingHours:
///     - { start: "09:00", end: "12:00" }
///   years:
///     - year: 2026
///       daysOff: [2026-01-01..2026-01-03, 2026-04-06]
///       makeUpWorkingDays: [2026-01-04]
/// ```
struct CalendarDocument: StrictlyKeyed, Sendable {
    struct Body: StrictlyKeyed, Sendable {
        var path = ConfigKeyPath()
        let timeZone: ConfigScalar
        let workingHours: [Period]
        let years: [Year]

        enum CodingKeys: String, CodingKey, CaseIterable { case timeZone, workingHours, years }
    }

    struct Period: StrictlyKeyed, Sendable {
        var path = ConfigKeyPath()
        let start: ConfigScalar
        let end: ConfigScalar

        enum CodingKeys: String, CodingKey, CaseIterable { case start, end }
    }

    struct Year: StrictlyKeyed, Sendable {
        var path = ConfigKeyPath()
        let year: ConfigScalar
        let daysOff: [ConfigScalar]
        let makeUpWorkingDays: [ConfigScalar]?

        enum CodingKeys: String, CodingKey, CaseIterable { case year, daysOff, makeUpWorkingDays }
    }

    let calendar: Body

    enum CodingKeys: String, CodingKey, CaseIterable { case calendar }

    // MARK: - Checking

    func configuration() throws(ConfigIssue) -> CalendarConfiguration {
        let zoneName = try calendar.timeZone.nonEmptyText("a time zone such as Asia/Shanghai")
        guard let zone = TimeZone(identifier: zoneName) else {
            throw ConfigIssue(.unknownName, at: calendar.timeZone.path, "unknown time zone '\(zoneName)'; expected a name such as Asia/Shanghai")
        }
        let hours = try workingHours()
        let years = try Self.calendarYears(calendar.years, noneListed: "no calendar year is listed; list at least the current year")
        let calendar = try ConfigIssue.checking(ConfigKeyPath([.key("calendar"), .key("years")]), as: .invalidCalendar) {
            () throws(DomainError) in try WorkingCalendar(years: years, timeZone: zone)
        }
        return CalendarConfiguration(calendar: calendar, hours: hours)
    }

    private func workingHours() throws(ConfigIssue) -> WorkingHours {
        var periods: [WorkingHours.Period] = []
        for period in calendar.workingHours {
            let start = try period.start.nonEmptyText("a clock time HH:MM")
            let end = try period.end.nonEmptyText("a clock time HH:MM")
            let value = try ConfigIssue.checking(period.path) { () throws(DomainError) in
                try WorkingHours.Period(start: start, end: end)
            }
            if let previous = periods.last, value.startMinute < previous.endMinute {
                throw ConfigIssue(
                    .invalidValue, at: period.path,
                    "working period \(value) starts before the previous period \(previous) ends; list periods in order without overlap")
            }
            periods.append(value)
        }
        return try ConfigIssue.checking(calendar.path.appending("workingHours")) { () throws(DomainError) in
            try WorkingHours(periods: periods)
        }
    }

    /// The years of a `calendar.years` list, each checked, none listed twice.
    /// - Throws: ``ConfigIssue`` naming the entry, or `noneListed` for an empty list.
    static func calendarYears(_ entries: [Year], noneListed: String) throws(ConfigIssue) -> [CalendarYear] {
        var years: [CalendarYear] = []
        var seen: Set<Int> = []
        for entry in entries {
            let year = try entry.year.wholeNumber("the year", in: 1...9999)
            guard seen.insert(year).inserted else {
                throw ConfigIssue(.invalidCalendar, at: entry.year.path, "calendar year \(year) is listed more than once")
            }
            years.append(try calendarYear(year, entry))
        }
        guard !years.isEmpty else {
            throw ConfigIssue(.missingKey, at: ConfigKeyPath([.key("calendar"), .key("years")]), noneListed)
        }
        return years
    }

    static func calendarYear(_ year: Int, _ entry: Year) throws(ConfigIssue) -> CalendarYear {
        var off: [CivilDate] = []
        for item in entry.daysOff {
            off += try days(item, year: year)
        }
        var makeUp: [CivilDate] = []
        let offSet = Set(off)
        for item in entry.makeUpWorkingDays ?? [] {
            for day in try days(item, year: year) {
                guard day.isWeekend else {
                    throw ConfigIssue(
                        .invalidCalendar, at: item.path,
                        "calendar year \(year): make-up working day \(day) is a \(weekdayName(day)); make-up working days are Saturdays or Sundays")
                }
                guard !offSet.contains(day) else {
                    throw ConfigIssue(
                        .invalidCalendar, at: item.path, "calendar year \(year): \(day) is listed both as a day off and as a make-up working day")
                }
                makeUp.append(day)
            }
        }
        return try ConfigIssue.checking(entry.path, as: .invalidCalendar) { () throws(DomainError) in
            try CalendarYear(year: year, daysOff: off, makeUpWorkingDays: makeUp)
        }
    }

    /// One entry of a day list: `2026-10-01` or the run `2026-10-01..2026-10-07`, every day in `year`.
    static func days(_ item: ConfigScalar, year: Int) throws(ConfigIssue) -> [CivilDate] {
        let text = item.text.trimmingCharacters(in: .whitespaces)
        let ends = text.components(separatedBy: "..")
        guard ends.count <= 2 else {
            throw ConfigIssue(.invalidDate, at: item.path, "calendar year \(year): '\(text)' is neither a date YYYY-MM-DD nor a run FIRST..LAST")
        }
        let first = try day(ends[0], item, year: year)
        guard ends.count == 2 else { return [first] }
        let last = try day(ends[1], item, year: year)
        guard first <= last else {
            throw ConfigIssue(.invalidDate, at: item.path, "calendar year \(year): the run \(first)..\(last) ends before it starts")
        }
        return try ConfigIssue.checking(item.path, as: .invalidDate) { () throws(DomainError) in
            try CivilDate.days(from: first, through: last)
        }
    }

    private static func day(_ raw: String, _ item: ConfigScalar, year: Int) throws(ConfigIssue) -> CivilDate {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else {
            throw ConfigIssue(.invalidDate, at: item.path, "calendar year \(year): '\(text)' is not a date in the form YYYY-MM-DD")
        }
        let date: CivilDate
        do {
            date = try CivilDate(year: y, month: m, day: d)
        } catch {
            throw ConfigIssue(.invalidDate, at: item.path, "calendar year \(year): \(text) is not a date (\(error.message))")
        }
        guard date.year == year else {
            throw ConfigIssue(.invalidDate, at: item.path, "calendar year \(year): \(text) is in another year")
        }
        return date
    }

    private static func weekdayName(_ day: CivilDate) -> String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][(day.weekday - 1) % 7]
    }
}
