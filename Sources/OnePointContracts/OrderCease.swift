import Foundation
import OnePointDomain

/// A cease order (业务关闭) was carried out: resources released, the service closed and the
/// circuit removed from the inventory. Event ``EventType/serviceOrderCeased`` on `order-events`.
public struct OrderCease: EventPayload {
    /// The cease order.
    public var orderId: String
    /// The circuit closed.
    public var circuitId: String
    /// The customer.
    public var customerId: String
    /// The unit that carried it out.
    public var unit: UnitID
    /// Resources released (ports, fibre pairs, VLANs).
    public var releasedResources: [String]
    /// When the service closed.
    public var ceasedAt: Date

    public init(orderId: String, circuitId: String, customerId: String, unit: UnitID, releasedResources: [String] = [], ceasedAt: Date) {
        self.orderId = orderId
        self.circuitId = circuitId
        self.customerId = customerId
        self.unit = unit
        self.releasedResources = releasedResources
        self.ceasedAt = ceasedAt
    }

    /// The order id.
    public var kafkaKey: String { orderId }
    /// The unit that carried it out.
    public var addressedUnit: UnitID? { unit }
}
