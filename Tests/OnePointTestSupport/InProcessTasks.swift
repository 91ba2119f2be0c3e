import Foundation
import OnePointContracts
import OnePointKafka
import OnePointRuntime
import OnePointState

/// A worker split into tasks in-process (issue 15), beside the same worker with one task, both on
/// the runtime's decision path (``WorkerTestHarness``) and fed the same records at the same
/// instants, so a test can check that the tasks decide what one task decides.
///
/// A keyed record goes to the task of its partition (Kafka's murmur2 of its key, as a producer
/// places it: ``partition(of:)``), a record of a global topic to every task; an input a task
/// forwards (its routing key belongs to another task) is read by that task from the repartition
/// topic, as the runtime does. Timers fire in every harness as the clock is advanced.
public final class InProcessTasks<Logic: WorkerLogic> {
    /// The worker with one task (``TaskLayout/single``).
    public let single: WorkerTestHarness<Logic>
    /// Task `n` at index `n` (``TaskLayout/perPartition``).
    public let tasks: [WorkerTestHarness<Logic>]
    /// The worker's repartition topic, `nil` for a worker that routes nothing.
    public let repartitionTopic: String?
    /// What the single task published, in order.
    public private(set) var singleOutputs: [OutboxRecord] = []
    /// What the tasks published (what they forwarded to each other left out), with the task.
    public private(set) var taskOutputs: [(task: Int32, record: OutboxRecord)] = []
    /// Inputs forwarded from one task to another.
    public private(set) var forwarded = 0

    /// - Parameters:
    ///   - count: how many tasks (the input topics' partition count).
    ///   - logic: the logic of a task (`nil`: the single task's).
    ///   - repartitionTopic: the worker's repartition topic, with `count` partitions.
    public init(
        count: Int32, start: Date, worker: String, repartitionTopic: String? = nil, logic: (_ task: Int32?) throws -> Logic
    ) throws {
        single = try WorkerTestHarness(logic: try logic(nil), worker: worker, start: start)
        tasks = try (0..<count).map { task in
            try WorkerTestHarness(
                logic: try logic(task), worker: worker, start: start, task: task, repartition: repartitionTopic.map { ($0, count) })
        }
        self.repartitionTopic = repartitionTopic
    }

    /// The partition (and task) a producer keying a record by `key` writes it to.
    public func partition(of key: String) -> Int32 {
        KafkaPartitioner.partition(forKey: key, among: Int32(tasks.count))
    }

    /// Sends `record` (on its topic's default name) to the single task, and to the task of its
    /// key's partition, or to every task when `global`.
    public func send(_ record: EventRecord, global: Bool = false) throws {
        let topic = record.topic.defaultName
        let headers = record.headers.map { ($0.name, $0.value) }
        singleOutputs += try single.send(topic: topic, key: record.key, value: record.value, headers: headers)
        if global {
            for task in tasks { try take(try task.send(topic: topic, key: record.key, value: record.value, headers: headers), from: task.task) }
        } else {
            let partition = partition(of: record.key)
            try take(try tasks[Int(partition)].send(topic: topic, key: record.key, value: record.value, headers: headers, partition: partition), from: partition)
        }
    }

    /// Sends each of `records` (see ``send(_:global:)``).
    public func send(_ records: [EventRecord], global: Bool = false) throws {
        for record in records { try send(record, global: global) }
    }

    /// Moves every clock to `instant`, firing the timers due by then.
    public func advance(to instant: Date) throws {
        singleOutputs += try single.advance(to: instant)
        for task in tasks { try take(try task.advance(to: instant), from: task.task) }
    }

    /// Keeps `outputs` of `task`, delivering what it forwarded to the task it belongs to (which
    /// reads it from the repartition topic, and may publish in turn).
    private func take(_ outputs: [OutboxRecord], from task: Int32) throws {
        for output in outputs {
            guard let repartitionTopic, output.topic == repartitionTopic else {
                taskOutputs.append((task, output))
                continue
            }
            forwarded += 1
            let target = output.partition ?? 0
            let headers = output.headers.compactMap { name, value in value.flatMap { String(validating: $0, as: UTF8.self) }.map { (name, $0) } }
            try take(
                try tasks[Int(target)].send(
                    topic: repartitionTopic, key: output.key.flatMap { String(validating: $0, as: UTF8.self) }, value: output.value, headers: headers,
                    partition: target),
                from: target)
        }
    }
}

extension OutboxRecord {
    /// The record's value as canonical JSON without its `eventId` (sorted keys), or `nil` when
    /// it is not a JSON object: what two deciders that name their events differently must agree
    /// on.
    public var contentWithoutEventID: String? {
        guard let value, var object = (try? JSONSerialization.jsonObject(with: Data(value))) as? [String: Any] else { return nil }
        object["eventId"] = nil
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return nil }
        return "\(topic) \(key.flatMap { String(validating: $0, as: UTF8.self) } ?? "-") \(String(decoding: data, as: UTF8.self))"
    }

    /// The value of header `name`, as text.
    public func header(_ name: String) -> String? {
        headers.first { $0.0 == name }?.1.flatMap { String(validating: $0, as: UTF8.self) }
    }
}
