import Foundation
import OnePointDomain

/// The provisioning worker split a service order into work orders, one per unit that must act:
/// event ``EventType/serviceOrderDispatched`` on `order-events`.
public struct OrderDispatch: EventPayload {
    /// One dispatched work order.
    public struct Leg: Sendable, Codable, Equatable, Hashable {
        /// The work-order id.
        public var workOrderId: String
        /// The unit that must act.
        public var unit: UnitID
        /// What it must do.
        public var role: OrderRoute.Role
        /// When its work is due.
        public var deadline: Date

        public init(workOrderId: String, unit: UnitID, role: OrderRoute.Role, deadline: Date) {
            self.workOrderId = workOrderId
            self.unit = unit
            self.role = role
            self.deadline = deadline
        }
    }

    /// The order.
    public var orderId: String
    /// The coordinating party (主调方).
    public var coordinator: UnitID
    /// The legs: HQ first, then provinces, then cities.
    public var legs: [Leg]
    /// `true` when the legs' deadline was counted through a year whose holiday notice is not loaded,
    /// on the provisional calendar (DOMAIN.md §9: Monday to Friday except Jan 1, May 1–2 and
    /// Oct 1–3); absent when every year it reaches is loaded. Added in this event type's next
    /// schema version.
    public var provisional: Bool? = nil
    /// When they were dispatched.
    public var at: Date

    public init(orderId: String, coordinator: UnitID, legs: [Leg], at: Date) {
        self.orderId = orderId
        self.coordinator = coordinator
        self.legs = legs
        self.at = at
    }

    /// The order id.
    public var kafkaKey: String { orderId }
    /// The coordinating party.
    public var addressedUnit: UnitID? { coordinator }
}
