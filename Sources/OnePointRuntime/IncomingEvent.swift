import Foundation
import OnePointContracts
import OnePointDomain
import OnePointKafka

/// An event read from a topic: its head (id, type, version) checked, its payload decoded on demand
/// with ``decode(_:topology:)``. Every problem is an ``InputRejection`` naming the field, so a
/// worker's ``WorkerLogic/decode(_:)`` is a `switch` over ``type``.
///
/// Read from a unit's own command topic (``UnitTopics``), the event must be a command of the
/// topic's kind and its acting unit the topic's unit: ``init(_:accepted:unitTopics:)`` and
/// ``decode(_:topology:)`` refuse anything else as ``InputRejection/Kind/unauthorized``.
public struct IncomingEvent: Sendable {
    /// The event's id: what the runtime deduplicates by.
    public let eventId: String
    /// The event type.
    public let type: EventType
    /// The record's value: the envelope's JSON.
    public let bytes: [UInt8]
    /// The topic the record was read from.
    public let topic: String
    /// The unit (and command kind) whose own topic ``topic`` is; `nil` for a shared topic.
    public let topicOwner: UnitTopics.Owner?

    /// The headers ``EventHead/init(headers:)`` reads.
    private static let headNames = [EventRecord.HeaderName.eventId, EventRecord.HeaderName.eventType, EventRecord.HeaderName.schemaVersion]

    /// The largest value a worker reads (1 MiB): anything bigger is dead-lettered as oversized.
    public static let maximumSize = 1 << 20

    /// Reads the head of `record`: from its headers when they carry one, else from its JSON.
    ///
    /// - Parameter unitTopics: the units' own command topics (``UnitTopics/none`` when
    ///   `commands.unitTopics` is off): a record read from one must be a command of its kind.
    /// - Throws: ``InputRejection`` for a null or oversized payload, a head that cannot be read,
    ///   an unknown event type or unsupported version, a type not in `accepted`, or (as
    ///   ``InputRejection/Kind/unauthorized``) a type a unit's topic does not carry.
    public init(_ record: InputRecord, accepted: Set<EventType>, unitTopics: UnitTopics = .none) throws(InputRejection) {
        guard let value = record.value else {
            throw InputRejection(.nullPayload, "expected an event, got a null payload (tombstone) on \(record.topic)")
        }
        guard value.count <= Self.maximumSize else {
            throw InputRejection(.oversized, "the payload is \(value.count) bytes; at most \(Self.maximumSize) are read")
        }
        let head: EventHead
        do {
            // Only the head's three headers are read as text, not every header of the record.
            let headers = Self.headNames.compactMap { name in record.header(name).map { (name: name, value: $0) } }
            if headers.contains(where: { $0.name == EventRecord.HeaderName.eventType }) {
                head = try EventHead(headers: headers)
            } else {
                head = try EventHead(json: value)
            }
            type = try head.supportedEventType()
        } catch {
            throw InputRejection(error)
        }
        guard accepted.contains(type) else {
            throw InputRejection(.unknownType, "\(type.rawValue) is not an input of this worker on \(record.topic)")
        }
        topicOwner = try unitTopics.admit(type, readFrom: record.topic)
        topic = record.topic
        eventId = head.eventId
        bytes = value
    }

    /// Decodes the envelope, checking every field against the event type's schema and, with
    /// `topology`, every unit. Read from a unit's own topic (``topicOwner``), its acting unit
    /// (``EventPayload/actingUnit``, `event.unit`) must be that unit.
    /// - Throws: ``InputRejection`` naming the field at fault, or
    ///   (``InputRejection/Kind/unauthorized``) both units and the topic.
    public func decode<Payload: EventPayload>(_ payload: Payload.Type, topology: Topology?) throws(InputRejection) -> EventEnvelope<Payload> {
        let envelope: EventEnvelope<Payload>
        do {
            envelope = try EventEnvelope<Payload>.decode(bytes, topology: topology, expecting: type)
        } catch {
            throw InputRejection(error)
        }
        if let topicOwner {
            try UnitTopics.checkActor(envelope.event.actingUnit, of: type, owner: topicOwner, topic: topic)
        }
        return envelope
    }
}

extension InputRejection {
    /// The rejection for a contract error: its code mapped to a dead-letter kind, its message kept.
    public init(_ error: ContractError) {
        let kind: Kind =
            switch error.code {
            case .malformedJSON: .malformed
            case .unknownEventType, .unexpectedEventType: .unknownType
            case .unsupportedSchemaVersion: .unsupportedVersion
            case .missingField: .missingField
            case .unknownField, .invalidValue: .invalidValue
            }
        self.init(kind, error.message)
    }
}
