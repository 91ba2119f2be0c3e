import Foundation
import OnePointDomain

/// A customer complaint (投诉) received by a unit: event ``EventType/complaintCreate`` on
/// `complaints`, keyed by complaint id. The fault worker runs its three clocks (response,
/// handling, reply) by the customer's level, hands it to the unit of the customer's circuit and
/// links it to an open ticket of that circuit (DOMAIN.md §6.1).
public struct Complaint: EventPayload {
    /// The complaint id, e.g. `"CP-20261130-101500-1a2b"`.
    public var complaintId: String
    /// The customer complaining.
    public var customerId: String
    /// The circuit it is about, if one.
    public var circuitId: String?
    /// The fault ticket it is about, if the customer names one.
    public var ticketId: String?
    /// The unit that received it (its response centre).
    public var unit: UnitID
    /// What it is about, in a line.
    public var subject: String
    /// The customer's words.
    public var description: String
    /// Who took it.
    public var receivedBy: String
    /// When it was received: the clocks start here.
    public var receivedAt: Date

    public init(
        complaintId: String, customerId: String, circuitId: String? = nil, ticketId: String? = nil, unit: UnitID, subject: String,
        description: String, receivedBy: String, receivedAt: Date
    ) {
        self.complaintId = complaintId
        self.customerId = customerId
        self.circuitId = circuitId
        self.ticketId = ticketId
        self.unit = unit
        self.subject = subject
        self.description = description
        self.receivedBy = receivedBy
        self.receivedAt = receivedAt
    }

    /// The complaint id.
    public var kafkaKey: String { complaintId }
    /// The receiving unit.
    public var addressedUnit: UnitID? { unit }
    /// The unit that sends it: `event.unit`.
    public var actingUnit: UnitID? { unit }
}
