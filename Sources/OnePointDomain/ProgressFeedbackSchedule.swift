import Foundation

/// When progress feedback to the customer is due during a fault: `start + k × interval` for
/// k = 1, 2, … until service is restored. Plain clock; pauses do not delay feedback.
public struct ProgressFeedbackSchedule: Sendable, Hashable {
    /// Most instants ``instants(until:)`` returns; beyond that use ``next(after:)``.
    public static let maximumCount = 10_000

    /// When the restoration clock started (fault report or alarm).
    public let start: Date
    /// Minutes between feedbacks.
    public let intervalMinutes: Int

    /// Makes a schedule.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when the interval
    ///   is not positive.
    public init(start: Date, intervalMinutes: Int) throws(DomainError) {
        guard intervalMinutes > 0, intervalMinutes <= EpochSeconds.maximumAmount / 60 else {
            throw DomainError(.invalidValue, "feedback interval of \(intervalMinutes) minutes must be positive")
        }
        self.start = start
        self.intervalMinutes = intervalMinutes
    }

    /// Every feedback instant strictly before `end` (the restoration instant, or a horizon such
    /// as now), in order. A feedback falling exactly at restoration is not due.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when more than
    ///   ``maximumCount`` instants would be returned.
    public func instants(until end: Date) throws(DomainError) -> [Date] {
        let from = try EpochSeconds.of(start, "feedback start")
        let to = try EpochSeconds.of(end, "feedback horizon")
        let step = intervalMinutes * 60
        guard to > from else { return [] }
        let count = (to - from - 1) / step
        guard count <= Self.maximumCount else {
            throw DomainError(
                .invalidValue,
                "\(count) feedback instants from \(start) to \(end) exceed \(Self.maximumCount); use next(after:)")
        }
        return count == 0 ? [] : (1...count).map { EpochSeconds.date(from + $0 * step) }
    }

    /// The first feedback instant strictly after `instant` (the first one, start + interval,
    /// when `instant` is before it).
    public func next(after instant: Date) throws(DomainError) -> Date {
        let from = try EpochSeconds.of(start, "feedback start")
        let now = try EpochSeconds.of(instant, "instant")
        let step = intervalMinutes * 60
        let k = now < from ? 1 : (now - from) / step + 1
        return EpochSeconds.date(from + k * step)
    }
}
