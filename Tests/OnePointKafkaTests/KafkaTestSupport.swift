import Foundation
import Logging
import OnePointKafka

/// A quiet logger for tests (librdkafka warnings only).
let testLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .error
    return logger
}()

/// A unique name per test, so tests on one cluster never share topics or groups.
func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

func text(_ bytes: [UInt8]?) -> String? { bytes.map { String(decoding: $0, as: UTF8.self) } }

/// A one-broker cluster whose `topic` (one partition) holds `count` records, "0", "1", …, and a
/// producer on it.
func oneTopicCluster(_ topic: String, records count: Int) async throws -> (EmbeddedKafkaCluster, KafkaProducer) {
    let cluster = try EmbeddedKafkaCluster(brokers: 1, topics: [KafkaTopicSpec(name: topic, partitions: 1)], logger: testLogger)
    let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: testLogger)
    _ = await producer.send((0..<count).map { KafkaProducerRecord(topic: topic, key: nil as [UInt8]?, value: bytes("\($0)")) })
    return (cluster, producer)
}

/// A consumer that reads every partition of `topic` from the beginning, outside any group.
func assignedConsumer(_ cluster: EmbeddedKafkaCluster, topic: String) async throws -> KafkaConsumer {
    let consumer = try KafkaConsumer(
        configuration: KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: nil),
        logger: testLogger)
    let partitions = try await consumer.partitionCount(topic: topic)
    try consumer.assign(Dictionary(uniqueKeysWithValues: (0..<partitions).map {
        (KafkaTopicPartition(topic: topic, partition: Int32($0)), KafkaOffset.beginning)
    }))
    return consumer
}

/// Polls until `count` records arrived or `timeout` passed; returns what arrived.
func drain(_ consumer: KafkaConsumer, count: Int, timeout: Duration = .seconds(30)) async throws -> [KafkaMessage] {
    var messages: [KafkaMessage] = []
    let deadline = ContinuousClock.now + timeout
    while messages.count < count, ContinuousClock.now < deadline {
        messages += try await consumer.poll(maxMessages: 1000, timeout: .milliseconds(200))
    }
    return messages
}
