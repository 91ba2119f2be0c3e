import Foundation

/// Internal: decodes a `Decodable` straight from a parsed ``JSONValue``, so one parse serves
/// both the schema check and the typed decoding.
///
/// It reads what `JSONDecoder` (default key strategy, the contracts' date rule) reads from the
/// same JSON, and nothing more; whatever it does not handle exactly as `JSONDecoder` does is
/// refused (``JSONValue/DecodingRefused``), so the caller decodes the bytes with
/// `JSONDecoder` instead: `Decimal`, `Data`, `URL`, `Float`, fixed-width integers other than
/// `Int`, integers from 2^53 on (a ``JSONValue`` number is a `Double`), super decoders. A
/// failure carries no message worth keeping for the same reason: the caller re-decodes with
/// `JSONDecoder` to report the error exactly as before.
extension JSONValue {
    /// Decoding left to `JSONDecoder` (see the extension's comment).
    struct DecodingRefused: Error {
        var reason: String
    }

    /// Decodes `type` from this value, as `JSONDecoder` would from its JSON text.
    /// - Throws: ``DecodingRefused``, a `DecodingError`, or whatever `type`'s `init(from:)` throws.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONValueDecoder(value: self, codingPath: []).unwrap(type)
    }
}

/// 2^53: every integer of smaller magnitude is a `Double` of its own.
let exactIntegerBound = 9_007_199_254_740_992.0

private struct JSONValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw mismatch([String: JSONValue].self, value, codingPath)
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw mismatch([JSONValue].self, value, codingPath)
        }
        return UnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleContainer(decoder: self) }

    /// `type` from ``value``: leaves directly, the types `JSONDecoder` treats specially by
    /// its rules (or refused), everything else through its own `init(from:)`.
    func unwrap<T: Decodable>(_ type: T.Type) throws -> T {
        // Metatype comparisons, not casts: this runs for every value of every event.
        if T.self == String.self { return try cast(unwrapString(), type) }
        if T.self == Int.self { return try cast(unwrapInt(), type) }
        if T.self == Bool.self { return try cast(unwrapBool(), type) }
        if T.self == Double.self { return try cast(unwrapDouble(), type) }
        if T.self == Date.self {
            let text = try unwrapString()
            guard let date = ContractJSON.parseDate(text) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: codingPath, debugDescription: "'\(text)' is not an ISO-8601 date-time with offset"))
            }
            return try cast(date, type)
        }
        if T.self == Decimal.self || T.self == Data.self || T.self == URL.self || T.self == Float.self || T.self == Int8.self
            || T.self == Int16.self || T.self == Int32.self || T.self == Int64.self || T.self == UInt.self || T.self == UInt8.self
            || T.self == UInt16.self || T.self == UInt32.self || T.self == UInt64.self
        {
            throw JSONValue.DecodingRefused(reason: "\(T.self) is left to JSONDecoder")
        }
        return try T(from: self)
    }

    private func cast<T>(_ value: Any, _ type: T.Type) throws -> T {
        guard let typed = value as? T else { throw JSONValue.DecodingRefused(reason: "internal: \(value) is not a \(T.self)") }
        return typed
    }

    func unwrapString() throws -> String { try Self.string(value, codingPath) }
    func unwrapBool() throws -> Bool { try Self.bool(value, codingPath) }
    func unwrapInt() throws -> Int { try Self.int(value, codingPath) }
    func unwrapDouble() throws -> Double { try Self.double(value, codingPath) }

    static func string(_ value: JSONValue, _ codingPath: @autoclosure () -> [any CodingKey]) throws -> String {
        guard case .string(let text) = value else { throw mismatch(String.self, value, codingPath()) }
        return text
    }

    static func bool(_ value: JSONValue, _ codingPath: @autoclosure () -> [any CodingKey]) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(Bool.self, value, codingPath()) }
        return flag
    }

    static func int(_ value: JSONValue, _ codingPath: @autoclosure () -> [any CodingKey]) throws -> Int {
        guard case .number(let number, true) = value else { throw mismatch(Int.self, value, codingPath()) }
        // Below 2^53 the number is the integer written; 2^53 itself may have been 2^53 + 1.
        guard abs(number) < exactIntegerBound, let integer = Int(exactly: number) else {
            throw JSONValue.DecodingRefused(reason: "an integer from 2^53 on is left to JSONDecoder")
        }
        return integer
    }

    static func double(_ value: JSONValue, _ codingPath: @autoclosure () -> [any CodingKey]) throws -> Double {
        guard case .number(let number, _) = value else { throw mismatch(Double.self, value, codingPath()) }
        return number
    }
}

private func mismatch(_ type: Any.Type, _ value: JSONValue, _ codingPath: [any CodingKey]) -> DecodingError {
    if case .null = value {
        return DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "Found null value instead"))
    }
    return DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "Found \(value.kind) instead"))
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func member(_ key: Key) throws -> JSONValue {
        guard let member = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No value for \(key.stringValue)"))
        }
        return member
    }

    private func decoder(_ key: Key) throws -> JSONValueDecoder {
        JSONValueDecoder(value: try member(key), codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try member(key) { return true }
        return false
    }

    // Leaves are read from the member directly; a coding path is built only for an error.
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try JSONValueDecoder.string(member(key), codingPath + [key]) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try JSONValueDecoder.bool(member(key), codingPath + [key]) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try JSONValueDecoder.int(member(key), codingPath + [key]) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try JSONValueDecoder.double(member(key), codingPath + [key]) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder(key).unwrap(type) }

    // Absent or null is `nil`, as `JSONDecoder` reads it; one lookup instead of three.
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try present(key).map { try JSONValueDecoder.string($0, codingPath + [key]) }
    }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try present(key).map { try JSONValueDecoder.bool($0, codingPath + [key]) }
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        try present(key).map { try JSONValueDecoder.int($0, codingPath + [key]) }
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try present(key).map { try JSONValueDecoder.double($0, codingPath + [key]) }
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try present(key).map { try JSONValueDecoder(value: $0, codingPath: codingPath + [key]).unwrap(type) }
    }

    private func present(_ key: Key) -> JSONValue? {
        switch members[key.stringValue] {
        case nil, .null?: return nil
        case let member?: return member
        }
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decoder(key).unwrap(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder(key).unwrap(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder(key).unwrap(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder(key).unwrap(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder(key).unwrap(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder(key).unwrap(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder(key).unwrap(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder(key).unwrap(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder(key).unwrap(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder(key).unwrap(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try decoder(key).unkeyedContainer() }

    func superDecoder() throws -> any Decoder { throw JSONValue.DecodingRefused(reason: "super decoders are left to JSONDecoder") }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw JSONValue.DecodingRefused(reason: "super decoders are left to JSONDecoder") }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    /// The decoder of the current element; the index moves on only when decoding succeeds.
    private func current(_ type: Any.Type) throws -> JSONValueDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "Unkeyed container is at end."))
        }
        return JSONValueDecoder(value: elements[currentIndex], codingPath: codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard case .null = try current(Never.self).value else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try current(type).unwrap(type)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let container = try current(type).container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try current([JSONValue].self).unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder { throw JSONValue.DecodingRefused(reason: "super decoders are left to JSONDecoder") }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let decoder: JSONValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        if case .null = decoder.value { return true }
        return false
    }

    func decode(_ type: String.Type) throws -> String { try decoder.unwrapString() }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.unwrapBool() }
    func decode(_ type: Int.Type) throws -> Int { try decoder.unwrapInt() }
    func decode(_ type: Double.Type) throws -> Double { try decoder.unwrapDouble() }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.unwrap(type) }
    func decode(_ type: Float.Type) throws -> Float { try decoder.unwrap(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.unwrap(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.unwrap(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.unwrap(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.unwrap(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.unwrap(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.unwrap(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.unwrap(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.unwrap(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.unwrap(type) }
}

/// The coding key of an array element.
private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }

    init(_ index: Int) { intValue = index }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}
