import Foundation

/// Cutover notice lead time (DOMAIN.md §6.2).
///
/// A notice is in time when at least N whole working days lie strictly between the day it is
/// sent and the day the window starts, neither day counted.
extension WorkingCalendar {
    /// The last day a notice may be sent for a window starting at `windowStart` with a lead of
    /// `leadWorkingDays` working days: the day before the N-th working day counted back from the
    /// window's day (which may be a weekend or holiday). With a lead of 0 it is the window's day.
    ///
    /// Example (2026 calendar, lead 5): window Wednesday 2026-11-25 01:00 → Tuesday 2026-11-17;
    /// window Saturday 2026-11-28 00:30 → Sunday 2026-11-22.
    ///
    /// Counting through a year with no calendar uses the provisional rule: the answer is
    /// provisional when ``provisionalYears(from:through:)`` from the result to the window's day
    /// is not empty.
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` for a negative lead.
    public func latestNoticeDate(forWindowStartingAt windowStart: Date, leadWorkingDays: Int) throws(DomainError) -> CivilDate {
        guard leadWorkingDays >= 0 else {
            throw DomainError(.invalidValue, "notice lead of \(leadWorkingDays) working days is negative")
        }
        let windowDay = try civilDate(of: windowStart)
        var day = windowDay
        var counted = 0
        while counted < leadWorkingDays {
            day = day.adding(days: -1)
            if try isWorkingDay(day) { counted += 1 }
        }
        return counted == 0 ? windowDay : day.adding(days: -1)
    }

    /// Whether a notice sent at `sentAt` is in time for a window starting at `windowStart`
    /// with a lead of `leadWorkingDays` working days. A notice sent at or after the window's
    /// start is never in time.
    public func isNoticeInTime(sentAt: Date, windowStart: Date, leadWorkingDays: Int) throws(DomainError) -> Bool {
        guard sentAt < windowStart else { return false }
        let latest = try latestNoticeDate(forWindowStartingAt: windowStart, leadWorkingDays: leadWorkingDays)
        return try civilDate(of: sentAt) <= latest
    }
}

extension WorkingCalendar {
    /// The first day a window may start on for a notice sent on `sentDay` with a lead of
    /// `leadWorkingDays` working days to be in time: the day after the N-th working day after
    /// `sentDay` (the inverse of ``latestNoticeDate(forWindowStartingAt:leadWorkingDays:)``).
    /// With a lead of 0 it is `sentDay` itself.
    ///
    /// Example (2026 calendar, lead 5): a notice sent Monday 2026-11-23 is in time for a window
    /// starting on or after Tuesday 2026-12-01 (Tue 24 … Mon 30 hold the five working days).
    ///
    /// Counting through a year with no calendar uses the provisional rule (see
    /// ``provisionalYears(from:through:)``).
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` for a negative lead.
    public func earliestWindowDay(forNoticeSentOn sentDay: CivilDate, leadWorkingDays: Int) throws(DomainError) -> CivilDate {
        guard leadWorkingDays >= 0 else {
            throw DomainError(.invalidValue, "notice lead of \(leadWorkingDays) working days is negative")
        }
        var day = sentDay
        var counted = 0
        while counted < leadWorkingDays {
            day = day.adding(days: 1)
            if try isWorkingDay(day) { counted += 1 }
        }
        return counted == 0 ? sentDay : day.adding(days: 1)
    }

    /// The instant `day` begins (00:00 on this calendar's wall clock).
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when the day cannot
    ///   be placed in the calendar's zone.
    public func startOfDay(_ day: CivilDate) throws(DomainError) -> Date {
        EpochSeconds.date(try epochSeconds(of: day, minuteOfDay: 0))
    }
}
