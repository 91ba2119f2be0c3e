import Synchronization

/// A task's committed outputs handed to the producer behind its loop, one batch at a time and in
/// commit order, so the loop polls and applies the next batch while the last one is enqueued.
///
/// At most one submission runs behind the loop: ``start(_:)`` first waits for the one before it.
/// Everything that reads the outbox, waits for deliveries or submits by itself calls ``drain()``
/// first, so no output is handed over twice or out of order (`docs/architecture.md`, "The worker runtime").
final class SubmissionChain: Sendable {
    private struct State {
        var last: Task<Void, Never>?
        var running = 0
    }

    private let state = Mutex(State())

    /// Waits until the submission started last (if any) has handed its batch over.
    func drain() async {
        guard let last = state.withLock({ $0.last }) else { return }
        await last.value
        state.withLock { if $0.running == 0 { $0.last = nil } }
    }

    /// Waits for the submission before, then runs `submission` in the background.
    func start(_ submission: @escaping @Sendable () async -> Void) async {
        await drain()
        state.withLock { state in
            state.running += 1
            state.last = Task { [self] in
                await submission()
                self.state.withLock { $0.running -= 1 }
            }
        }
    }

    /// Whether no submission is under way.
    var isIdle: Bool { state.withLock { $0.running == 0 } }
}
