import OnePointDomain

/// An event as a Kafka record: topic, key, headers and JSON value. A plain value: the Kafka
/// layer turns it into a producer record (`Array(value.utf8)` for each header).
///
/// Headers (UTF-8 strings) let a consumer filter without parsing JSON:
/// `eventType`, `eventId`, `schemaVersion`, `unit` (the unit the event is addressed to or
/// about, else the source unit), `tier` (that unit's tier: `hq`, `province`, `city`),
/// `correlationId`, then any the payload adds (a dead letter's reason and origin).
public struct EventRecord: Sendable {
    /// The logical topic (its Kafka name is configuration: ``Topic/defaultName``).
    public var topic: Topic
    /// The key: the entity id (see ``EventPayload/kafkaKey``).
    public var key: String
    /// The headers, in order.
    public var headers: [(name: String, value: String)]
    /// The envelope's JSON.
    public var value: [UInt8]
    /// The unit that acts by sending it (``EventPayload/actingUnit``): with per-unit command
    /// topics, the record goes to this unit's own topic of ``topic``.
    public var actingUnit: UnitID?

    /// The names of the standard headers.
    public enum HeaderName {
        public static let eventType = "eventType"
        public static let eventId = "eventId"
        public static let schemaVersion = "schemaVersion"
        public static let unit = "unit"
        public static let tier = "tier"
        public static let correlationId = "correlationId"
    }

    /// The record of `envelope`: on the event type's topic unless `topic` says otherwise, keyed
    /// by the payload's ``EventPayload/kafkaKey`` unless `key` says otherwise.
    ///
    /// The JSON is checked against the event type's schema with `topology`, so a record with
    /// a unit the topology does not know is never produced.
    /// - Throws: ``ContractError`` naming the field, e.g.
    ///   `event.accessPoints[1].unit: unknown unit 'GD-XX'`.
    public init<Payload>(
        _ envelope: EventEnvelope<Payload>, topology: Topology, topic: Topic? = nil, key: String? = nil
    ) throws(ContractError) {
        // The envelope's JSON value is checked as the parsed text would be (the text is
        // written from that value); an envelope left to JSONEncoder is written by it and its
        // text parsed and checked.
        let value: [UInt8]
        try EventEnvelope<Payload>.checkPayloadType(envelope.eventType)
        if let (object, bytes) = EventEnvelope<Payload>.written(envelope) {
            try EventEnvelope<Payload>.check(object, topology: topology)
            value = bytes
        } else {
            value = try envelope.encoded()
            try EventEnvelope<Payload>.check(value, topology: topology)
        }
        let unit = envelope.event.addressedUnit ?? envelope.source.unit
        let tier: Tier
        do {
            tier = try topology.unit(unit).tier
        } catch {
            throw ContractError(.invalidValue, path: "source.unit", "unknown unit '\(unit)'")
        }
        self.topic = topic ?? envelope.eventType.topic
        self.key = key ?? envelope.event.kafkaKey
        self.value = value
        self.actingUnit = envelope.event.actingUnit
        self.headers = [
            (HeaderName.eventType, envelope.eventType.rawValue),
            (HeaderName.eventId, envelope.eventId),
            (HeaderName.schemaVersion, String(envelope.schemaVersion)),
            (HeaderName.unit, unit.rawValue),
            (HeaderName.tier, tier.rawValue),
            (HeaderName.correlationId, envelope.correlationId),
        ] + envelope.event.extraHeaders
    }

    /// The last value of the header `name`, if present.
    public func header(_ name: String) -> String? { headers.last { $0.name == name }?.value }
}
