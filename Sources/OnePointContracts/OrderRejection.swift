import Foundation
import OnePointDomain

/// The provisioning worker rejected a service order, listing every problem: event
/// ``EventType/serviceOrderRejected`` on `order-events`. An invalid order is never dropped.
public struct OrderRejection: EventPayload {
    /// One problem with the order.
    public struct Problem: Sendable, Codable, Equatable, Hashable {
        /// The field at fault, e.g. `accessPoints[1].unit`; empty for the order as a whole.
        public var field: String
        /// A stable code: a ``ContractError/Code`` or a domain error code (`unknown-unit`,
        /// `unknown-service-type`, …).
        public var code: String
        /// What is wrong, for a person.
        public var message: String

        public init(field: String, code: String, message: String) {
            self.field = field
            self.code = code
            self.message = message
        }
    }

    /// The order.
    public var orderId: String
    /// Its TMF641 state now (`rejected`).
    public var state: ServiceOrderState
    /// The unit that submitted it.
    public var initiatingUnit: UnitID
    /// Every problem found.
    public var problems: [Problem]
    /// When it was rejected.
    public var at: Date

    public init(orderId: String, state: ServiceOrderState = .rejected, initiatingUnit: UnitID, problems: [Problem], at: Date) {
        self.orderId = orderId
        self.state = state
        self.initiatingUnit = initiatingUnit
        self.problems = problems
        self.at = at
    }

    /// The order id.
    public var kafkaKey: String { orderId }
    /// The submitting unit.
    public var addressedUnit: UnitID? { initiatingUnit }
}
