import Synchronization
import UnixSignals

/// SIGINT and SIGTERM for `onepoint dev`, trapped from its first instruction so that a stop at any
/// moment (starting, ready or stopping) goes through the same clean path: the first signal asks
/// for a stop; every later one runs `onRepeat` (kill the workers at once).
final class DevStopSignals: Sendable {
    private struct State {
        var received: UnixSignal?
        var waiters: [CheckedContinuation<UnixSignal, Never>] = []
        var onRepeat: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    private init() {}

    /// Installs the handlers (the default action, ending the process, no longer applies) and
    /// starts listening. Returns once the handlers are in place.
    static func trap() async -> DevStopSignals {
        let signals = DevStopSignals()
        let sequence = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        Task {
            for await signal in sequence { signals.receive(signal) }
        }
        return signals
    }

    /// The first signal received, if any.
    var received: UnixSignal? { state.withLock { $0.received } }

    /// Sets what a signal after the first does.
    func onRepeat(_ action: @escaping @Sendable () -> Void) {
        state.withLock { $0.onRepeat = action }
    }

    /// Waits for the first signal (returns at once when it has already come).
    func wait() async -> UnixSignal {
        await withCheckedContinuation { continuation in
            let now: UnixSignal? = state.withLock { state in
                if let received = state.received { return received }
                state.waiters.append(continuation)
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
    }

    private func receive(_ signal: UnixSignal) {
        let (waiters, repeatAction): ([CheckedContinuation<UnixSignal, Never>], (@Sendable () -> Void)?) = state.withLock { state in
            if state.received == nil {
                state.received = signal
                defer { state.waiters = [] }
                return (state.waiters, nil)
            }
            return ([], state.onRepeat)
        }
        if let repeatAction {
            say("\n\(signal) again: killing the workers now")
            repeatAction()
        } else {
            say("\n\(signal): stopping…")
        }
        for waiter in waiters { waiter.resume(returning: signal) }
    }
}
