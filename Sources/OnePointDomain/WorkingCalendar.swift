import Foundation

/// Which days are working days, year by year, in one time zone.
///
/// Built from per-year facts (``CalendarYear``) supplied by configuration. Asking about a day in
/// a year that was not loaded throws ``DomainError/Code/calendarYearNotLoaded`` naming the year:
/// the calendar never guesses "weekdays only".
public struct WorkingCalendar: Sendable, Equatable {
    /// The zone whose wall clock defines days and working hours (Asia/Shanghai by default in
    /// configuration).
    public let timeZone: TimeZone
    private let years: [Int: CalendarYear]
    private let gregorian: Calendar

    /// Makes a calendar from loaded years.
    ///
    /// - Parameters:
    ///   - years: one entry per year; order does not matter.
    ///   - timeZone: the zone of the wall clock, e.g. `TimeZone(identifier: "Asia/Shanghai")`.
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when a year is
    ///   given twice.
    public init(years: [CalendarYear], timeZone: TimeZone) throws(DomainError) {
        var byYear: [Int: CalendarYear] = [:]
        for entry in years {
            guard byYear[entry.year] == nil else {
                throw DomainError(.invalidValue, "calendar year \(entry.year) is given more than once")
            }
            byYear[entry.year] = entry
        }
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = timeZone
        self.timeZone = timeZone
        self.years = byYear
        self.gregorian = gregorian
    }

    /// The loaded years, ascending.
    public var loadedYears: [Int] { years.keys.sorted() }

    /// Whether `day` is a working day.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/calendarYearNotLoaded`` naming the
    ///   year when `day`'s year is not loaded.
    public func isWorkingDay(_ day: CivilDate) throws(DomainError) -> Bool {
        guard let year = years[day.year] else {
            let loaded = loadedYears.map(String.init).joined(separator: ", ")
            throw DomainError(
                .calendarYearNotLoaded,
                "no working calendar loaded for year \(day.year) (needed for \(day)); loaded years: "
                    + (loaded.isEmpty ? "none" : loaded) + "; add the year's holidays to the calendar configuration")
        }
        return year.isWorkingDay(day)
    }

    /// The civil day on this calendar's wall clock at `instant`.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when the instant is
    ///   outside years 1…9999.
    public func civilDate(of instant: Date) throws(DomainError) -> CivilDate {
        try localTime(of: EpochSeconds.of(instant, "instant")).day
    }

    // MARK: - Internal wall-clock conversions (whole seconds since 1970)

    /// The wall-clock day and second of that day at epoch second `seconds`.
    func localTime(of seconds: Int) throws(DomainError) -> (day: CivilDate, secondOfDay: Int) {
        let date = EpochSeconds.date(seconds)
        let parts = gregorian.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        guard let year = parts.year, let month = parts.month, let dayOfMonth = parts.day else {
            throw DomainError(.invalidValue, "instant \(date) cannot be placed on the calendar of zone \(timeZone.identifier)")
        }
        let day = try CivilDate(year: year, month: month, day: dayOfMonth)
        let second = (parts.hour ?? 0) * 3600 + (parts.minute ?? 0) * 60 + (parts.second ?? 0)
        return (day, second)
    }

    /// The epoch second at which the wall clock shows `minuteOfDay` (0…1440) on `day`.
    func epochSeconds(of day: CivilDate, minuteOfDay: Int) throws(DomainError) -> Int {
        if minuteOfDay >= 1440 {
            return try epochSeconds(of: day.adding(days: 1), minuteOfDay: minuteOfDay - 1440)
        }
        let parts = DateComponents(
            year: day.year, month: day.month, day: day.day, hour: minuteOfDay / 60, minute: minuteOfDay % 60)
        guard let date = gregorian.date(from: parts) else {
            throw DomainError(
                .invalidValue,
                "\(day) \(WorkingHours.clockText(minuteOfDay)) cannot be placed on the calendar of zone \(timeZone.identifier)")
        }
        return try EpochSeconds.of(date, "wall-clock time")
    }
}
