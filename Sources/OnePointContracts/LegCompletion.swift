import Foundation
import OnePointDomain

/// One unit completed its leg locally (本地竣工): event
/// ``EventType/serviceOrderLegCompleted`` on `order-events`, rolled up to the coordinating party.
public struct LegCompletion: EventPayload {
    /// The order.
    public var orderId: String
    /// The completed work order.
    public var workOrderId: String
    /// Its unit.
    public var unit: UnitID
    /// Its role.
    public var role: OrderRoute.Role
    /// When it completed.
    public var completedAt: Date
    /// Whether it completed by its deadline.
    public var onTime: Bool
    /// The units whose legs are still open (empty: the end-to-end test is next).
    public var remainingUnits: [UnitID]

    public init(
        orderId: String, workOrderId: String, unit: UnitID, role: OrderRoute.Role, completedAt: Date, onTime: Bool,
        remainingUnits: [UnitID]
    ) {
        self.orderId = orderId
        self.workOrderId = workOrderId
        self.unit = unit
        self.role = role
        self.completedAt = completedAt
        self.onTime = onTime
        self.remainingUnits = remainingUnits
    }

    /// The order id.
    public var kafkaKey: String { orderId }
    /// The unit whose leg completed.
    public var addressedUnit: UnitID? { unit }
}
