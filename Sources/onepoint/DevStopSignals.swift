import Dispatch
import Synchronization
import UnixSignals

#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM for `onepoint dev`, trapped from its first instruction so that a stop at any
/// moment (starting, ready or stopping) is handled: the first signal asks for a stop; every later
/// one runs `onRepeat` (kill the workers at once).
///
/// Until ``willStartProcesses()``, nothing outside this process exists yet (the embedded cluster
/// lives inside it, and creating it is one long blocking call): a signal then ends the process at
/// once, with 128 + the signal, rather than after the cluster is complete.
final class DevStopSignals: Sendable {
    private struct State {
        var received: UnixSignal?
        var waiters: [CheckedContinuation<UnixSignal, Never>] = []
        var onRepeat: (@Sendable () -> Void)?
        var nothingStarted = true
    }

    private let state = Mutex(State())
    private static let queue = DispatchQueue(label: "onepoint.dev.signals")

    private init() {}

    /// Installs the handlers (the default action, ending the process, no longer applies) and
    /// starts listening. Returns once the handlers are in place.
    ///
    /// Signals are handled on a dispatch queue of their own, not on the concurrency pool, which
    /// dev's blocking calls (creating the cluster, waiting for an exit) may hold.
    static func trap() async -> DevStopSignals {
        let signals = DevStopSignals()
        for signal in [UnixSignal.sigint, .sigterm] {
            let source = DispatchSource.makeSignalSource(signal: signal.rawValue, queue: queue)
            source.setEventHandler { signals.receive(signal) }
            await withCheckedContinuation { (registered: CheckedContinuation<Void, Never>) in
                source.setRegistrationHandler { registered.resume() }
                source.resume()
            }
            let retained = Retained(source: source)
            signals.sources.withLock { $0.append(retained) }
        }
        return signals
    }

    /// A dispatch source kept alive for the process's life; only held, never touched again once
    /// resumed, so sharing it across threads is safe.
    private struct Retained: @unchecked Sendable {
        let source: any DispatchSourceSignal
    }

    private let sources = Mutex<[Retained]>([])

    /// The first signal received, if any.
    var received: UnixSignal? { state.withLock { $0.received } }

    /// Ends the period in which a signal ends the process at once; from now on a signal asks
    /// for a clean stop. Returns the signal that already came, if any: then start nothing.
    func willStartProcesses() -> UnixSignal? {
        state.withLock { state in
            state.nothingStarted = false
            return state.received
        }
    }

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
        let (waiters, repeatAction, exitNow): ([CheckedContinuation<UnixSignal, Never>], (@Sendable () -> Void)?, Bool) = state.withLock { state in
            if state.received == nil {
                state.received = signal
                defer { state.waiters = [] }
                return (state.waiters, nil, state.nothingStarted)
            }
            return ([], state.onRepeat, false)
        }
        if exitNow {
            // Recorded while nothing was started, so willStartProcesses() returns this signal:
            // no process has been started and none will be.
            say("\n\(signal): stopped before anything was started")
            _exit(128 + signal.rawValue)
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
