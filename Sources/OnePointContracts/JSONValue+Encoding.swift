import Foundation

/// Internal: encodes an `Encodable` into a ``JSONValue`` and writes a ``JSONValue`` as JSON
/// text, byte for byte what `JSONEncoder` writes with `[.sortedKeys, .withoutEscapingSlashes]`
/// and the contracts' date rule. An emitted event is then checked against its schema from
/// the value it was written from, without parsing its own text again.
///
/// Whatever it does not write exactly as `JSONEncoder` does is refused
/// (``JSONValue/EncodingRefused``) and the caller encodes with `JSONEncoder` instead:
/// `Decimal`, `Double`, `Float`, `Data`, `URL`, fixed-width integers other than `Int`, integers
/// from 2^53 on, nested and super encoders, a value that encodes nothing. A failure of the
/// value's own `encode(to:)` is refused the same way, so `JSONEncoder` reports it as before.
extension JSONValue {
    /// Encoding left to `JSONEncoder` (see the extension's comment).
    struct EncodingRefused: Error {
        var reason: String
    }

    /// The value `JSONEncoder` would write for `value`.
    /// - Throws: ``EncodingRefused``, or whatever `value`'s `encode(to:)` throws.
    static func encoding<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONValueEncoder.box(value, codingPath: [])
    }

    /// The JSON text of this value: compact, keys sorted by their UTF-8 bytes, slashes
    /// unescaped, as `JSONEncoder` writes it.
    /// - Throws: ``EncodingRefused`` for a number that is not an integer (never made by
    ///   ``encoding(_:)``).
    func serialized() throws(EncodingRefused) -> [UInt8] {
        var writer = Writer()
        try writer.write(self)
        return writer.bytes
    }

    /// The compact writer (`JSONEncoder`'s escaping: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`,
    /// other control characters as `\u00xx`; everything else, `/` included, as is).
    private struct Writer {
        var bytes: [UInt8] = []

        init() { bytes.reserveCapacity(1024) }

        mutating func write(_ value: JSONValue) throws(EncodingRefused) {
            switch value {
            case .null: bytes.append(contentsOf: "null".utf8)
            case .bool(let flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
            case .number(let number, true):
                guard abs(number) < exactIntegerBound, let integer = Int(exactly: number) else {
                    throw EncodingRefused(reason: "\(number) is beyond the integers a Double holds exactly")
                }
                bytes.append(contentsOf: String(integer).utf8)
            case .number(let number, false):
                throw EncodingRefused(reason: "\(number) is not an integer; JSONEncoder writes it")
            case .string(let text): write(text)
            case .array(let elements):
                bytes.append(UInt8(ascii: "["))
                for (index, element) in elements.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    try write(element)
                }
                bytes.append(UInt8(ascii: "]"))
            case .object(let members):
                bytes.append(UInt8(ascii: "{"))
                let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                for (index, member) in sorted.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    write(member.key)
                    bytes.append(UInt8(ascii: ":"))
                    try write(member.value)
                }
                bytes.append(UInt8(ascii: "}"))
            }
        }

        mutating func write(_ text: String) {
            bytes.append(UInt8(ascii: "\""))
            var text = text
            text.withUTF8 { utf8 in
                // Runs of bytes that need no escape are copied whole.
                var start = 0
                for index in utf8.indices where utf8[index] < 0x20 || utf8[index] == UInt8(ascii: "\"") || utf8[index] == UInt8(ascii: "\\") {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                    writeEscaped(utf8[index])
                    start = index + 1
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
            }
            bytes.append(UInt8(ascii: "\""))
        }

        /// One byte of text, escaped as `JSONEncoder` escapes it when it must be.
        mutating func writeEscaped(_ byte: UInt8) {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
    }
}

/// One value being encoded: what its `encode(to:)` asked for, a keyed, an unkeyed or a single
/// value container (one kind only, as `JSONEncoder` requires).
private final class JSONValueEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var object: [String: JSONValue]?
    var array: [JSONValue]?
    var single: JSONValue?
    /// Why this value is left to `JSONEncoder`, once something was asked for that is.
    var refusal: String?

    init(codingPath: [any CodingKey]) { self.codingPath = codingPath }

    /// `value` as a ``JSONValue``: leaves directly, the types `JSONEncoder` treats specially
    /// by its rules (or refused), everything else through its own `encode(to:)`.
    static func box<T: Encodable>(_ value: T, codingPath: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
        // Metatype comparisons first, casts only on a match: this runs for every value of every event.
        if T.self == String.self, let text = value as? String { return .string(text) }
        if T.self == Date.self, let date = value as? Date { return .string(ContractJSON.format(date)) }
        if T.self == Int.self, let integer = value as? Int {
            guard let number = Double(exactly: integer), abs(number) < exactIntegerBound else {
                throw JSONValue.EncodingRefused(reason: "\(integer) is beyond the integers a Double holds exactly")
            }
            return .number(number, isInteger: true)
        }
        if T.self == Bool.self, let flag = value as? Bool { return .bool(flag) }
        if T.self == Decimal.self || T.self == Double.self || T.self == Float.self || T.self == Data.self || T.self == URL.self
            || T.self == Int8.self || T.self == Int16.self || T.self == Int32.self || T.self == Int64.self || T.self == UInt.self
            || T.self == UInt8.self || T.self == UInt16.self || T.self == UInt32.self || T.self == UInt64.self
        {
            throw JSONValue.EncodingRefused(reason: "\(T.self) is left to JSONEncoder")
        }
        let encoder = JSONValueEncoder(codingPath: codingPath())
        try value.encode(to: encoder)
        return try encoder.result()
    }

    func result() throws -> JSONValue {
        if let refusal { throw JSONValue.EncodingRefused(reason: refusal) }
        if let object { return .object(object) }
        if let array { return .array(array) }
        if let single { return single }
        throw JSONValue.EncodingRefused(reason: "a value that encodes nothing is left to JSONEncoder")
    }

    func refuse(_ reason: String) {
        if refusal == nil { refusal = reason }
    }

    /// A keyed container makes the value an object (`{}` if nothing is put in it).
    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if array != nil || single != nil { refuse("one value asked for two kinds of container") }
        if object == nil { object = [:] }
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self))
    }

    /// An unkeyed container makes the value an array (`[]` if nothing is put in it).
    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if object != nil || single != nil { refuse("one value asked for two kinds of container") }
        if array == nil { array = [] }
        return UnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        if object != nil || array != nil { refuse("one value asked for two kinds of container") }
        return SingleContainer(encoder: self)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: JSONValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil(forKey key: Key) throws {
        encoder.object?[key.stringValue] = .null
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        let boxed = try JSONValueEncoder.box(value, codingPath: codingPath + [key])
        encoder.object?[key.stringValue] = boxed
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        encoder.refuse("nested containers are left to JSONEncoder")
        return KeyedEncodingContainer(RefusingKeyed<NestedKey>(codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.refuse("nested containers are left to JSONEncoder")
        return RefusingUnkeyed(codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        encoder.refuse("super encoders are left to JSONEncoder")
        return RefusingEncoder(codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        encoder.refuse("super encoders are left to JSONEncoder")
        return RefusingEncoder(codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: JSONValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.array?.count ?? 0 }

    mutating func encodeNil() throws { encoder.array?.append(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let boxed = try JSONValueEncoder.box(value, codingPath: codingPath + [IndexKey(count)])
        encoder.array?.append(boxed)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        encoder.refuse("nested containers are left to JSONEncoder")
        return KeyedEncodingContainer(RefusingKeyed<NestedKey>(codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        encoder.refuse("nested containers are left to JSONEncoder")
        return RefusingUnkeyed(codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        encoder.refuse("super encoders are left to JSONEncoder")
        return RefusingEncoder(codingPath: codingPath)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let encoder: JSONValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { set(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        set(try JSONValueEncoder.box(value, codingPath: codingPath))
    }

    private func set(_ value: JSONValue) {
        if encoder.single != nil || encoder.object != nil || encoder.array != nil {
            encoder.refuse("a single value container written twice, or after another container")
        }
        encoder.single = value
    }
}

/// What a nested or super encoder hands out: every use is refused, so `JSONEncoder` encodes
/// the value instead. (The contracts' types use none.)
private struct RefusingEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(RefusingKeyed<Key>(codingPath: codingPath))
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { RefusingUnkeyed(codingPath: codingPath) }
    func singleValueContainer() -> any SingleValueEncodingContainer { RefusingSingle(codingPath: codingPath) }
}

private func refusal() -> JSONValue.EncodingRefused {
    JSONValue.EncodingRefused(reason: "nested and super encoders are left to JSONEncoder")
}

private struct RefusingKeyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { throw refusal() }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { throw refusal() }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(RefusingKeyed<NestedKey>(codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { RefusingUnkeyed(codingPath: codingPath) }
    mutating func superEncoder() -> any Encoder { RefusingEncoder(codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { RefusingEncoder(codingPath: codingPath) }
}

private struct RefusingUnkeyed: UnkeyedEncodingContainer {
    let codingPath: [any CodingKey]
    var count: Int { 0 }

    mutating func encodeNil() throws { throw refusal() }
    mutating func encode<T: Encodable>(_ value: T) throws { throw refusal() }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(RefusingKeyed<NestedKey>(codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { RefusingUnkeyed(codingPath: codingPath) }
    mutating func superEncoder() -> any Encoder { RefusingEncoder(codingPath: codingPath) }
}

private struct RefusingSingle: SingleValueEncodingContainer {
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { throw refusal() }
    mutating func encode<T: Encodable>(_ value: T) throws { throw refusal() }
}

/// The coding key of an array element.
private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }

    init(_ index: Int) { intValue = index }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}
