import Foundation

/// Working-time arithmetic (DOMAIN.md §9): deadlines, elapsed and remaining time, and instants
/// at a fraction of a limit, with pauses.
///
/// Working time runs only inside ``WorkingHours`` periods on working days of the
/// ``WorkingCalendar``. A clock started outside working hours starts at the next working
/// minute; a deadline is the instant the limit's last working second ends, so a limit used up
/// exactly at 12:00 or 18:00 is due at that instant. Pauses remove the working time inside
/// them, moving the deadline out by that much working time.
///
/// Limits in minutes (``Limit/minutes(_:)``) run on the plain 24×7 clock instead
/// (``PlainClock``); the `Limit`-taking functions here pick the right clock.
///
/// Arithmetic is in whole seconds: instants are taken to the whole second, fractions dropped.
/// The walk steps period by period and day by day, and jumps over whole pauses.
public struct WorkingClock: Sendable, Equatable {
    /// Which days are working days.
    public let calendar: WorkingCalendar
    /// The working periods of a working day.
    public let hours: WorkingHours

    /// Makes a clock from a calendar and a daily schedule.
    public init(calendar: WorkingCalendar, hours: WorkingHours) {
        self.calendar = calendar
        self.hours = hours
    }

    /// Length of `limit` in seconds of its own clock: working seconds for working-day limits
    /// (half a day is half of ``WorkingHours/minutesPerDay``), plain seconds for minute limits.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when the limit is
    ///   negative or absurdly large.
    public func seconds(in limit: Limit) throws(DomainError) -> Int {
        switch limit {
        case .workingHalfDays(let halfDays):
            guard halfDays >= 0 else {
                throw DomainError(.invalidValue, "limit of \(halfDays) half working days is negative")
            }
            return try EpochSeconds.product(halfDays, hours.minutesPerDay * 30, "limit \(limit)")
        case .minutes(let minutes):
            guard minutes >= 0 else {
                throw DomainError(.invalidValue, "limit of \(minutes) minutes is negative")
            }
            return try EpochSeconds.product(minutes, 60, "limit \(limit)")
        }
    }

    /// The instant at which `limit`, started at `start`, runs out, not counting `pauses`.
    ///
    /// A walk through a year with no calendar counts on the provisional rule; ask
    /// ``provisionalYears(from:to:)`` whether the deadline is provisional.
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` for a negative
    ///   limit.
    public func deadline(for limit: Limit, start: Date, pauses: [Pause] = []) throws(DomainError) -> Date {
        try instant(atPercent: 100, of: limit, start: start, pauses: pauses)
    }

    /// The instant at which `percent` % of `limit` (started at `start`, not counting `pauses`)
    /// has run: 80 for the provisioning warning, 50/100/150/200 for the fault ladder.
    ///
    /// The share is computed in whole seconds, rounded **up** (`ceil(seconds × percent / 100)`),
    /// so a warning or escalation is never due before its exact fraction.
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` for a negative
    ///   percent or limit.
    public func instant(atPercent percent: Int, of limit: Limit, start: Date, pauses: [Pause] = []) throws(DomainError) -> Date {
        guard percent >= 0 else {
            throw DomainError(.invalidValue, "percent \(percent) of limit \(limit) is negative")
        }
        let share = try EpochSeconds.product(seconds(in: limit), percent, "\(percent) % of limit \(limit)")
        let amount = share / 100 + (share % 100 == 0 ? 0 : 1)
        if limit.isWorkingTime {
            return try deadline(start: start, addingWorkingSeconds: amount, pauses: pauses)
        }
        return try PlainClock.deadline(start: start, addingSeconds: amount, pauses: pauses)
    }

    /// Seconds of `limit`'s clock that ran from `start` to `end`, not counting `pauses`.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidInterval`` when `end` is
    ///   before `start`. Years with no calendar count on the provisional rule.
    public func elapsedSeconds(for limit: Limit, from start: Date, to end: Date, pauses: [Pause] = []) throws(DomainError) -> Int {
        limit.isWorkingTime
            ? try workingSeconds(from: start, to: end, pauses: pauses)
            : try PlainClock.elapsedSeconds(from: start, to: end, pauses: pauses)
    }

    /// Seconds of `limit` left at `now` (negative once overdue): the limit's length minus
    /// ``elapsedSeconds(for:from:to:pauses:)``.
    public func remainingSeconds(for limit: Limit, start: Date, at now: Date, pauses: [Pause] = []) throws(DomainError) -> Int {
        try seconds(in: limit) - elapsedSeconds(for: limit, from: start, to: now, pauses: pauses)
    }

    /// The instant at which `workingSeconds` of working time, counted from `start` and not
    /// counting `pauses`, are used up. Zero gives `start`.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when the amount is
    ///   negative. Years with no calendar count on the provisional rule.
    public func deadline(start: Date, addingWorkingSeconds workingSeconds: Int, pauses: [Pause] = []) throws(DomainError) -> Date {
        guard (0...EpochSeconds.maximumAmount).contains(workingSeconds) else {
            throw DomainError(.invalidValue, "working time of \(workingSeconds) seconds is negative or out of range")
        }
        let from = try EpochSeconds.of(start, "start")
        let timeline = try PauseTimeline(pauses)
        let result = try ClockWalk.advance(from: from, by: workingSeconds, pauses: timeline) { t throws(DomainError) in
            try nextWorkingSpan(endingAfter: t, lastDay: nil)
        }
        return EpochSeconds.date(result)
    }

    /// Working seconds in `[start, end)` not covered by `pauses`.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidInterval`` when `end` is
    ///   before `start`. Years with no calendar count on the provisional rule.
    public func workingSeconds(from start: Date, to end: Date, pauses: [Pause] = []) throws(DomainError) -> Int {
        let from = try EpochSeconds.of(start, "start")
        let to = try EpochSeconds.of(end, "end")
        guard to >= from else {
            throw DomainError(.invalidInterval, "working time asked from \(start) to \(end), which is before it")
        }
        let timeline = try PauseTimeline(pauses)
        let lastDay = try calendar.localTime(of: to).day
        return try ClockWalk.measure(from: from, to: to, pauses: timeline) { t throws(DomainError) in
            try nextWorkingSpan(endingAfter: t, lastDay: lastDay)
        }
    }

    /// The years whose calendar is not loaded among the days from `start` to `end` (either
    /// order): when a deadline, elapsed or remaining time was counted over them it is
    /// **provisional** (DOMAIN.md §9). Ascending; empty when every year is loaded.
    ///
    /// A deadline is provisional exactly when `provisionalYears(from: start, to: deadline)` is
    /// not empty.
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when an instant
    ///   cannot be placed on the calendar.
    public func provisionalYears(from start: Date, to end: Date) throws(DomainError) -> [Int] {
        calendar.provisionalYears(from: try calendar.civilDate(of: start), through: try calendar.civilDate(of: end))
    }

    /// The first working period (as epoch seconds) that ends after `t`, looking no further
    /// than `lastDay` when given.
    private func nextWorkingSpan(endingAfter t: Int, lastDay: CivilDate?) throws(DomainError) -> (start: Int, end: Int)? {
        var day = try calendar.localTime(of: t).day
        while true {
            if let lastDay, day > lastDay { return nil }
            if try calendar.isWorkingDay(day) {
                for period in hours.periods {
                    let end = try calendar.epochSeconds(of: day, minuteOfDay: period.endMinute)
                    guard end > t else { continue }
                    let start = try calendar.epochSeconds(of: day, minuteOfDay: period.startMinute)
                    if start < end { return (start, end) }
                }
            }
            day = day.adding(days: 1)
        }
    }
}
