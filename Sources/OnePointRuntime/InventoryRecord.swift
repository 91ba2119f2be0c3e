import OnePointContracts
import OnePointDomain
import OnePointKafka

/// A record of the compacted `inventory` topic, decoded: every worker that needs the inventory
/// keeps its own copy of it from these.
public enum InventoryRecord: Sendable {
    /// A customer's current record.
    case customer(Customer)
    /// A circuit's current record.
    case circuit(Circuit)
    /// A circuit left the inventory.
    case circuitDeleted(CircuitDeletion)
    /// A network element's or fibre section's current record.
    case element(NetworkElement)
    /// A compaction tombstone (a null value after a deletion): nothing to apply.
    case tombstone

    /// The event types of the inventory.
    public static let eventTypes: Set<EventType> = [.customerUpdate, .circuitUpdate, .circuitDelete, .networkElementUpdate]

    /// Whether `record` is a tombstone on the inventory topic (named by `topics`).
    public static func isTombstone(_ record: InputRecord, topics: TopicNames) -> Bool {
        record.value == nil && record.topic == topics.name(of: .inventory)
    }

    /// The inventory record `event` carries, checked against `topology`; nil when it is not an
    /// inventory event.
    ///
    /// - Throws: ``InputRejection`` naming the field at fault.
    public static func decode(_ event: IncomingEvent, topology: Topology) throws(InputRejection) -> InventoryRecord? {
        switch event.type {
        case .customerUpdate: .customer(try event.decode(Customer.self, topology: topology).event)
        case .circuitUpdate: .circuit(try event.decode(Circuit.self, topology: topology).event)
        case .circuitDelete: .circuitDeleted(try event.decode(CircuitDeletion.self, topology: topology).event)
        case .networkElementUpdate: .element(try event.decode(NetworkElement.self, topology: topology).event)
        default: nil
        }
    }
}
