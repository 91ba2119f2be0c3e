import Foundation
import Logging
import OnePointKafka
import OnePointState
import Synchronization

/// One task an instance runs: its store (state, inbox, positions, outbox, timers), the lock that
/// keeps other processes out of it, the deliveries of its outputs in flight, and its changelog.
final class WorkerTask: Sendable {
    /// The task's number (the input partition number it applies, or 0 for a single task).
    let id: Int32
    let store: StateStore
    let tracker: DeliveryTracker
    /// Outputs on their way to the producer behind the loop (``SubmissionChain``).
    let submissions = SubmissionChain()
    /// `nil` without a changelog topic.
    let changelog: StateChangelog?
    private let lock: StoreLock
    private let backlog = Mutex(Backlog())

    init(id: Int32, store: StateStore, lock: StoreLock, changelog: StateChangelog?, afterDelivery: @escaping @Sendable () -> Void) {
        self.id = id
        self.store = store
        self.lock = lock
        self.changelog = changelog
        self.tracker = DeliveryTracker(afterDelivery: afterDelivery)
    }

    /// Stops following deliveries; the store and its lock go with the last reference.
    func finish() {
        tracker.finish()
    }

    /// The records in the task's partitions when it was opened: its timers wait until they have
    /// been read (or 60 s have passed, so a stuck partition cannot hold every deadline), so an
    /// input that cancelled a deadline while no instance ran the task comes first.
    private struct Backlog {
        var ends: [KafkaTopicPartition: Int64]?
        var measuredAt = ContinuousClock.now
        var done = false
    }

    /// Whether the records in the task's partitions when it opened have been read.
    var backlogDone: Bool { backlog.withLock { $0.done } }

    func backlogIsRead(_ consumer: KafkaConsumer, partitions: [KafkaTopicPartition], logger: Logger) async throws -> Bool {
        let state = backlog.withLock { $0 }
        if state.done { return true }
        guard !partitions.isEmpty else { return false }
        var ends = state.ends
        if ends == nil {
            var measured: [KafkaTopicPartition: Int64] = [:]
            for partition in partitions {
                guard let high = try? await consumer.watermarks(partition, timeout: .seconds(5)).high else {
                    logger.warning("could not read the end of \(partition); task \(id) fires due timers without waiting for the backlog")
                    backlog.withLock { $0.done = true }
                    return true
                }
                measured[partition] = high
            }
            ends = measured
            backlog.withLock {
                $0.ends = measured
                $0.measuredAt = .now
            }
        }
        let positions = try await store.read { db in try StateTables.positions(db) }
        let read = (ends ?? [:]).allSatisfy { partition, end in end == 0 || (positions[partition.topic]?[partition.partition] ?? 0) >= end }
        let expired = ContinuousClock.now - backlog.withLock { $0.measuredAt } > .seconds(60)
        if read || expired {
            if !read { logger.warning("task \(id): the backlog at start is not read after 60 s; firing due timers anyway") }
            backlog.withLock { $0.done = true }
            return true
        }
        return false
    }
}

/// The tasks an instance runs now, shared by the loop and the consumer's rebalance callbacks.
final class TaskRegistry: Sendable {
    private let tasks = Mutex<[Int32: WorkerTask]>([:])

    func task(_ id: Int32) -> WorkerTask? { tasks.withLock { $0[id] } }

    /// Every task, by number.
    var all: [WorkerTask] { tasks.withLock { $0.values.sorted { $0.id < $1.id } } }

    func insert(_ task: WorkerTask) { tasks.withLock { $0[task.id] = task } }

    @discardableResult
    func remove(_ id: Int32) -> WorkerTask? { tasks.withLock { $0.removeValue(forKey: id) } }
}

/// Thrown by a transaction of an instance whose assignment the group took away (it missed its
/// session timeout or poll interval): another instance may run the task now, so nothing is
/// written; the loop waits for the revocation instead.
struct TaskFenced: Error, CustomStringConvertible {
    var task: Int32
    var description: String { "task \(task): the group took the assignment away (the process was paused or too slow?); nothing more is written for it" }
}

/// Runs async work to its end from a thread that must wait for it (the consumer's rebalance
/// callbacks, which librdkafka calls on the consumer's own thread, not the concurrency pool).
func waitFor<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
    let semaphore = DispatchSemaphore(value: 0)
    let box = Mutex<Result<T, any Error>?>(nil)
    Task {
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        box.withLock { $0 = result }
        semaphore.signal()
    }
    semaphore.wait()
    return box.withLock { $0 } ?? .failure(CancellationError())
}
