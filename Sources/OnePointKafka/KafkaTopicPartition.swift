/// A partition of a topic.
public struct KafkaTopicPartition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32

    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }

    public var description: String { "\(topic)[\(partition)]" }
}

/// A starting position for a partition.
public enum KafkaOffset: Sendable, Hashable {
    /// The first offset still held by the partition.
    case beginning
    /// The next offset to be written (only new records).
    case end
    /// The consumer group's committed offset, or `auto.offset.reset` when there is none.
    case committed
    /// This exact offset: the next record read is the one at `offset`.
    case exact(Int64)
}
