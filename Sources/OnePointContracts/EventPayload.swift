import OnePointDomain

/// What every event payload is: a Codable value with a Kafka key.
///
/// Each ``EventType`` names the payload type it carries; one payload type may serve several
/// event types (an ``Alarm`` is raised, updated and cleared).
public protocol EventPayload: Codable, Sendable, Equatable {
    /// The Kafka key of an event carrying this payload: the entity id (order id, work-order
    /// id, alarm reduction key, ticket id, cutover id, `customer:<id>`, …), so that every event
    /// about one entity lands on one partition, in order.
    var kafkaKey: String { get }

    /// The unit the event is addressed to or is about, for the `unit` and `tier` headers
    /// (a work order's unit, a ticket's handling unit); `nil` means the envelope's source unit.
    var addressedUnit: UnitID? { get }

    /// Headers beyond the standard ones (a dead letter repeats its reason and origin).
    var extraHeaders: [(name: String, value: String)] { get }

    /// The unit that acts by sending this event, when the event is a command or report a unit
    /// sends on one of ``Topic/unitCommandTopics`` (its `event.unit`, the field the workers
    /// check it against the unit tree with, docs/security.md); `nil` for every other event.
    ///
    /// With per-unit command topics (`commands.unitTopics`), a record on a unit's own topic must
    /// name that unit here, and the CLI writes it to this unit's topic.
    var actingUnit: UnitID? { get }
}

extension EventPayload {
    /// No addressed unit: the headers carry the source unit.
    public var addressedUnit: UnitID? { nil }
    /// No extra headers.
    public var extraHeaders: [(name: String, value: String)] { [] }
    /// Not a unit's command: no acting unit.
    public var actingUnit: UnitID? { nil }
}
