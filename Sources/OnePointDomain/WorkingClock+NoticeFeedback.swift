import Foundation

/// When a customer's answer to a cutover notice is due (DOMAIN.md §6.2).
extension WorkingClock {
    /// The end of the working day before the window's day: the close of the last working period
    /// (18:00 by default) on the last working day strictly before the day `windowStart` falls on.
    /// No answer by then counts as agreement, after a reminder.
    ///
    /// Example (2026 calendar, default hours): a window starting Monday 2026-11-30 01:00 →
    /// Friday 2026-11-27 18:00; one starting Thursday 2026-10-08 → Wednesday 2026-09-30 18:00
    /// (October 1–7 are holidays).
    /// A walk back through a year with no calendar uses the provisional rule (DOMAIN.md §9); the
    /// notice that carries the answer says it is provisional.
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when the day cannot
    ///   be placed in the calendar's zone.
    public func feedbackDue(forWindowStartingAt windowStart: Date) throws(DomainError) -> Date {
        var day = try calendar.civilDate(of: windowStart).adding(days: -1)
        // A year has far fewer than 60 consecutive days off; the bound keeps a bad calendar finite.
        for _ in 0..<60 {
            if try calendar.isWorkingDay(day) { break }
            day = day.adding(days: -1)
        }
        let close = hours.periods.last?.endMinute ?? 18 * 60
        return EpochSeconds.date(try calendar.epochSeconds(of: day, minuteOfDay: close))
    }
}
