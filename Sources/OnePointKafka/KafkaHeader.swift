/// One Kafka record header: a key and an optional value (a header may carry no value).
public struct KafkaHeader: Sendable, Hashable {
    public var key: String
    public var value: [UInt8]?

    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }

    /// A header whose value is the UTF-8 bytes of `value`.
    public init(key: String, string value: String) {
        self.init(key: key, value: Array(value.utf8))
    }

    /// The value as UTF-8 text, or `nil` when absent or not valid UTF-8.
    public var stringValue: String? {
        value.flatMap(String.init(checkedUTF8:))
    }
}

extension Array where Element == KafkaHeader {
    /// The value of the last header named `key`, as UTF-8 text.
    public func string(_ key: String) -> String? {
        last(where: { $0.key == key })?.stringValue
    }
}
