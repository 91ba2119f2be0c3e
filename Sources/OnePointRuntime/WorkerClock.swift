import Foundation
import Synchronization

/// How a worker tells time. Deadlines and timers use the worker's clock, never `Date()` directly,
/// so tests can drive time and demos can run it fast.
public protocol WorkerClock: Sendable {
    /// The current instant on this clock.
    func now() -> Date
    /// How long to wait in real time until `instant` on this clock; `nil` when the clock does not
    /// advance by itself (a simulated clock), so the caller should look again soon.
    func realDelay(until instant: Date) -> Duration?
}

/// The machine's clock.
public struct SystemWorkerClock: WorkerClock {
    public init() {}
    public func now() -> Date { Date() }
    public func realDelay(until instant: Date) -> Duration? {
        .milliseconds(max(0, Int64(instant.timeIntervalSinceNow * 1000)))
    }
}

/// A clock that shows `start` at the real instant `origin` and runs `factor` times faster than
/// real time: with 3600 an 8-hour restoration limit passes in 8 seconds. Processes given the
/// same start, factor and origin read the same time.
public struct AcceleratedWorkerClock: WorkerClock {
    public let start: Date
    public let factor: Double
    private let origin: ContinuousClock.Instant

    /// - Parameter origin: The real instant the clock shows `start`; `nil` (or a future instant): now.
    public init(start: Date, factor: Double, origin: Date? = nil) {
        self.start = start
        self.factor = max(factor, 0.001)
        // Measure from a monotonic instant: the real time already passed since `origin`.
        let passed = max(0, origin.map { Date().timeIntervalSince($0) } ?? 0)
        self.origin = .now - .milliseconds(Int64((passed * 1000).rounded()))
    }

    public func now() -> Date {
        let elapsed = ContinuousClock.now - origin
        let (seconds, attoseconds) = elapsed.components
        return start.addingTimeInterval((Double(seconds) + Double(attoseconds) / 1e18) * factor)
    }

    public func realDelay(until instant: Date) -> Duration? {
        let clockSeconds = max(0, instant.timeIntervalSince(now()))
        return .milliseconds(Int64((clockSeconds / factor * 1000).rounded(.up)))
    }
}

/// A clock that moves only when told (tests). Timers fire in order as it advances.
public final class SimulatedWorkerClock: WorkerClock {
    private let instant: Mutex<Date>

    public init(start: Date) {
        instant = Mutex(start)
    }

    public func now() -> Date { instant.withLock { $0 } }

    public func realDelay(until instant: Date) -> Duration? { nil }

    /// Moves the clock to `target` (never backwards).
    public func advance(to target: Date) {
        instant.withLock { $0 = max($0, target) }
    }

    /// Moves the clock forward by `interval` seconds.
    public func advance(by interval: TimeInterval) {
        instant.withLock { $0 = $0.addingTimeInterval(max(0, interval)) }
    }
}
