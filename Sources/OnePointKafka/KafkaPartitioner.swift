/// The partition Kafka's default partitioner gives a key: `murmur2` of the key's bytes, made
/// positive, modulo the partition count. librdkafka's `murmur2_random` (the partitioner OnePoint's
/// producers use) and the Java clients place keyed records exactly so; the runtime routes inputs
/// with it too, so a record routed by an entity's id reaches the partition a producer keying that
/// id would have chosen.
public enum KafkaPartitioner {
    /// The partition of `key` among `partitions` (at least 1).
    public static func partition(forKey key: [UInt8], among partitions: Int32) -> Int32 {
        Int32((UInt32(bitPattern: murmur2(key)) & 0x7fff_ffff) % UInt32(max(1, partitions)))
    }

    /// The partition of the UTF-8 bytes of `key`.
    public static func partition(forKey key: String, among partitions: Int32) -> Int32 {
        partition(forKey: Array(key.utf8), among: partitions)
    }

    /// Kafka's murmur2 (seed `0x9747b28c`), as `org.apache.kafka.common.utils.Utils.murmur2`.
    public static func murmur2(_ data: [UInt8]) -> Int32 {
        let m: UInt32 = 0x5bd1_e995
        let r: UInt32 = 24
        var h: UInt32 = 0x9747_b28c ^ UInt32(truncatingIfNeeded: data.count)
        let blocks = data.count / 4
        for block in 0..<blocks {
            let i = block * 4
            var k = UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24
            k = k &* m
            k ^= k >> r
            k = k &* m
            h = h &* m
            h ^= k
        }
        let tail = blocks * 4
        switch data.count % 4 {
        case 3:
            h ^= UInt32(data[tail + 2]) << 16
            h ^= UInt32(data[tail + 1]) << 8
            h ^= UInt32(data[tail])
            h = h &* m
        case 2:
            h ^= UInt32(data[tail + 1]) << 8
            h ^= UInt32(data[tail])
            h = h &* m
        case 1:
            h ^= UInt32(data[tail])
            h = h &* m
        default:
            break
        }
        h ^= h >> 13
        h = h &* m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }
}
