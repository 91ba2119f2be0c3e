import Foundation
import OnePointKafka
import Testing

@Suite("Faults on the embedded cluster")
struct KafkaFaultToleranceTests {
    @Test("a broker down and up during production loses and duplicates nothing")
    func brokerDownAndUp() async throws {
        let topic = uniqueName("broker-down")
        let cluster = try EmbeddedKafkaCluster(brokers: 3, topics: [KafkaTopicSpec(name: topic, partitions: 6, replicationFactor: 3)], logger: testLogger)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: testLogger)
        let total = 3000
        let records = (0..<total).map { KafkaProducerRecord(topic: topic, key: "key-\($0 % 50)", value: bytes("\($0)")) }

        // Leaders of all partitions on broker 2, then broker 2 goes away while a third of the records are in flight.
        for partition in 0..<6 { try cluster.setPartitionLeader(topic: topic, partition: Int32(partition), broker: 2) }
        let firstThird = await producer.send(Array(records[0..<1000]))
        let pending = await producer.submit(Array(records[1000..<2000]))
        try cluster.setBrokerDown(2)
        let secondWhileDown = Task { await pending.results() }
        try await Task.sleep(for: .seconds(2))  // the fault under test is the broker being away
        try cluster.setBrokerUp(2)
        let second = await secondWhileDown.value
        let third = await producer.send(Array(records[2000...]))
        let failures = (firstThird + second + third).compactMap { result -> KafkaError? in
            if case .failure(let error) = result { return error }
            return nil
        }
        #expect(failures.isEmpty, "failed deliveries: \(failures.prefix(3))")

        let consumer = try await assignedConsumer(cluster, topic: topic)
        let messages = try await drain(consumer, count: total, timeout: .seconds(60))
        let extra = try await consumer.poll(maxMessages: 1000, timeout: .milliseconds(500))
        let sequence = (messages + extra).compactMap { text($0.value).flatMap(Int.init) }
        #expect(sequence.count == total, "read \(sequence.count) records for \(total) sent (duplicates or losses)")
        #expect(Set(sequence) == Set(0..<total))
        // Order per key survived the outage.
        for key in 0..<50 {
            let perKey = (messages + extra).filter { $0.keyString == "key-\(key)" }.compactMap { text($0.value).flatMap(Int.init) }
            #expect(perKey == perKey.sorted(), "order of key-\(key)")
        }
        await consumer.close()
        await producer.close()
    }

    @Test("a leader move during production loses nothing")
    func leaderMove() async throws {
        let topic = uniqueName("leader-move")
        let cluster = try EmbeddedKafkaCluster(brokers: 3, topics: [KafkaTopicSpec(name: topic, partitions: 3, replicationFactor: 3)], logger: testLogger)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: testLogger)
        let first = await producer.send((0..<500).map { KafkaProducerRecord(topic: topic, key: "k\($0)", value: bytes("\($0)")) })
        for partition in 0..<3 { try cluster.setPartitionLeader(topic: topic, partition: Int32(partition), broker: Int32(3 - partition)) }
        let second = await producer.send((500..<1000).map { KafkaProducerRecord(topic: topic, key: "k\($0)", value: bytes("\($0)")) })
        #expect((first + second).allSatisfy { (try? $0.get()) != nil })
        let consumer = try await assignedConsumer(cluster, topic: topic)
        let messages = try await drain(consumer, count: 1000)
        #expect(Set(messages.compactMap { text($0.value).flatMap(Int.init) }) == Set(0..<1000))
        #expect(messages.count == 1000)
        await consumer.close()
        await producer.close()
    }
}
