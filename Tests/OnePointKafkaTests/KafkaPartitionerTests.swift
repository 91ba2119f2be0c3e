import OnePointKafka
import Testing

/// `KafkaPartitioner` must put a key where librdkafka's `murmur2_random` (and a Java producer)
/// does: the runtime routes inputs with it to meet records producers keyed by the same id
/// (`KafkaProducerConsumerTests.javaCompatiblePartitioning` checks it against the producer).
@Suite("Kafka partitioner")
struct KafkaPartitionerTests {
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
