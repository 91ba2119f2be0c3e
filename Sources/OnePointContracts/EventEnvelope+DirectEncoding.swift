import Foundation
import OnePointDomain

/// Internal: a payload that makes its own JSON value, without `Encoder`.
///
/// The generic encoding machinery (a boxed keyed container, an encoder object and a growing
/// dictionary for every nested value) was 8 % of the fault worker's CPU on the throughput mix,
/// most of it writing the whole ticket that each ticket event carries. A conforming type makes
/// exactly the value ``JSONValue/encoding(_:)`` makes of it through its synthesized `encode(to:)`
/// (members named as its properties, `nil` optionals left out, ``ContractJSON`` dates, integers
/// below 2^53) and returns `nil` for anything that encoding refuses, so the caller encodes as
/// before. Adopt it only for a type whose `Encodable` conformance is synthesized, and test it
/// against ``JSONValue/encoding(_:)`` (`DirectEncodingTests`).
protocol DirectlyEncodedPayload: EventPayload {
    /// The payload's JSON value; `nil` when ``JSONValue/encoding(_:)`` would refuse it.
    var directJSON: JSONValue? { get }
}

extension EventEnvelope {
    /// The envelope's JSON value made without `Encoder` when its payload can be (see
    /// ``DirectlyEncodedPayload``): the value ``JSONValue/encoding(_:)`` makes of it; `nil` to
    /// encode it the usual way.
    func directJSON() -> JSONValue? {
        guard let payload = (event as? any DirectlyEncodedPayload)?.directJSON, let version = JSONValue.direct(schemaVersion) else { return nil }
        return .object([
            "correlationId": .string(correlationId),
            "domain": .string(domain.rawValue),
            "event": payload,
            "eventId": .string(eventId),
            "eventTime": .direct(eventTime),
            "eventType": .string(eventType.rawValue),
            "priority": .string(priority.rawValue),
            "schemaVersion": version,
            "source": .object(["unit": .string(source.unit.rawValue), "worker": .string(source.worker)]),
        ])
    }
}

extension JSONValue {
    /// An integer as ``encoding(_:)`` writes an `Int`; `nil` from 2^53 on (left to `JSONEncoder`).
    static func direct(_ integer: Int) -> JSONValue? {
        guard let number = Double(exactly: integer), abs(number) < exactIntegerBound else { return nil }
        return .number(number, isInteger: true)
    }

    /// An instant as ``encoding(_:)`` writes a `Date` (``ContractJSON`` format, +08:00).
    static func direct(_ date: Date) -> JSONValue { .string(ContractJSON.format(date)) }

    /// The values of `elements`, each made by `value`; `nil` when one of them is.
    static func direct<Element>(_ elements: [Element], _ value: (Element) -> JSONValue?) -> JSONValue? {
        var values: [JSONValue] = []
        values.reserveCapacity(elements.count)
        for element in elements {
            guard let made = value(element) else { return nil }
            values.append(made)
        }
        return .array(values)
    }

    /// A list of text.
    static func direct(_ texts: [String]) -> JSONValue { .array(texts.map { .string($0) }) }
}

extension EntityReference {
    /// The reference's JSON value, as ``JSONValue/encoding(_:)`` makes it.
    var directJSON: JSONValue { .object(["kind": .string(kind.rawValue), "id": .string(id)]) }
}

extension CustomerReference {
    /// The customer's JSON value, as ``JSONValue/encoding(_:)`` makes it.
    var directJSON: JSONValue { .object(["id": .string(id), "name": .string(name), "level": .string(level.rawValue)]) }
}
