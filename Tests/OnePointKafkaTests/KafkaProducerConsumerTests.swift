import Foundation
import OnePointKafka
import Testing

@Suite("Producer and consumer on the embedded cluster")
struct KafkaProducerConsumerTests {
    @Test("records round-trip with keys, headers and order per key")
    func roundTrip() async throws {
        let topic = uniqueName("round-trip")
        let cluster = try EmbeddedKafkaCluster(brokers: 3, topics: [KafkaTopicSpec(name: topic, partitions: 4)], logger: testLogger)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: testLogger)
        let records = (0..<200).map { index in
            KafkaProducerRecord(
                topic: topic, key: "order-\(index % 7)", value: bytes("payload \(index)"),
                headers: [KafkaHeader(key: "eventType", string: "Test"), KafkaHeader(key: "seq", string: "\(index)"),
                          KafkaHeader(key: "empty", value: nil)])
        }
        let results = await producer.send(records)
        #expect(results.allSatisfy { (try? $0.get()) != nil })

        let consumer = try await assignedConsumer(cluster, topic: topic)
        let messages = try await drain(consumer, count: 200)
        #expect(messages.count == 200)
        for message in messages {
            let seq = try #require(message.headers.string("seq").flatMap(Int.init))
            #expect(message.keyString == "order-\(seq % 7)")
            #expect(text(message.value) == "payload \(seq)")
            #expect(message.headers.string("eventType") == "Test")
            #expect(message.headers.contains(KafkaHeader(key: "empty", value: nil)))
            #expect(message.timestamp != nil)
        }
        // Within one key, records arrive in the order they were sent.
        for key in 0..<7 {
            let sequence = messages.filter { $0.keyString == "order-\(key)" }.compactMap { $0.headers.string("seq").flatMap(Int.init) }
            #expect(sequence == sequence.sorted())
            #expect(sequence.count == (0..<200).filter { $0 % 7 == key }.count)
        }
        await consumer.close()
        await producer.close()
    }

    @Test("a tombstone and a keyless record arrive as nil value and nil key, not a crash")
    func tombstones() async throws {
        let topic = uniqueName("tombstones")
        let cluster = try EmbeddedKafkaCluster(brokers: 1, topics: [KafkaTopicSpec(name: topic, partitions: 1)], logger: testLogger)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: testLogger)
        try await producer.send(KafkaProducerRecord(topic: topic, key: "customer-1", value: bytes("{}")))
        try await producer.send(KafkaProducerRecord(topic: topic, key: "customer-1", value: nil))
        try await producer.send(KafkaProducerRecord(topic: topic, key: nil as [UInt8]?, value: []))
        try await producer.send(KafkaProducerRecord(topic: topic, key: nil as [UInt8]?, value: nil))

        let consumer = try await assignedConsumer(cluster, topic: topic)
        let messages = try await drain(consumer, count: 4)
        try #require(messages.count == 4)
        #expect(messages[0].value == bytes("{}"))
        #expect(messages[1].isTombstone && messages[1].keyString == "customer-1")
        #expect(messages[2].key == nil && messages[2].value == [])
        #expect(messages[3].key == nil && messages[3].isTombstone)
        await consumer.close()
        await producer.close()
    }

    @Test("keyed records land on the partition Java's murmur2 partitioner chooses")
    func javaCompatiblePartitioning() async throws {
        let topic = uniqueName("partitioning")
        let cluster = try EmbeddedKafkaCluster(brokers: 1, topics: [KafkaTopicSpec(name: topic, partitions: 6)], logger: testLogger)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: testLogger)
        let keys = (0..<60).map { "CIRCUIT-GD-GZ-\($0)" }
        let results = await producer.send(keys.map { KafkaProducerRecord(topic: topic, key: $0, value: bytes("x")) })
        for (key, result) in zip(keys, results) {
            let report = try result.get()
            #expect(report.partition == KafkaPartitioner.partition(forKey: bytes(key), among: 6), "key \(key)")
        }
        await producer.close()
    }

    @Test("a paused partition delivers nothing until resumed")
    func pauseAndResume() async throws {
        let topic = uniqueName("pause")
        let cluster = try EmbeddedKafkaCluster(brokers: 1, topics: [KafkaTopicSpec(name: topic, partitions: 2)], logger: testLogger)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: testLogger)
        let results = await producer.send((0..<40).map {
            KafkaProducerRecord(topic: topic, key: nil as [UInt8]?, value: bytes("\($0)"), partition: Int32($0 % 2))
        })
        #expect(results.allSatisfy { (try? $0.get()) != nil })
        let consumer = try await assignedConsumer(cluster, topic: topic)
        let paused = KafkaTopicPartition(topic: topic, partition: 1)
        try consumer.pause([paused])
        let first = try await drain(consumer, count: 20)
        let extra = try await consumer.poll(maxMessages: 100, timeout: .milliseconds(300))
        #expect((first + extra).count == 20)
        #expect((first + extra).allSatisfy { $0.partition == 0 })
        try consumer.resume([paused])
        let rest = try await drain(consumer, count: 20)
        #expect(rest.count == 20 && rest.allSatisfy { $0.partition == 1 })
        await consumer.close()
        await producer.close()
    }
}

@Suite("Consumer positions")
struct KafkaConsumerSeekTests {
    @Test("seek moves an assigned partition back, and the records are read again from there")
    func seekBack() async throws {
        let topic = uniqueName("seek")
        let cluster = try EmbeddedKafkaCluster(brokers: 1, topics: [KafkaTopicSpec(name: topic, partitions: 1)], logger: testLogger)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: testLogger)
        _ = await producer.send((0..<10).map { KafkaProducerRecord(topic: topic, key: nil as [UInt8]?, value: bytes("\($0)")) })
        let consumer = try await assignedConsumer(cluster, topic: topic)
        let first = try await drain(consumer, count: 10)
        #expect(first.map(\.offset) == Array(0..<10))
        try await consumer.seek([KafkaTopicPartition(topic: topic, partition: 0): 7])
        let again = try await drain(consumer, count: 3)
        #expect(again.map(\.offset) == [7, 8, 9])
        await consumer.close()
        await producer.close()
    }
}
