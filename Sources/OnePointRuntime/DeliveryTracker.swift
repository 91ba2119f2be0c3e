import OnePointKafka
import OnePointState
import Synchronization

/// Follows the outputs the runtime handed to the producer, in order, without holding up the loop:
/// delivered outbox rows are collected for the loop's next transaction to delete; a failed delivery
/// raises a flag so the loop republishes the outbox in order before it goes on.
final class DeliveryTracker: Sendable {
    private struct State {
        var delivered: [Int64] = []
        var inFlight = 0
        var failure: KafkaError?
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    private let shared = Shared()
    private let continuation: AsyncStream<(KafkaPendingDeliveries, [Int64])>.Continuation
    private let task: Task<Void, Never>

    /// - Parameter afterDelivery: called after each batch is delivered and before its rows are
    ///   handed back (the crash test's hook).
    init(afterDelivery: @escaping @Sendable () -> Void) {
        let (stream, continuation) = AsyncStream.makeStream(of: (KafkaPendingDeliveries, [Int64]).self)
        self.continuation = continuation
        let shared = self.shared
        task = Task {
            for await (pending, seqs) in stream {
                let results = await pending.results()
                // Rows delivered after one that failed (in this batch or an earlier one) are not
                // reported: they stay in the outbox and go again after the failed one, so the last
                // copy of every key downstream is the newest.
                var done: [Int64] = []
                var failure: KafkaError?
                for (seq, result) in zip(seqs, results) {
                    switch result {
                    case .success: if failure == nil { done.append(seq) }
                    case .failure(let error): if failure == nil { failure = error }
                    }
                }
                if !done.isEmpty { afterDelivery() }
                let waiters: [CheckedContinuation<Void, Never>] = shared.state.withLock { state in
                    if state.failure == nil { state.delivered += done }
                    if let failure, state.failure == nil { state.failure = failure }
                    state.inFlight -= 1
                    guard state.inFlight == 0 else { return [] }
                    defer { state.idleWaiters.removeAll() }
                    return state.idleWaiters
                }
                for waiter in waiters { waiter.resume() }
            }
        }
    }

    deinit {
        continuation.finish()
    }

    /// Follows a batch submitted to the producer; `seqs` are its outbox rows, in the same order.
    func track(_ pending: KafkaPendingDeliveries, seqs: [Int64]) {
        shared.state.withLock { $0.inFlight += 1 }
        continuation.yield((pending, seqs))
    }

    /// The outbox rows delivered since the last call.
    func takeDelivered() -> [Int64] {
        shared.state.withLock { state in
            defer { state.delivered.removeAll(keepingCapacity: true) }
            return state.delivered
        }
    }

    /// Returns rows taken with ``takeDelivered()`` whose deletion did not commit.
    func giveBack(_ seqs: [Int64]) {
        guard !seqs.isEmpty else { return }
        shared.state.withLock { $0.delivered += seqs }
    }

    /// Whether a delivery failed since the last ``takeFailure()``.
    var hasFailure: Bool { shared.state.withLock { $0.failure != nil } }

    /// The first delivery failure since the last call, if any. Take it only once
    /// ``waitUntilIdle()`` has returned, so that every batch in flight was held back behind it.
    func takeFailure() -> KafkaError? {
        shared.state.withLock { state in
            defer { state.failure = nil }
            return state.failure
        }
    }

    var inFlight: Int { shared.state.withLock { $0.inFlight } }

    /// Waits until every tracked batch has its outcome.
    func waitUntilIdle() async {
        await withCheckedContinuation { continuation in
            let idle = shared.state.withLock { state in
                if state.inFlight == 0 { return true }
                state.idleWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    func finish() {
        continuation.finish()
        task.cancel()
    }
}
