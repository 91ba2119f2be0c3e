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
}

extension EventPayload {
    /// No addressed unit: the headers carry the source unit.
    public var addressedUnit: UnitID? { nil }
    /// No extra headers.
    public var extraHeaders: [(name: String, value: String)] { [] }
}
