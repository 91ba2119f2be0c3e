import Foundation

/// Plain 24×7 clock arithmetic with pauses, for limits in hours or minutes (restoration, data
/// configuration, progress feedback, escalation).
///
/// Deadline = start + limit + the paused time that falls before it; elapsed = wall time minus
/// paused time. Whole seconds: instants are taken to the whole second, fractions dropped.
public enum PlainClock {
    /// The instant at which `seconds` of clock time, counted from `start` and not counting
    /// `pauses`, are used up. Zero gives `start`.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` for a negative or
    ///   out-of-range amount.
    public static func deadline(start: Date, addingSeconds seconds: Int, pauses: [Pause] = []) throws(DomainError) -> Date {
        guard (0...EpochSeconds.maximumAmount).contains(seconds) else {
            throw DomainError(.invalidValue, "clock time of \(seconds) seconds is negative or out of range")
        }
        let from = try EpochSeconds.of(start, "start")
        let timeline = try PauseTimeline(pauses)
        let result = try ClockWalk.advance(from: from, by: seconds, pauses: timeline, segments: allTime)
        return EpochSeconds.date(result)
    }

    /// Seconds in `[start, end)` not covered by `pauses`.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidInterval`` when `end` is
    ///   before `start`.
    public static func elapsedSeconds(from start: Date, to end: Date, pauses: [Pause] = []) throws(DomainError) -> Int {
        let from = try EpochSeconds.of(start, "start")
        let to = try EpochSeconds.of(end, "end")
        guard to >= from else {
            throw DomainError(.invalidInterval, "elapsed time asked from \(start) to \(end), which is before it")
        }
        let timeline = try PauseTimeline(pauses)
        return try ClockWalk.measure(from: from, to: to, pauses: timeline, segments: allTime)
    }

    /// The plain clock runs always: one span from `t` to far beyond any instant.
    private static func allTime(_ t: Int) throws(DomainError) -> (start: Int, end: Int)? {
        (t, 4 * EpochSeconds.maximumInstant)
    }
}
