import OnePointDomain

/// What `calendar.yaml` holds: the working calendar (days off and make-up working days, year by
/// year, in one time zone) and the daily working hours.
public struct CalendarConfiguration: Sendable, Equatable {
    /// Which days are working days.
    public let calendar: WorkingCalendar
    /// The working periods of a working day.
    public let hours: WorkingHours

    /// Pairs a calendar with working hours.
    public init(calendar: WorkingCalendar, hours: WorkingHours) {
        self.calendar = calendar
        self.hours = hours
    }

    /// The working clock of this calendar and these hours.
    public var clock: WorkingClock { WorkingClock(calendar: calendar, hours: hours) }
}
