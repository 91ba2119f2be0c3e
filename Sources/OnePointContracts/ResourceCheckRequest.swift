import Foundation
import OnePointDomain

/// A pre-sale resource check (资源核查) asked of a unit for a prospective order: event
/// ``EventType/resourceCheckRequest`` on `presale-requests`.
///
/// Its limit (DOMAIN.md §4) runs in working days from ``requestedAt`` by the customer's level,
/// scaled beyond 5 access points.
public struct ResourceCheckRequest: EventPayload {
    /// Which survey.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Existing-network survey and solution (现网资源勘查及方案制定).
        case existingNetworkSurvey
        /// Construction survey (施工资源勘查).
        case constructionSurvey
    }

    /// The request id, e.g. `"PS-2026-1118-0007"`; the Kafka key.
    public var id: String
    /// Which survey.
    public var kind: Kind
    /// The customer and its level (which sets the limit).
    public var customer: CustomerReference
    /// The service type asked for.
    public var serviceType: ServiceType
    /// The bandwidth asked for, kbit/s.
    public var bandwidthKbps: Int
    /// The prospective access points (their number scales the limit beyond 5).
    public var accessPoints: [AccessPoint]
    /// The unit asking (the customer manager's unit).
    public var requestingUnit: UnitID
    /// The unit asked to survey.
    public var assignedUnit: UnitID
    /// The customer manager.
    public var customerManager: Contact
    /// When the clock starts: the request, or for a construction survey the work order the
    /// customer manager raised after the preliminary agreement with the customer.
    public var requestedAt: Date
    /// Free text.
    public var note: String?

    public init(
        id: String, kind: Kind, customer: CustomerReference, serviceType: ServiceType, bandwidthKbps: Int,
        accessPoints: [AccessPoint], requestingUnit: UnitID, assignedUnit: UnitID, customerManager: Contact,
        requestedAt: Date, note: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.customer = customer
        self.serviceType = serviceType
        self.bandwidthKbps = bandwidthKbps
        self.accessPoints = accessPoints
        self.requestingUnit = requestingUnit
        self.assignedUnit = assignedUnit
        self.customerManager = customerManager
        self.requestedAt = requestedAt
        self.note = note
    }

    /// The request id.
    public var kafkaKey: String { id }
    /// The unit asked to survey.
    public var addressedUnit: UnitID? { assignedUnit }
}
