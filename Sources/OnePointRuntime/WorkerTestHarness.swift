import Foundation
import GRDB
import Logging
import OnePointKafka
import OnePointState

/// Runs a worker's decisions in-process, in milliseconds: an in-memory store, a simulated clock,
/// no Kafka. Each record goes through the runtime's own decision path (decode, inbox, apply,
/// dead letters, positions) and timers fire as the clock is advanced, as in production; keep the
/// mock-cluster tests for what needs Kafka (delivery, rebalances, crashes).
///
/// ```swift
/// let harness = try WorkerTestHarness(logic: MyLogic(), start: Date(timeIntervalSince1970: 0))
/// let outputs = try harness.send(topic: "onepoint.alarms", key: "a1", value: Array(json.utf8))
/// try harness.advance(by: 3600)   // fires the deadlines due within the hour
/// ```
public final class WorkerTestHarness<Logic: WorkerLogic> {
    /// The simulated clock.
    public private(set) var now: Date
    /// The worker's store (in memory).
    public let store: StateStore
    /// The task the decisions run in (``DecisionContext/task``).
    public let task: Int32
    private let decider: Decider<Logic>
    private var offsets: [KafkaTopicPartition: Int64] = [:]

    /// - Parameters:
    ///   - start: the clock's first instant.
    ///   - task: the task number the decisions see.
    ///   - repartition: the repartition topic and its partition count, for a task of a worker
    ///     that routes its inputs (``WorkerLogic/route(_:in:)``) under
    ///     ``TaskLayout/perPartition``: an input whose routing key belongs to another task is
    ///     forwarded as the runtime forwards it, an output on that topic with the target task as
    ///     its ``OutboxRecord/partition``; send it to that task's harness. `nil`: nothing is
    ///     routed (one task).
    /// - Throws: ``StateError`` when the worker's migrations fail.
    public init(
        logic: Logic, worker: String = "test", deadLetterTopic: String = "onepoint.dead-letters", start: Date, task: Int32 = 0,
        repartition: (topic: String, partitions: Int32)? = nil
    ) throws {
        now = start
        self.task = task
        store = try StateStore.inMemory(migrations: logic.migrate)
        var logger = Logger(label: "onepoint.test-harness")
        logger.logLevel = .critical
        decider = Decider(
            logic: logic, limits: .init(worker: worker, deadLetterTopic: deadLetterTopic, repartitionTopic: repartition?.topic),
            metrics: RuntimeMetrics(worker: worker), logger: logger)
        if let repartition { decider.routing.set(partitions: repartition.partitions) }
    }

    /// Applies one record as the runtime would, at the clock's instant. Returns what it published:
    /// outputs, or a dead letter (on `deadLetterTopic`, with the `onepoint.error.*` headers) when
    /// the record was refused; nothing for a duplicate.
    ///
    /// - Throws: what the logic threw for a transient failure (the runtime would retry it).
    @discardableResult
    public func send(topic: String, key: String? = nil, value: [UInt8]?, headers: [(String, String)] = [], partition: Int32 = 0) throws -> [OutboxRecord] {
        let tp = KafkaTopicPartition(topic: topic, partition: partition)
        let offset = offsets[tp, default: 0]
        offsets[tp] = offset + 1
        let message = KafkaMessage(
            topic: topic, partition: partition, offset: offset, key: key.map { Array($0.utf8) }, value: value,
            headers: headers.map { KafkaHeader(key: $0.0, string: $0.1) }, timestamp: now)
        return try run([message], fire: [])
    }

    /// Moves the clock forward to `instant`, firing each timer due by then at its due instant, in
    /// order (a timer a fired one sets within the span fires too). Returns their outputs.
    @discardableResult
    public func advance(to instant: Date) throws -> [OutboxRecord] {
        var outputs: [OutboxRecord] = []
        while let next = try store.read({ db in try StateTables.nextDue(db) }), next <= instant {
            now = max(now, next)
            let due = try store.read { db in try StateTables.dueTimers(db, at: self.now, limit: 1000) }
            outputs += try run([], fire: due)
        }
        now = max(now, instant)
        return outputs
    }

    /// Moves the clock forward by `seconds`; see ``advance(to:)``.
    @discardableResult
    public func advance(by seconds: TimeInterval) throws -> [OutboxRecord] {
        try advance(to: now.addingTimeInterval(seconds))
    }

    /// Reads the worker's state.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try store.read(body)
    }

    private func run(_ records: [KafkaMessage], fire: [DueTimer]) throws -> [OutboxRecord] {
        let (decider, now, task) = (self.decider, self.now, self.task)
        // Decoded before the transaction, as the runtime does.
        let prepared = decider.prepared(records, decoded: [])
        func apply(after failedFast: Decider<Logic>.NeedsCarefulPath?) throws -> Decider<Logic>.ChunkResult {
            try store.queue.write { db in
                let result = try decider.applyChunk(records[...], prepared: prepared[...], fire: fire, now: now, task: task, db: db, after: failedFast)
                // Delivered at once: the outbox does not grow from test to test.
                try StateTables.removeOutputs(db, through: result.outputs.map(\.seq))
                return result
            }
        }
        // As the runtime does: the fast path's transaction rolls back, the careful path runs in a new one.
        let result: Decider<Logic>.ChunkResult
        do { result = try apply(after: nil) } catch let failedFast as Decider<Logic>.NeedsCarefulPath { result = try apply(after: failedFast) }
        if let (_, error) = result.failure { throw error }
        return result.outputs
    }
}
