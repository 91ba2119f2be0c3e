import Foundation

/// Which days are working days, year by year, in one time zone.
///
/// Built from per-year facts (``CalendarYear``) supplied by configuration. A day in a year that
/// was not loaded (its holiday notice is not out yet) is answered with the **provisional** rule
/// (DOMAIN.md §9, ``CalendarYear/isProvisionalWorkingDay(_:)``): Monday to Friday except the
/// fixed-date statutory holidays (Jan 1; May 1–2; Oct 1–3). Never silently: every answer that
/// used such a year says so, through ``provisionalYears(from:through:)`` (and
/// ``WorkingClock/provisionalYears(from:to:)``), and callers mark their deadlines provisional.
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

    /// Whether `year`'s calendar (its holiday notice) is loaded.
    public func isLoaded(year: Int) -> Bool { years[year] != nil }

    /// The loaded facts of `year`, or `nil` when the year is not loaded.
    public func calendarYear(_ year: Int) -> CalendarYear? { years[year] }

    /// Whether `day` is a working day: from its year's loaded facts, or by the provisional rule
    /// (``CalendarYear/isProvisionalWorkingDay(_:)``) when its year is not loaded.
    ///
    /// Callers whose answer spans days find out whether it is provisional with
    /// ``provisionalYears(from:through:)``.
    /// - Throws: never for a day of an unloaded year (it is answered provisionally); the typed
    ///   throw is kept so the calendar may refuse days it cannot place.
    public func isWorkingDay(_ day: CivilDate) throws(DomainError) -> Bool {
        guard let year = years[day.year] else { return CalendarYear.isProvisionalWorkingDay(day) }
        return year.isWorkingDay(day)
    }

    /// The years from `first`'s through `last`'s (either order) whose calendar is not loaded, so
    /// that an answer counted over those days is **provisional**; ascending, empty when every
    /// year is loaded.
    ///
    /// Example (2025 and 2026 loaded): 2026-12-20 through 2027-01-06 → `[2027]`.
    public func provisionalYears(from first: CivilDate, through last: CivilDate) -> [Int] {
        let low = min(first.year, last.year)
        let high = max(first.year, last.year)
        return (low...high).filter { years[$0] == nil }
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
