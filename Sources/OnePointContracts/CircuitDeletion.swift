import Foundation
import OnePointDomain

/// A circuit left the inventory (its service ceased): event ``EventType/circuitDelete`` on
/// `inventory`, keyed `circuit:<id>`. The producer follows it with a tombstone (a record with
/// no value) on the same key so compaction forgets the circuit.
public struct CircuitDeletion: EventPayload {
    /// The circuit.
    public var circuitId: String
    /// Its customer.
    public var customerId: String
    /// The cease order.
    public var orderId: String
    /// When it left.
    public var at: Date

    public init(circuitId: String, customerId: String, orderId: String, at: Date) {
        self.circuitId = circuitId
        self.customerId = customerId
        self.orderId = orderId
        self.at = at
    }

    /// `circuit:<id>`.
    public var kafkaKey: String { "circuit:\(circuitId)" }
}
