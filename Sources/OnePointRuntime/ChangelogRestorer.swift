import Foundation
import GRDB
import Logging
import OnePointKafka
import OnePointState

/// Reads one task's changelog partition: to learn which generation wrote it last, or to rebuild
/// the task's store from it.
///
/// The rules (see ``StateChangelog``): a generation marker puts its generation in force from its
/// sequence number on; records of any other generation after it are ignored (an instance that lost
/// the task and wrote on). Records of the generation in force are taken in sequence order, once;
/// a gap waits for the record that fills it (a delivery retried after a later one). At each commit
/// marker, the records before it are applied as one transaction; records after the last commit
/// marker belong to a transaction that never completed and are dropped.
final class ChangelogRestorer {
    let topic: String
    let partition: Int32
    let logger: Logger
    /// One reader for every look at the partition while a task opens.
    private let consumer: KafkaConsumer

    init(kafka: KafkaClientConfiguration, topic: String, partition: Int32, logger: Logger) throws {
        self.topic = topic
        self.partition = partition
        self.logger = logger
        var configuration = KafkaConsumerConfiguration(client: kafka, groupID: nil)
        configuration.offsetReset = .earliest
        configuration.commitStoredOffsets = false
        consumer = try KafkaConsumer(configuration: configuration, logger: logger)
    }

    func close() async {
        await consumer.close()
    }

    /// What a scan found.
    struct Outcome {
        /// The generation in force at the end, `nil` when there is none (an empty changelog).
        var generation: String?
        /// The last sequence number that closed a transaction of that generation.
        var committedSeq: Int64 = 0
        /// Records read.
        var records = 0
        /// Row records applied to the store.
        var applied = 0
        /// Records of a generation no longer in force (written by an instance that lost the task).
        var ignored = 0
    }

    /// The partition's first and next offsets.
    func watermarks() async throws -> (low: Int64, high: Int64) {
        try await consumer.watermarks(KafkaTopicPartition(topic: topic, partition: partition), timeout: .seconds(10))
    }

    /// Reads offsets `low..<end`; applies complete transactions to `store` when one is given.
    ///
    /// - Throws: ``StateError`` when the records cannot be applied, ``KafkaError`` when the
    ///   partition cannot be read or no record arrives for 30 s (``StateError/Code/unavailable``).
    func scan(from low: Int64, through end: Int64, into store: StateStore?, task: Int32) async throws -> Outcome {
        var outcome = Outcome()
        guard end > low else { return outcome }
        let tp = KafkaTopicPartition(topic: topic, partition: partition)
        try consumer.assign([tp: .exact(low)])
        var applier: ChangelogApplier?
        if let store { applier = try await store.queue.write { db in try ChangelogApplier(db) } }

        var generation: String?
        var expected: Int64 = 1
        var gaps: [Int64: KafkaMessage] = [:]
        var transaction: [KafkaMessage] = []
        var ready: [KafkaMessage] = []
        let started = ContinuousClock.now
        var lastProgress = started
        var lastRecord = started
        let total = end - low

        func applyReady() async throws {
            guard let store, let applier, !ready.isEmpty else {
                ready.removeAll()
                return
            }
            let batch = ready
            ready.removeAll(keepingCapacity: true)
            try await store.queue.write { db in
                for record in batch { try applier.apply(db, key: record.key ?? [], value: record.value) }
            }
        }

        func take(_ record: KafkaMessage, seq: Int64) async throws {
            if record.keyString == StateChangelog.commitKey {
                outcome.committedSeq = seq
                outcome.applied += transaction.count
                ready += transaction
                transaction.removeAll(keepingCapacity: true)
                if ready.count >= 20_000 { try await applyReady() }
            } else {
                transaction.append(record)
            }
        }

        var next = low
        while next < end {
            let records = try await consumer.poll(maxMessages: 10_000, timeout: .milliseconds(500))
            if records.isEmpty {
                if ContinuousClock.now - lastRecord > .seconds(30) {
                    throw StateError(.unavailable, "restoring task \(task) from \(tp): no record for 30 s at offset \(next) of \(end); is the cluster reachable?")
                }
                continue
            }
            lastRecord = .now
            for record in records where record.topicPartition == tp && record.offset < end {
                next = record.offset + 1
                outcome.records += 1
                guard let gen = record.headers.string(StateChangelog.generationHeader),
                    let seq = record.headers.string(StateChangelog.seqHeader).flatMap({ Int64($0) })
                else {
                    outcome.ignored += 1
                    continue
                }
                if record.keyString == StateChangelog.generationKey {
                    // A new owner: what came after the last commit marker never completed. One that
                    // did not restore from what came before writes its whole store next.
                    generation = gen
                    transaction.removeAll()
                    gaps.removeAll()
                    if record.headers.string(StateChangelog.rebaseHeader) == "true" {
                        try await applyReady()
                        if let store, let applier { try await store.queue.write { db in try applier.clear(db) } }
                        outcome.committedSeq = seq
                    }
                    expected = outcome.committedSeq + 1
                    continue
                }
                guard gen == generation else {
                    outcome.ignored += 1
                    continue
                }
                if seq < expected { continue }
                if seq > expected {
                    gaps[seq] = record
                    continue
                }
                try await take(record, seq: seq)
                expected += 1
                while let filled = gaps.removeValue(forKey: expected) {
                    try await take(filled, seq: expected)
                    expected += 1
                }
            }
            if next >= end { break }
            if ContinuousClock.now - lastProgress > .seconds(5) {
                lastProgress = .now
                logger.info(
                    "restoring task \(task) from \(tp): \(next - low) of \(total) records (\((next - low) * 100 / max(1, total)) %)")
            }
        }
        try await applyReady()
        outcome.generation = generation
        return outcome
    }
}
