import Foundation
import OnePointKafka
import Synchronization

/// The next batch's poll, started without waiting (`timeout: .zero`) while the loop applies the
/// current batch, so taking records from the consumer's queue overlaps the write transaction
/// instead of following it.
///
/// A poll may serve a rebalance, whose callbacks open, suspend and close tasks. A poll running
/// ahead would let those callbacks race the batch being applied, so they wait at ``waitUntilOpen()``
/// until the loop takes the poll's result: they run where they would have run had the loop polled
/// after the batch, and the records the poll returns come from the assignment after them.
///
/// Only the loop starts and takes polls; the rebalance callbacks only wait.
final class PollAhead: Sendable {
    private let state = Mutex<(pending: Task<[KafkaMessage], any Error>?, closed: Bool)>((nil, false))
    /// Wakes callbacks waiting for the gate to open (`state.closed`, read under its lock).
    private let opened = NSCondition()

    /// Starts `poll` (the consumer's, with no wait) and holds rebalance callbacks until
    /// ``take()``. Does nothing if a poll is already ahead.
    func start(_ poll: @escaping @Sendable () async throws -> [KafkaMessage]) {
        state.withLock { state in
            guard state.pending == nil else { return }
            state.closed = true
            state.pending = Task { try await poll() }
        }
    }

    /// Lets rebalance callbacks run, then returns what the poll started ahead returned (empty
    /// when none was started).
    func take() async throws -> [KafkaMessage] {
        let pending = state.withLock { state in
            defer { state.pending = nil }
            return state.pending
        }
        open()
        guard let pending else { return [] }
        return try await pending.value
    }

    /// Lets callbacks run and waits for a poll still running ahead, dropping its records: when
    /// the loop ends. Records dropped were never applied, so the stored positions still lead to
    /// them.
    func settle() async {
        _ = try? await take()
    }

    /// Blocks the calling thread (the consumer's, inside a rebalance callback) while the loop
    /// applies a batch with this poll ahead of it.
    func waitUntilOpen() {
        opened.lock()
        defer { opened.unlock() }
        while state.withLock({ $0.closed }) { opened.wait() }
    }

    private func open() {
        opened.lock()
        state.withLock { $0.closed = false }
        opened.broadcast()
        opened.unlock()
    }
}
