import Foundation
import OnePointDomain

/// A customer's order for a service (TMF641 Service Order), from a CRM feed or
/// `onepoint order submit`: event ``EventType/serviceOrderCreate`` on `service-orders`.
///
/// `add` provisions a new service (业务开通); `delete` ceases one (业务关闭) and names its circuit.
public struct ServiceOrder: EventPayload {
    /// What the order does to the service (TMF641 order item action).
    public enum Action: String, Sendable, Codable, CaseIterable {
        /// Provision a new service.
        case add
        /// Cease a service: release its resources and close it.
        case delete
    }

    /// The order id, e.g. `"SO-2026-1120-0001"`; the Kafka key and correlation id of every
    /// event of the order.
    public var id: String
    /// The CRM's own reference, when it has one.
    public var externalId: String?
    /// Provision or cease.
    public var action: Action
    /// The TMF641 state as submitted (`acknowledged`).
    public var state: ServiceOrderState
    /// The customer and its service level.
    public var customer: CustomerReference
    /// The service type.
    public var serviceType: ServiceType
    /// The ordered bandwidth in kbit/s (an E1 is 2048).
    public var bandwidthKbps: Int
    /// The access points, each in a city unit.
    public var accessPoints: [AccessPoint]
    /// The unit where the customer's requirement was raised: the coordinating party (主调方).
    public var initiatingUnit: UnitID
    /// The customer manager (客户经理) who raised the order.
    public var customerManager: Contact
    /// The date the customer asks the service for.
    public var requestedDate: CivilDate
    /// When the order was placed.
    public var orderDate: Date
    /// For `delete`: the circuit to cease.
    public var circuitId: String?
    /// Free text from the customer or the customer manager.
    public var note: String?

    public init(
        id: String, externalId: String? = nil, action: Action = .add, state: ServiceOrderState = .acknowledged,
        customer: CustomerReference, serviceType: ServiceType, bandwidthKbps: Int, accessPoints: [AccessPoint],
        initiatingUnit: UnitID, customerManager: Contact, requestedDate: CivilDate, orderDate: Date,
        circuitId: String? = nil, note: String? = nil
    ) {
        self.id = id
        self.externalId = externalId
        self.action = action
        self.state = state
        self.customer = customer
        self.serviceType = serviceType
        self.bandwidthKbps = bandwidthKbps
        self.accessPoints = accessPoints
        self.initiatingUnit = initiatingUnit
        self.customerManager = customerManager
        self.requestedDate = requestedDate
        self.orderDate = orderDate
        self.circuitId = circuitId
        self.note = note
    }

    /// The order id.
    public var kafkaKey: String { id }
    /// The initiating unit.
    public var addressedUnit: UnitID? { initiatingUnit }
}
