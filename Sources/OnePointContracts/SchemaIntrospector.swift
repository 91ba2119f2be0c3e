import Foundation
import OnePointDomain

/// Internal: derives the ``SchemaNode`` of a `Decodable` type by letting the type decode
/// itself from a recording decoder.
///
/// Each property a type's `init(from:)` asks for is recorded with its type: `decode` makes it
/// required, `decodeIfPresent` optional. Leaf types are recognised directly: numbers, text,
/// `Bool`, `Date` (an instant), `Decimal`, ``CivilDate``, ``UnitID``, arrays, string-keyed
/// dictionaries and string enums (`CaseIterable & RawRepresentable`, listed by raw value).
/// A type that needs something else (an unkeyed container, a nested container) is reported,
/// never guessed.
enum SchemaIntrospector {
    /// A type the introspector cannot describe.
    struct Failure: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    /// The schema of `type`.
    static func node<T: Decodable>(for type: T.Type) throws(Failure) -> SchemaNode {
        do {
            return try introspect(type).node
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "\(T.self) cannot be introspected: \(error)")
        }
    }

    /// The schema of `type` and a placeholder value of it.
    static func introspect<T: Decodable>(_ type: T.Type) throws -> (node: SchemaNode, value: T) {
        func leaf(_ node: SchemaNode, _ value: Any) throws -> (node: SchemaNode, value: T) {
            guard let typed = value as? T else { throw Failure(description: "placeholder for \(T.self)") }
            return (node, typed)
        }
        switch T.self {
        case is String.Type: return try leaf(.string, "x")
        case is Bool.Type: return try leaf(.boolean, false)
        case is Int.Type: return try leaf(.integer, 1)
        case is Int64.Type: return try leaf(.integer, Int64(1))
        case is Int32.Type: return try leaf(.integer, Int32(1))
        case is UInt.Type: return try leaf(.integer, UInt(1))
        case is Double.Type: return try leaf(.number, 1.0)
        case is Decimal.Type: return try leaf(.number, Decimal(1))
        case is Date.Type: return try leaf(.dateTime, Date(timeIntervalSince1970: 1_790_000_000))
        case is CivilDate.Type: return try leaf(.date, try CivilDate(year: 2026, month: 1, day: 1))
        case is UnitID.Type: return try leaf(.unit, UnitID("HQ"))
        default: break
        }
        if let collection = T.self as? any IntrospectableCollection.Type {
            return try leaf(try collection.introspectedNode(), collection.emptyValue)
        }
        if let enumeration = T.self as? any CaseIterable.Type {
            let (values, first) = try rawValues(enumeration)
            return try leaf(.enumeration(values), first)
        }
        let recorder = Recorder()
        let value = try T(from: IntrospectingDecoder(recorder: recorder))
        if let properties = recorder.properties { return (.object(properties), value) }
        if let single = recorder.single { return (single, value) }
        throw Failure(description: "\(T.self) decoded nothing")
    }

    /// The raw values of a string enum, and its first case.
    static func rawValues<E: CaseIterable>(_ type: E.Type) throws -> (values: [String], first: E) {
        let cases = Array(type.allCases)
        let values = cases.compactMap { ($0 as? any RawRepresentable)?.rawValue as? String }
        guard let first = cases.first, values.count == cases.count else {
            throw Failure(description: "\(E.self) is not an enum with string raw values")
        }
        return (values, first)
    }

    /// What one type asked for while decoding.
    final class Recorder {
        var properties: [SchemaNode.Property]?
        var single: SchemaNode?

        func record<T: Decodable>(_ type: T.Type, name: String, required: Bool) throws -> T {
            let (node, value) = try introspect(type)
            var list = properties ?? []
            if let index = list.firstIndex(where: { $0.name == name }) {
                list[index].required = list[index].required || required
            } else {
                list.append(SchemaNode.Property(name: name, node: node, required: required))
            }
            properties = list
            return value
        }

        func recordSingle<T: Decodable>(_ type: T.Type) throws -> T {
            let (node, value) = try introspect(type)
            single = node
            return value
        }
    }
}

/// Internal: arrays and dictionaries describe themselves to the ``SchemaIntrospector``.
protocol IntrospectableCollection {
    static func introspectedNode() throws -> SchemaNode
    static var emptyValue: Self { get }
}

extension Array: IntrospectableCollection where Element: Decodable {
    static func introspectedNode() throws -> SchemaNode { .array(try SchemaIntrospector.introspect(Element.self).node) }
    static var emptyValue: Self { [] }
}

extension Dictionary: IntrospectableCollection where Key: Decodable, Value: Decodable {
    static func introspectedNode() throws -> SchemaNode {
        let values = try SchemaIntrospector.introspect(Value.self).node
        if Key.self == String.self { return .map(keys: nil, values: values) }
        if Key.self is any CodingKeyRepresentable.Type, let enumeration = Key.self as? any CaseIterable.Type {
            return .map(keys: try SchemaIntrospector.rawValues(enumeration).values, values: values)
        }
        if Key.self is any CodingKeyRepresentable.Type { return .map(keys: nil, values: values) }
        throw SchemaIntrospector.Failure(description: "a dictionary keyed by \(Key.self) is encoded as an array; use a list")
    }
    static var emptyValue: Self { [:] }
}

/// Internal: the recording decoder of ``SchemaIntrospector``.
private struct IntrospectingDecoder: Decoder {
    let recorder: SchemaIntrospector.Recorder
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        if recorder.properties == nil { recorder.properties = [] }
        return KeyedDecodingContainer(KeyedIntrospector<Key>(recorder: recorder))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw SchemaIntrospector.Failure(description: "unkeyed containers are not supported; use an array property")
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleIntrospector(recorder: recorder) }
}

private struct KeyedIntrospector<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let recorder: SchemaIntrospector.Recorder
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try recorder.record(type, name: key.stringValue, required: true)
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        _ = try recorder.record(type, name: key.stringValue, required: false)
        return nil
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try recorder.record(type, name: key.stringValue, required: true) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try recorder.record(type, name: key.stringValue, required: true) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try recorder.record(type, name: key.stringValue, required: true) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw unsupported(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try recorder.record(type, name: key.stringValue, required: true) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { throw unsupported(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { throw unsupported(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try recorder.record(type, name: key.stringValue, required: true) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try recorder.record(type, name: key.stringValue, required: true) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try recorder.record(type, name: key.stringValue, required: true) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { throw unsupported(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { throw unsupported(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { throw unsupported(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { throw unsupported(type) }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { throw unsupported(type) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { throw unsupported(type) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { throw unsupported(type) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { throw unsupported(type) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { throw unsupported(type) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { throw unsupported(type) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { throw unsupported(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    { throw unsupported(type) }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw unsupported(Key.self) }
    func superDecoder() throws -> any Decoder { throw unsupported(Key.self) }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw unsupported(Key.self) }

    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        _ = try recorder.record(type, name: key.stringValue, required: false)
        return nil
    }

    private func unsupported(_ type: Any.Type) -> SchemaIntrospector.Failure {
        SchemaIntrospector.Failure(description: "\(type) in a keyed container is not supported by the schema introspector")
    }
}

private struct SingleIntrospector: SingleValueDecodingContainer {
    let recorder: SchemaIntrospector.Recorder
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { try recorder.recordSingle(type) }
    func decode(_ type: String.Type) throws -> String { try recorder.recordSingle(type) }
    func decode(_ type: Double.Type) throws -> Double { try recorder.recordSingle(type) }
    func decode(_ type: Float.Type) throws -> Float { throw unsupported(type) }
    func decode(_ type: Int.Type) throws -> Int { try recorder.recordSingle(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { throw unsupported(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { throw unsupported(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try recorder.recordSingle(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try recorder.recordSingle(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try recorder.recordSingle(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { throw unsupported(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { throw unsupported(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { throw unsupported(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { throw unsupported(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try recorder.recordSingle(type) }

    private func unsupported(_ type: Any.Type) -> SchemaIntrospector.Failure {
        SchemaIntrospector.Failure(description: "\(type) is not supported by the schema introspector")
    }
}
