import Foundation
import OnePointDomain

/// One event as it crosses a topic, in the TM Forum manner (TMF688 event envelope).
///
/// ```json
/// {"correlationId": "SO-2026-0001", "domain": "provisioning", "event": {…},
///  "eventId": "6f1c…", "eventTime": "2026-11-20T16:00:00+08:00",
///  "eventType": "ServiceOrderCreateEvent", "priority": "normal",
///  "schemaVersion": 1, "source": {"unit": "GD-GZ", "worker": "crm"}}
/// ```
///
/// Write it with ``encoded(pretty:)``, read it with ``decode(_:topology:)``; put it on Kafka
/// with ``EventRecord``. `docs/events.md` lists every event type.
public struct EventEnvelope<Payload: EventPayload>: Sendable, Equatable, Codable {
    /// The event's own id, UUID text. Stable: a re-emitted event keeps its id, so consumers
    /// can drop duplicates.
    public var eventId: String
    /// What happened, e.g. ``EventType/alarmCreate`` (`AlarmCreateEvent`).
    public var eventType: EventType
    /// When it happened; written ISO-8601 with the +08:00 offset.
    public var eventTime: Date
    /// Ties every event of one order, ticket or cutover together (the order id, ticket id, …).
    public var correlationId: String
    /// The business domain.
    public var domain: EventDomain
    /// How urgent the event is.
    public var priority: EventPriority
    /// Who emitted it.
    public var source: EventSource
    /// The version of the payload's schema (``EventType/schemaVersion`` when we write it).
    public var schemaVersion: Int
    /// The payload.
    public var event: Payload

    /// Makes an envelope for `event`, with the event type's current schema version and domain.
    ///
    /// - Parameters:
    ///   - eventType: The event type; it must carry `Payload` (checked by ``encoded(pretty:)``).
    ///   - eventId: The event's id; pass a stable one when an event may be emitted again.
    ///   - correlationId: Defaults to the payload's Kafka key (the entity id).
    public init(
        _ eventType: EventType, event: Payload, eventTime: Date, source: EventSource,
        eventId: String = UUID().uuidString.lowercased(), correlationId: String? = nil, priority: EventPriority = .normal
    ) {
        self.eventId = eventId
        self.eventType = eventType
        self.eventTime = eventTime
        self.correlationId = correlationId ?? event.kafkaKey
        self.domain = eventType.domain
        self.priority = priority
        self.source = source
        self.schemaVersion = eventType.schemaVersion
        self.event = event
    }

    /// The JSON bytes of the envelope: keys sorted, instants with +08:00.
    /// - Parameter pretty: Indented, as in `docs/examples/`.
    /// - Throws: ``ContractError/Code/unexpectedEventType`` when ``eventType`` carries another
    ///   payload type; ``ContractError/Code/invalidValue`` when a value cannot be written.
    public func encoded(pretty: Bool = false) throws(ContractError) -> [UInt8] {
        try checkPayloadType(eventType)
        if !pretty, let (_, bytes) = Self.written(self) { return bytes }
        return try Self.writtenByFoundation(self, pretty: pretty)
    }

    /// The JSON value of `envelope` and its compact text, byte for byte what `JSONEncoder`
    /// writes; `nil` when the envelope holds something left to `JSONEncoder` (see
    /// ``JSONValue/encoding(_:)``) or cannot be written. A payload that makes its own value
    /// (``DirectlyEncodedPayload``) is not put through `Encoder`.
    static func written(_ envelope: Self) -> (object: [String: JSONValue], bytes: [UInt8])? {
        guard case .object(let object)? = envelope.directJSON() ?? (try? JSONValue.encoding(envelope)),
            let bytes = try? JSONValue.object(object).serialized()
        else {
            return nil
        }
        return (object, bytes)
    }

    /// `envelope` written by `JSONEncoder`.
    static func writtenByFoundation(_ envelope: Self, pretty: Bool) throws(ContractError) -> [UInt8] {
        do {
            return Array(try ContractJSON.encoder(pretty: pretty).encode(envelope))
        } catch {
            throw ContractError(.invalidValue, path: "", "cannot be written as JSON: \(error)")
        }
    }

    /// Reads an envelope of this payload type from JSON bytes.
    ///
    /// Checks, in order: JSON object; `eventType` known; `schemaVersion` supported; the event
    /// type carries `Payload`; every field against the event type's schema (required, known,
    /// type, enum values, instants with offset); with `topology`, every unit id is a unit.
    /// - Parameter expected: the event type the record's head names (its `eventType` header),
    ///   when known: an envelope of that type is then read in one pass when it can be, with the
    ///   same result and the same checks (a document of another type is read the usual way).
    /// - Throws: ``ContractError`` naming the field path and the problem.
    public static func decode(_ bytes: [UInt8], topology: Topology? = nil, expecting expected: EventType? = nil) throws(ContractError) -> Self {
        if let expected, let scanned = scannedDirectly(bytes, as: expected, topology: topology) { return scanned }
        let (type, object, repeatsNames) = try head(of: bytes)
        try check(type, object, topology: topology)
        if !repeatsNames, let direct = decodedDirectly(object) { return direct }
        return try read(Self.self, from: repeatsNames ? nil : .object(object), bytes: bytes, domainPath: "event")
    }

    /// Decodes JSON already checked against its schema: from `value`, its parsed form, when
    /// given and it can (see ``JSONValue/decode(_:)``); else, or when that fails, from `bytes`
    /// with `JSONDecoder`, so every error is reported exactly as `JSONDecoder` reports it.
    static func read<T: Decodable>(_ type: T.Type, from value: JSONValue?, bytes: [UInt8], domainPath: String) throws(ContractError) -> T {
        if let value, let decoded = try? value.decode(type) { return decoded }
        return try read(type, from: bytes, domainPath: domainPath)
    }

    /// Decodes JSON already checked against its schema with `JSONDecoder`; a rule a domain type
    /// enforces while decoding is reported at `domainPath`.
    static func read<T: Decodable>(_ type: T.Type, from bytes: [UInt8], domainPath: String) throws(ContractError) -> T {
        do {
            return try ContractJSON.decoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw ContractError(decoding: error)
        } catch let error as DomainError {
            throw ContractError(.invalidValue, path: domainPath, error.message)
        } catch {
            throw ContractError(.invalidValue, path: "", "\(error)")
        }
    }

    /// Every problem that stops `bytes` from decoding as this envelope, in document order;
    /// empty when ``decode(_:topology:)`` would succeed on the schema's terms. For answers that
    /// must list everything wrong at once (an order's rejection).
    public static func problems(in bytes: [UInt8], topology: Topology? = nil) -> [ContractError] {
        do throws(ContractError) {
            let (type, object, _) = try head(of: bytes)
            var problems: [ContractError] = []
            try type.envelopeNode().collect(.object(object), path: "", units: topology, into: &problems)
            if let mismatch = alarmStateMismatch(type, object) { problems.append(mismatch) }
            return problems
        } catch {
            return [error]
        }
    }

    /// Checks `bytes` against the schema without building the envelope.
    static func check(_ bytes: [UInt8], topology: Topology?) throws(ContractError) {
        let (type, object, _) = try head(of: bytes)
        try check(type, object, topology: topology)
    }

    /// Checks a parsed envelope, its head already read, against the schema.
    private static func check(_ type: EventType, _ object: [String: JSONValue], topology: Topology?) throws(ContractError) {
        try type.envelopeNode().check(.object(object), path: "", units: topology)
        if let mismatch = alarmStateMismatch(type, object) { throw mismatch }
    }

    /// Checks an envelope's JSON value (as ``written(_:)`` makes it) exactly as ``check(_:topology:)``
    /// checks the same JSON's text.
    static func check(_ object: [String: JSONValue], topology: Topology?) throws(ContractError) {
        let type = try headType(of: object)
        try check(type, object, topology: topology)
    }

    /// The parsed object and its supported event type, which must carry `Payload`, and
    /// whether an object in it repeats a member name (see ``JSONValue/parseDocument(_:)``).
    private static func head(of bytes: [UInt8]) throws(ContractError) -> (EventType, [String: JSONValue], repeatsNames: Bool) {
        let (object, repeatsNames) = try JSONValue.parseDocument(bytes)
        return (try headType(of: object), object, repeatsNames)
    }

    /// The supported event type of a parsed envelope, which must carry `Payload`.
    private static func headType(of object: [String: JSONValue]) throws(ContractError) -> EventType {
        let type = try EventHead(object).supportedEventType()
        try checkPayloadType(type)
        return type
    }

    /// An alarm whose state contradicts its event type.
    private static func alarmStateMismatch(_ type: EventType, _ object: [String: JSONValue]) -> ContractError? {
        guard let state = type.requiredAlarmState, case .object(let event)? = object["event"],
            case .string(let written)? = event["state"], written != state.rawValue
        else { return nil }
        return ContractError(.invalidValue, path: "event.state", "'\(written)' does not match \(type), which carries state '\(state.rawValue)'")
    }

    private func checkPayloadType(_ type: EventType) throws(ContractError) { try Self.checkPayloadType(type) }

    static func checkPayloadType(_ type: EventType) throws(ContractError) {
        guard type.payloadType == Payload.self else {
            throw ContractError(
                .unexpectedEventType, path: "eventType",
                "\(type) carries \(type.payloadType), not \(Payload.self)")
        }
    }
}

extension ContractError {
    /// A decoding error that got past the schema check (a rule a domain type enforces while
    /// decoding), with its coding path.
    init(decoding error: DecodingError) {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.reduce("") { path, key in
                key.intValue.map { "\(path)[\($0)]" } ?? SchemaNode.join(path, key.stringValue)
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            self.init(.missingField, path: path(context.codingPath + [key]), "missing")
        case .valueNotFound(_, let context):
            self.init(.missingField, path: path(context.codingPath), "is null; a value is required")
        case .typeMismatch(let type, let context):
            self.init(.invalidValue, path: path(context.codingPath), "expected \(type): \(context.debugDescription)")
        case .dataCorrupted(let context):
            self.init(.invalidValue, path: path(context.codingPath), context.debugDescription)
        @unknown default:
            self.init(.invalidValue, path: "", "\(error)")
        }
    }
}
