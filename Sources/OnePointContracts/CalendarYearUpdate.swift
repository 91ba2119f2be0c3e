import OnePointDomain

/// One year's working calendar (the State Council public-holiday notice): event
/// ``EventType/calendarYearUpdate`` on the compacted `calendar` topic, keyed by the year
/// (`2027`); the latest record of a year is that year's calendar.
///
/// Published by `onepoint calendar load FILE` after the strict calendar loader has checked the
/// file (the same checks and messages as `calendar.yaml`). Every worker that counts working days
/// applies it as an input: a loaded year wins over `config/calendar.yaml`, and a later record of
/// the same year (an amended notice) replaces it. Workers check the facts again on apply
/// (``calendarYear()``); a record that breaks them is dead-lettered, never applied.
public struct CalendarYearUpdate: EventPayload {
    /// The year these facts cover.
    public var year: Int
    /// Public-holiday days off, every one in ``year``, ascending.
    public var daysOff: [CivilDate]
    /// Saturdays and Sundays that are working days (调休上班), every one in ``year``, ascending.
    public var makeUpWorkingDays: [CivilDate]
    /// The file the calendar was loaded from, as given to the CLI (for people reading the topic).
    public var source: String?

    /// A year's calendar; lists are written ascending.
    public init(year: Int, daysOff: [CivilDate], makeUpWorkingDays: [CivilDate], source: String? = nil) {
        self.year = year
        self.daysOff = daysOff.sorted()
        self.makeUpWorkingDays = makeUpWorkingDays.sorted()
        self.source = source
    }

    /// The record of a checked ``CalendarYear``.
    public init(_ calendarYear: CalendarYear, source: String? = nil) {
        self.init(
            year: calendarYear.year, daysOff: Array(calendarYear.daysOff), makeUpWorkingDays: Array(calendarYear.makeUpWorkingDays),
            source: source)
    }

    /// The year's facts, checked.
    ///
    /// - Throws: ``DomainError`` (``DomainError/Code/invalidValue``) naming the day when a day is
    ///   outside ``year``, both off and a make-up working day, or a make-up working day that is
    ///   not a Saturday or Sunday.
    public func calendarYear() throws(DomainError) -> CalendarYear {
        guard (1...9999).contains(year) else {
            throw DomainError(.invalidValue, "calendar year \(year) is not a year from 1 to 9999")
        }
        return try CalendarYear(year: year, daysOff: daysOff, makeUpWorkingDays: makeUpWorkingDays)
    }

    /// The year, e.g. `2027`.
    public var kafkaKey: String { String(year) }
}
