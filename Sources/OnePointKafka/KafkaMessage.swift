import Foundation

/// A record read from Kafka.
///
/// `value` is `nil` for a tombstone (a record with a null payload, as on compacted topics); `key`
/// is `nil` for a record written without a key. Neither is an error.
public struct KafkaMessage: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [KafkaHeader]
    /// The record's timestamp (create or log-append time), when the broker gave one.
    public var timestamp: Date?

    public init(
        topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8]?,
        headers: [KafkaHeader] = [], timestamp: Date? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }

    /// The topic-partition the record came from.
    public var topicPartition: KafkaTopicPartition { KafkaTopicPartition(topic: topic, partition: partition) }

    /// `true` for a record with a null payload.
    public var isTombstone: Bool { value == nil }

    /// The key as UTF-8 text, or `nil` when absent or not valid UTF-8.
    public var keyString: String? { key.flatMap(String.init(checkedUTF8:)) }
}

/// A record to write to Kafka.
public struct KafkaProducerRecord: Sendable, Hashable {
    public var topic: String
    public var key: [UInt8]?
    /// The payload; `nil` writes a tombstone.
    public var value: [UInt8]?
    public var headers: [KafkaHeader]
    /// A fixed partition, or `nil` to let the partitioner choose from the key.
    public var partition: Int32?

    public init(
        topic: String, key: [UInt8]?, value: [UInt8]?, headers: [KafkaHeader] = [], partition: Int32? = nil
    ) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
        self.partition = partition
    }

    /// A record with a UTF-8 string key.
    public init(
        topic: String, key: String?, value: [UInt8]?, headers: [KafkaHeader] = [], partition: Int32? = nil
    ) {
        self.init(topic: topic, key: key.map { Array($0.utf8) }, value: value, headers: headers, partition: partition)
    }
}

/// Where a record landed.
public struct KafkaDeliveryReport: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
}
