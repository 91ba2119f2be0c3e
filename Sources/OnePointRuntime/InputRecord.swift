import Foundation
import OnePointKafka

/// One record a worker reads, as ``WorkerLogic/decode(_:)`` sees it: where it came from, its key,
/// value and headers. The runtime owns this type, so a worker's decisions never depend on the
/// Kafka client's (it wraps the record read, without copying its bytes).
public struct InputRecord: Sendable, Hashable {
    /// One header: a name and an optional value (a header may carry none).
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: [UInt8]?

        public init(name: String, value: [UInt8]?) {
            self.name = name
            self.value = value
        }

        /// A header whose value is the UTF-8 bytes of `text`.
        public init(name: String, text: String) {
            self.init(name: name, value: Array(text.utf8))
        }

        /// The value as UTF-8 text, or `nil` when absent or not valid UTF-8.
        public var text: String? { KafkaHeader(key: name, value: value).stringValue }
    }

    let message: KafkaMessage

    init(_ message: KafkaMessage) {
        self.message = message
    }

    /// A record as if read from `topic` (for tests and tools that feed a logic directly).
    public init(
        topic: String, partition: Int32 = 0, offset: Int64 = 0, key: [UInt8]? = nil, value: [UInt8]?, headers: [Header] = [],
        timestamp: Date? = nil
    ) {
        message = KafkaMessage(
            topic: topic, partition: partition, offset: offset, key: key, value: value,
            headers: headers.map { KafkaHeader(key: $0.name, value: $0.value) }, timestamp: timestamp)
    }

    /// The topic it was read from.
    public var topic: String { message.topic }
    /// Its partition of ``topic``.
    public var partition: Int32 { message.partition }
    /// Its offset in the partition.
    public var offset: Int64 { message.offset }
    /// The key's bytes, if it has a key.
    public var key: [UInt8]? { message.key }
    /// The key as UTF-8 text, or `nil` when absent or not valid UTF-8.
    public var keyText: String? { message.keyString }
    /// The value's bytes; `nil` for a tombstone.
    public var value: [UInt8]? { message.value }
    /// `true` for a record with a null value (a tombstone).
    public var isTombstone: Bool { message.value == nil }
    /// When it was written (create or log-append time), when the broker said.
    public var timestamp: Date? { message.timestamp }
    /// Its headers, in order.
    public var headers: [Header] { message.headers.map { Header(name: $0.key, value: $0.value) } }

    /// The value of the last header named `name`, as UTF-8 text.
    public func header(_ name: String) -> String? { message.headers.string(name) }

    /// Every header with a UTF-8 value, as (name, text), in order.
    public var textHeaders: [(name: String, value: String)] {
        message.headers.compactMap { header in header.stringValue.map { (name: header.key, value: $0) } }
    }
}
