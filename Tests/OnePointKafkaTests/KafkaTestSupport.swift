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

/// Java's murmur2 partitioner (`org.apache.kafka.common.utils.Utils.murmur2`), to check that keys
/// land where a Java producer would put them.
func javaPartition(key: [UInt8], partitions: Int) -> Int {
    let seed: UInt32 = 0x9747_b28c
    let m: UInt32 = 0x5bd1_e995
    let r: UInt32 = 24
    let length = key.count
    var h: UInt32 = seed ^ UInt32(length)
    let blocks = length / 4
    for i in 0..<blocks {
        let i4 = i * 4
        var k = UInt32(key[i4]) | UInt32(key[i4 + 1]) << 8 | UInt32(key[i4 + 2]) << 16 | UInt32(key[i4 + 3]) << 24
        k = k &* m
        k ^= k >> r
        k = k &* m
        h = h &* m
        h ^= k
    }
    let tail = blocks * 4
    switch length % 4 {
    case 3:
        h ^= UInt32(key[tail + 2]) << 16
        h ^= UInt32(key[tail + 1]) << 8
        h ^= UInt32(key[tail])
        h = h &* m
    case 2:
        h ^= UInt32(key[tail + 1]) << 8
        h ^= UInt32(key[tail])
        h = h &* m
    case 1:
        h ^= UInt32(key[tail])
        h = h &* m
    default:
        break
    }
    h ^= h >> 13
    h = h &* m
    h ^= h >> 15
    return Int(h & 0x7fff_ffff) % partitions
}
