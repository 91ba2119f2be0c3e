import Foundation
import OnePointDomain

/// The provisioning worker accepted a service order: event ``EventType/serviceOrderAccepted``
/// on `order-events`, with the route it decided and the order's deadline.
public struct OrderAcceptance: EventPayload {
    /// The order.
    public var orderId: String
    /// Its TMF641 state now (`inProgress`).
    public var state: ServiceOrderState
    /// The customer and its level.
    public var customer: CustomerReference
    /// How far the order reaches: local, cross-city, cross-province.
    public var scope: NetworkScope
    /// The coordinating party (主调方).
    public var coordinator: UnitID
    /// The unit that files the end-to-end test report.
    public var endToEndReporter: UnitID
    /// The provisioning limit applied, for people: `"13 working days"`.
    public var limit: String
    /// When the order is due.
    public var deadline: Date
    /// `true` when the deadline was counted through a year whose holiday notice is not loaded,
    /// on the provisional calendar (DOMAIN.md §9: Monday to Friday except Jan 1, May 1–2 and
    /// Oct 1–3); absent when every year it reaches is loaded. Added in this event type's next
    /// schema version.
    public var provisional: Bool? = nil
    /// When it was accepted.
    public var at: Date

    public init(
        orderId: String, state: ServiceOrderState = .inProgress, customer: CustomerReference, scope: NetworkScope, coordinator: UnitID,
        endToEndReporter: UnitID, limit: String, deadline: Date, at: Date
    ) {
        self.orderId = orderId
        self.state = state
        self.customer = customer
        self.scope = scope
        self.coordinator = coordinator
        self.endToEndReporter = endToEndReporter
        self.limit = limit
        self.deadline = deadline
        self.at = at
    }

    /// The order id.
    public var kafkaKey: String { orderId }
    /// The coordinating party.
    public var addressedUnit: UnitID? { coordinator }
}
