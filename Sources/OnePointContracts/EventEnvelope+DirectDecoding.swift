import Foundation
import OnePointDomain

/// Internal: a payload read straight from its schema-checked JSON object, without `Decoder`.
///
/// The generic decoding machinery (keyed containers, metadata lookups, dynamic casts) was 17 % of
/// the fault worker's CPU in an alarm storm, for an envelope whose shape the schema check has
/// just confirmed. A conforming type reads exactly what its synthesized `init(from:)` reads, by
/// the same rules (``ContractJSON`` dates, integers below 2^53, null or absent is `nil`) and
/// returns `nil` for anything else (a member it does not know, a value of another shape), so the
/// caller decodes as before. Adopt it only for a type whose `Decodable` conformance is
/// synthesized, and test it against `JSONDecoder` (`DirectDecodingTests`).
///
/// The two readers are one generic reader over ``CheckedMembers`` in each conformance; they are
/// two requirements so that each is specialized for its kind of object (a generic requirement
/// called through the existential metatype is not).
protocol DirectlyDecodedPayload: EventPayload {
    /// Reads the payload from its parsed, checked object.
    init?(checked object: [String: JSONValue])
    /// Reads the payload from its scanned object (``SchemaScanner``).
    init?(scanned object: ScannedObject)
}

extension EventEnvelope {
    /// The envelope read without `Decoder` when its payload can be (see
    /// ``DirectlyDecodedPayload``); `nil` to decode it the usual way.
    static func decodedDirectly<Members: CheckedMembers>(_ object: Members) -> Self? {
        guard let payloadType = Payload.self as? any DirectlyDecodedPayload.Type,
            object.count == 9,  // every member of an envelope is required, and there are nine
            let eventId = object["eventId"]?.directString,
            let eventType = object["eventType"]?.directString.flatMap(EventType.init(rawValue:)),
            let eventTime = object["eventTime"]?.directDate,
            let correlationId = object["correlationId"]?.directString,
            let domain = object["domain"]?.directString.flatMap(EventDomain.init(rawValue:)),
            let priority = object["priority"]?.directString.flatMap(EventPriority.init(rawValue:)),
            let source = object.object("source"), source.count == 2,
            let unit = source["unit"]?.directString, let worker = source["worker"]?.directString,
            let schemaVersion = object["schemaVersion"]?.directInt,
            let payload = object.object("event"),
            let event = payload.payload(payloadType) as? Payload
        else { return nil }
        var envelope = Self(
            eventType, event: event, eventTime: eventTime, source: EventSource(unit: UnitID(rawValue: unit), worker: worker), eventId: eventId,
            correlationId: correlationId, priority: priority)
        envelope.domain = domain
        envelope.schemaVersion = schemaVersion
        return envelope
    }
}

extension EventEnvelope {
    /// The envelope `bytes` hold, read in one pass (``SchemaScanner``) as an event of `type`
    /// (the type its record's head names) when its payload can be read directly; `nil` to parse,
    /// check and decode it the usual way. What it returns is what ``decode(_:topology:)`` returns
    /// for the same bytes: the scan accepts only what the schema of `type` accepts, and then the
    /// payload type and the alarm state are checked as ``decode(_:topology:)`` checks them.
    static func scannedDirectly(_ bytes: [UInt8], as type: EventType, topology: Topology?) -> Self? {
        guard Payload.self is any DirectlyDecodedPayload.Type, type.payloadType == Payload.self,
            let plan = SchemaScanner.Plan.envelopes[type],
            let object = SchemaScanner.scan(bytes, as: plan, units: topology)
        else { return nil }
        if let state = type.requiredAlarmState, object.object("event")?["state"] != .string(state.rawValue) { return nil }
        return decodedDirectly(object)
    }
}

extension JSONValue {
    /// The text of a string value.
    var directString: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    /// The instant of a string value, by the contracts' date rule.
    var directDate: Date? { directString.flatMap(ContractJSON.parseDate) }

    /// A whole number below 2^53, as `JSONDecoder` reads an `Int` (larger ones are left to it).
    var directInt: Int? {
        guard case .number(let number, true) = self, abs(number) < exactIntegerBound else { return nil }
        return Int(exactly: number)
    }

    /// An optional member as synthesized decoding reads it: absent or null is `.some(nil)`, a
    /// string is its text, anything else `nil` (not readable here).
    static func directOptionalString(_ value: JSONValue?) -> String?? {
        switch value {
        case nil, .null?: return .some(nil)
        case .string(let text)?: return .some(text)
        default: return nil
        }
    }

    /// An optional instant, read as ``directOptionalString(_:)`` reads text.
    static func directOptionalDate(_ value: JSONValue?) -> Date?? {
        switch value {
        case nil, .null?: return .some(nil)
        case let value?: return value.directDate.map { .some($0) }
        }
    }
}
