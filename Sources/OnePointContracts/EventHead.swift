import Foundation

/// The three fields a consumer needs before full decoding: `eventId`, `eventType`,
/// `schemaVersion`, read from the JSON or from the Kafka headers.
///
/// ```swift
/// let head = try EventHead(json: message.value)
/// switch try head.supportedEventType() {
/// case .alarmCreate, .alarmAttributeValueChange, .alarmClear:
///     let alarm = try EventEnvelope<Alarm>.decode(message.value)
/// default: …
/// }
/// ```
public struct EventHead: Sendable, Equatable, Hashable {
    /// The event's id.
    public var eventId: String
    /// The event type's name as written, known or not.
    public var eventType: String
    /// The payload's schema version as written.
    public var schemaVersion: Int

    public init(eventId: String, eventType: String, schemaVersion: Int) {
        self.eventId = eventId
        self.eventType = eventType
        self.schemaVersion = schemaVersion
    }

    /// Reads the head of an envelope without decoding its payload.
    /// - Throws: ``ContractError/Code/malformedJSON``, ``ContractError/Code/missingField`` or
    ///   ``ContractError/Code/invalidValue`` naming `eventId`, `eventType` or `schemaVersion`.
    public init(json bytes: [UInt8]) throws(ContractError) {
        let head: Fields
        do {
            head = try JSONDecoder().decode(Fields.self, from: Data(bytes))
        } catch {
            // Either not JSON at all, or one of the three fields has the wrong type: find out which.
            try self.init(JSONValue.parseObject(bytes))
            return
        }
        try self.init(eventId: head.eventId, eventType: head.eventType, schemaVersion: head.schemaVersion)
    }

    /// Reads the head from Kafka headers (`eventId`, `eventType`, `schemaVersion`), as
    /// ``EventRecord`` writes them.
    /// - Throws: ``ContractError/Code/missingField`` or ``ContractError/Code/invalidValue``
    ///   naming the header.
    public init(headers: [(name: String, value: String)]) throws(ContractError) {
        func header(_ name: String) -> String? { headers.last { $0.name == name }?.value }
        guard let version = header(EventRecord.HeaderName.schemaVersion) else {
            throw ContractError(.missingField, path: "schemaVersion", "header missing")
        }
        guard let number = Int(version) else {
            throw ContractError(.invalidValue, path: "schemaVersion", "header '\(version)' is not an integer")
        }
        try self.init(
            eventId: header(EventRecord.HeaderName.eventId), eventType: header(EventRecord.HeaderName.eventType),
            schemaVersion: number)
    }

    /// The event type, when this build knows it and reads its version.
    /// - Throws: ``ContractError/Code/unknownEventType`` or
    ///   ``ContractError/Code/unsupportedSchemaVersion``.
    public func supportedEventType() throws(ContractError) -> EventType {
        guard let type = EventType(rawValue: eventType) else {
            throw ContractError(.unknownEventType, path: "eventType", "'\(eventType)' is not an event type of this catalogue")
        }
        guard (1...type.schemaVersion).contains(schemaVersion) else {
            throw ContractError(
                .unsupportedSchemaVersion, path: "schemaVersion",
                "\(schemaVersion) is not supported for \(type); this build reads \(type.schemaVersion == 1 ? "1" : "1 to \(type.schemaVersion)")")
        }
        return type
    }

    /// Reads the head from a parsed envelope.
    init(_ object: [String: JSONValue]) throws(ContractError) {
        func text(_ name: String) throws(ContractError) -> String? {
            switch object[name] {
            case nil, .null?: return nil
            case .string(let value)?: return value
            case let other?: throw ContractError(.invalidValue, path: name, "expected a string, got \(other.kind)")
            }
        }
        let version: Int?
        switch object["schemaVersion"] {
        case nil, .null?: version = nil
        case .number(let value, true)? where Int(exactly: value) != nil: version = Int(exactly: value)
        case let other?: throw ContractError(.invalidValue, path: "schemaVersion", "expected an integer, got \(other.kind)")
        }
        try self.init(eventId: text("eventId"), eventType: text("eventType"), schemaVersion: version)
    }

    private init(eventId: String?, eventType: String?, schemaVersion: Int?) throws(ContractError) {
        guard let eventType else { throw ContractError(.missingField, path: "eventType", "missing") }
        guard let schemaVersion else { throw ContractError(.missingField, path: "schemaVersion", "missing") }
        guard let eventId else { throw ContractError(.missingField, path: "eventId", "missing") }
        self.init(eventId: eventId, eventType: eventType, schemaVersion: schemaVersion)
    }

    private struct Fields: Decodable {
        var eventId: String?
        var eventType: String?
        var schemaVersion: Int?
    }
}
