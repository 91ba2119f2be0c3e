import Foundation
import OnePointDomain

/// A service order completed: final acceptance passed, the circuit is in service and in the
/// inventory. Event ``EventType/serviceOrderCompleted`` on `order-events`.
public struct OrderCompletion: EventPayload {
    /// The order.
    public var orderId: String
    /// Its TMF641 state now (`completed`).
    public var state: ServiceOrderState
    /// The coordinating party.
    public var coordinator: UnitID
    /// The circuit delivered (published to the inventory).
    public var circuitId: String
    /// When it completed.
    public var completedAt: Date
    /// The deadline in force.
    public var deadline: Date
    /// `true` when the deadline was counted through a year whose holiday notice is not loaded,
    /// on the provisional calendar (DOMAIN.md §9: Monday to Friday except Jan 1, May 1–2 and
    /// Oct 1–3); absent when every year it reaches is loaded. Added in this event type's next
    /// schema version.
    public var provisional: Bool? = nil
    /// Whether it completed on time (no overdue occurrence).
    public var onTime: Bool
    /// Overdue occurrences counted (missed delay applications included).
    public var overdueOccurrences: Int
    /// The named maintenance manager: Diamond and Gold deliveries (and Key) get one, with a
    /// green channel.
    public var maintenanceManager: Contact?

    public init(
        orderId: String, state: ServiceOrderState = .completed, coordinator: UnitID, circuitId: String, completedAt: Date,
        deadline: Date, onTime: Bool, overdueOccurrences: Int, maintenanceManager: Contact? = nil
    ) {
        self.orderId = orderId
        self.state = state
        self.coordinator = coordinator
        self.circuitId = circuitId
        self.completedAt = completedAt
        self.deadline = deadline
        self.onTime = onTime
        self.overdueOccurrences = overdueOccurrences
        self.maintenanceManager = maintenanceManager
    }

    /// The order id.
    public var kafkaKey: String { orderId }
    /// The coordinating party.
    public var addressedUnit: UnitID? { coordinator }
}
