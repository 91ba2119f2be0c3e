import OnePointKafka
import Testing

/// `KafkaPartitioner` must put a key where librdkafka's `murmur2_random` (and a Java producer)
/// does: the runtime routes inputs with it to meet records producers keyed by the same id.
@Suite("Kafka partitioner")
struct KafkaPartitionerTests {
    @Test("the partition of every key is the one the producer's murmur2_random chose, for 6 and 7 partitions")
    func matchesTheProducer() async throws {
        let six = uniqueName("partitioner-6")
        let seven = uniqueName("partitioner-7")
        let cluster = try EmbeddedKafkaCluster(
            brokers: 1, topics: [KafkaTopicSpec(name: six, partitions: 6), KafkaTopicSpec(name: seven, partitions: 7)], logger: testLogger)
        defer { cluster.close() }
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: testLogger)
        let keys = (0..<200).map { "order-\($0)" } + ["GD", "HQ", "SC", "", "a", "ab", "abc", "abcd", "TT-GD-2026-1130-3-0001", "中文键"]
        for (topic, partitions) in [(six, Int32(6)), (seven, Int32(7))] {
            let results = await producer.send(keys.map { KafkaProducerRecord(topic: topic, key: $0, value: Array("v".utf8)) })
            for (key, result) in zip(keys, results) {
                let report = try result.get()
                #expect(report.partition == KafkaPartitioner.partition(forKey: key, among: partitions), "key '\(key)' on \(partitions) partitions")
            }
        }
        await producer.close()
    }

    @Test("murmur2 agrees with Kafka's own test vectors")
    func vectors() {
        // From org.apache.kafka.common.utils.UtilsTest.testMurmur2.
        #expect(KafkaPartitioner.murmur2(Array("21".utf8)) == -973_932_308)
        #expect(KafkaPartitioner.murmur2(Array("foobar".utf8)) == -790_332_482)
        #expect(KafkaPartitioner.murmur2(Array("a-little-bit-long-string".utf8)) == -985_981_536)
        #expect(KafkaPartitioner.murmur2(Array("a-little-bit-longer-string".utf8)) == -1_486_304_829)
        #expect(KafkaPartitioner.murmur2(Array("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8".utf8)) == -58_897_971)
    }
}
