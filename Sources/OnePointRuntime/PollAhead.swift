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
    /// The poll running ahead; callbacks wait while there is one.
    private let pending = Mutex<Task<[KafkaMessage], any Error>?>(nil)
    /// Wakes callbacks waiting for `pending` to be taken (set to `nil` under its lock).
    private let opened = NSCondition()

    /// Starts `poll` (the consumer's, with no wait) and holds rebalance callbacks until
    /// ``take()``. Does nothing if a poll is already ahead.
    func start(_ poll: @escaping @Sendable () async throws -> [KafkaMessage]) {
        pending.withLock { pending in
            guard pending == nil else { return }
            pending = Task { try await poll() }
        }
    }

    /// Lets rebalance callbacks run, then returns what the poll started ahead returned (empty
    /// when none was started).
    func take() async throws -> [KafkaMessage] {
        guard let taken = open() else { return [] }
        return try await taken.value
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
        while pending.withLock({ $0 != nil }) { opened.wait() }
    }

    /// Takes the poll running ahead (if any) and wakes the callbacks waiting for it.
    private func open() -> Task<[KafkaMessage], any Error>? {
        opened.lock()
        defer { opened.unlock() }
        let taken = pending.withLock { pending in
            defer { pending = nil }
            return pending
        }
        opened.broadcast()
        return taken
    }
}
