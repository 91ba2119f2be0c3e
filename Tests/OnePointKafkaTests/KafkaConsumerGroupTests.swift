import Foundation
import OnePointKafka
import Synchronization
import Testing

/// Records what a consumer's rebalance handler saw.
final class RebalanceLog: Sendable {
    let assigned = Mutex<[[KafkaTopicPartition]]>([])
    let revoked = Mutex<[[KafkaTopicPartition]]>([])

    var handler: KafkaRebalanceHandler {
        KafkaRebalanceHandler(
            onAssign: { partitions in
                self.assigned.withLock { $0.append(partitions) }
                return Dictionary(uniqueKeysWithValues: partitions.map { ($0, KafkaOffset.beginning) })
            },
            onRevoke: { partitions in self.revoked.withLock { $0.append(partitions) } })
    }
}

@Suite("Consumer groups on the embedded cluster")
struct KafkaConsumerGroupTests {
    /// A cluster of `brokers` with a new topic of six partitions, a producer on it, and a new
    /// group's name.
    static func sixPartitions(_ prefix: String, brokers: Int) throws -> (topic: String, group: String, cluster: EmbeddedKafkaCluster, producer: KafkaProducer) {
        let topic = uniqueName(prefix)
        let cluster = try EmbeddedKafkaCluster(brokers: brokers, topics: [KafkaTopicSpec(name: topic, partitions: 6)], logger: testLogger)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: testLogger)
        return (topic, uniqueName("g"), cluster, producer)
    }

    @Test("two consumers in one group split the partitions and read every record once")
    func rebalance() async throws {
        let (topic, group, cluster, producer) = try Self.sixPartitions("group", brokers: 3)
        let configuration = KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: group)

        let logA = RebalanceLog()
        let consumerA = try KafkaConsumer(configuration: configuration, rebalance: logA.handler, logger: testLogger)
        try consumerA.subscribe([topic])
        // A alone: it gets all six partitions.
        let deadlineA = ContinuousClock.now + .seconds(30)
        while consumerA.assignment.count < 6, ContinuousClock.now < deadlineA {
            _ = try await consumerA.poll(timeout: .milliseconds(200))
        }
        #expect(consumerA.assignment.count == 6)

        // B joins: A gives its partitions up and the two end with disjoint halves.
        let logB = RebalanceLog()
        let consumerB = try KafkaConsumer(configuration: configuration, rebalance: logB.handler, logger: testLogger)
        try consumerB.subscribe([topic])
        let deadline = ContinuousClock.now + .seconds(30)
        var seen: [String] = []
        while ContinuousClock.now < deadline {
            async let fromA = consumerA.poll(timeout: .milliseconds(200))
            async let fromB = consumerB.poll(timeout: .milliseconds(200))
            seen += try await (fromA + fromB).compactMap { text($0.value) }
            if consumerA.assignment.count + consumerB.assignment.count == 6, !consumerA.assignment.isEmpty, !consumerB.assignment.isEmpty {
                break
            }
        }
        #expect(!logA.revoked.withLock { $0 }.isEmpty, "A's revoke handler ran")
        #expect(consumerA.assignment.isDisjoint(with: consumerB.assignment))
        #expect(consumerA.assignment.union(consumerB.assignment).count == 6)

        // Records written now are read exactly once across the two members.
        let results = await producer.send((0..<300).map { KafkaProducerRecord(topic: topic, key: "k\($0)", value: bytes("r\($0)")) })
        #expect(results.allSatisfy { (try? $0.get()) != nil })
        let readDeadline = ContinuousClock.now + .seconds(30)
        var fromA = 0
        var fromB = 0
        while seen.count < 300, ContinuousClock.now < readDeadline {
            async let a = consumerA.poll(timeout: .milliseconds(200))
            async let b = consumerB.poll(timeout: .milliseconds(200))
            let (batchA, batchB) = try await (a, b)
            fromA += batchA.count
            fromB += batchB.count
            seen += (batchA + batchB).compactMap { text($0.value) }
        }
        #expect(seen.count == 300)
        #expect(Set(seen) == Set((0..<300).map { "r\($0)" }))
        #expect(fromA > 0 && fromB > 0, "both members read records")

        await consumerA.close()
        await consumerB.close()
        await producer.close()
    }

    @Test("a rebalance served by a later poll of a batch drops the batch's earlier records of the partitions it revoked")
    func rebalanceInALaterPollOfABatch() async throws {
        let (topic, group, cluster, producer) = try Self.sixPartitions("batch", brokers: 1)
        let results = await producer.send((0..<600).map { KafkaProducerRecord(topic: topic, key: "k\($0)", value: bytes("r\($0)")) })
        #expect(results.allSatisfy { (try? $0.get()) != nil })
        let configuration = KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: group)

        // A alone holds the six partitions and gathers a batch from all of them.
        let logA = RebalanceLog()
        let consumerA = try KafkaConsumer(configuration: configuration, rebalance: logA.handler, logger: testLogger)
        try consumerA.subscribe([topic])
        var batch: [KafkaMessage] = []
        let gathered = ContinuousClock.now + .seconds(30)
        while Set(batch.map(\.partition)).count < 6, ContinuousClock.now < gathered {
            batch += try await consumerA.poll(maxMessages: 1000, timeout: .milliseconds(200))
        }
        #expect(Set(batch.map(\.partition)).count == 6, "the batch holds records of every partition")

        // B joins; A's later polls of the same batch serve the rebalance.
        let logB = RebalanceLog()
        let consumerB = try KafkaConsumer(configuration: configuration, rebalance: logB.handler, logger: testLogger)
        try consumerB.subscribe([topic])
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            async let fromB = consumerB.poll(timeout: .milliseconds(200))
            let more = try await consumerA.poll(maxMessages: 10, timeout: .milliseconds(200), after: &batch)
            batch += more
            _ = try await fromB
            if !logA.revoked.withLock({ $0 }).isEmpty, !consumerA.assignment.isEmpty, !consumerB.assignment.isEmpty,
                consumerA.assignment.count + consumerB.assignment.count == 6
            {
                break
            }
        }
        #expect(!logA.revoked.withLock { $0 }.isEmpty, "A's revoke handler ran inside a later poll")
        let heldByA = Set(consumerA.assignment.map(\.partition))
        #expect(heldByA.count == 3)
        let stale = batch.filter { !heldByA.contains($0.partition) }
        #expect(stale.count == 0, "records of partitions now read by B stayed in A's batch")

        await consumerA.close()
        await consumerB.close()
        await producer.close()
    }

    @Test("stored offsets are committed, and a new member resumes after them")
    func storedOffsetsResume() async throws {
        let topic = uniqueName("offsets")
        let group = uniqueName("g")
        let (cluster, producer) = try await oneTopicCluster(topic, records: 10)
        let configuration = KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: group)

        let first = try KafkaConsumer(configuration: configuration, logger: testLogger)
        try first.subscribe([topic])
        let firstBatch = try await drain(first, count: 10)
        #expect(firstBatch.count == 10)
        let partition = KafkaTopicPartition(topic: topic, partition: 0)
        try await first.commit([partition: 6])  // records 0...5 done
        #expect(try await first.committed([partition])[partition] == 6)
        #expect(await first.close(), "a member of a healthy group leaves it within the close's timeout")

        let second = try KafkaConsumer(configuration: configuration, logger: testLogger)
        try second.subscribe([topic])
        let rest = try await drain(second, count: 4)
        #expect(rest.map(\.offset) == [6, 7, 8, 9])
        await second.close()
        await producer.close()
    }

    /// librdkafka's own close waits for the coordinator without limit; a stopping worker must not.
    @Test("a close the coordinator does not answer gives up after its timeout instead of blocking the caller")
    func closeIsBounded() async throws {
        let topic = uniqueName("close")
        let group = uniqueName("g")
        let (cluster, producer) = try await oneTopicCluster(topic, records: 3)
        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: group), logger: testLogger)
        try consumer.subscribe([topic])
        #expect(try await drain(consumer, count: 3).count == 3)
        try consumer.storeOffsets([KafkaTopicPartition(topic: topic, partition: 0): 3])
        // Every answer of the only broker (the coordinator) now takes a minute: the close's
        // commit and leave wait for it.
        try cluster.setRoundTripTime(broker: 1, .seconds(60))
        let started = ContinuousClock.now
        let left = await consumer.close(timeout: .seconds(1))
        let waited = ContinuousClock.now - started
        #expect(!left, "the close reports that it did not leave the group")
        #expect(waited < .seconds(30), "the caller got control back long before the coordinator answered: \(waited)")
        try cluster.setRoundTripTime(broker: 1, .zero)
        await producer.close()
    }
}
