import Foundation
import OnePointDomain

/// A complaint as the fault worker holds it, with its three clocks: event
/// ``EventType/complaintStateChange`` on `tickets`, keyed by complaint id, at every change.
public struct ComplaintStatus: EventPayload {
    /// Where the complaint is.
    public enum State: String, Sendable, Codable, CaseIterable {
        /// Received; nobody has contacted the customer yet.
        case received
        /// The customer was contacted (response).
        case acknowledged
        /// The cause was found and acted on (handling).
        case handled
        /// The result was told to the customer (reply): closed.
        case closed
    }

    /// One of the three clocks.
    public struct ClockState: Sendable, Codable, Equatable, Hashable {
        /// Which clock.
        public var clock: ComplaintPolicy.Clock
        /// Its limit, minutes, by the customer's level.
        public var limitMinutes: Int
        /// When it runs out.
        public var deadline: Date
        /// When it stopped, once it has.
        public var stoppedAt: Date?
        /// Whether it was met (absent while it runs).
        public var met: Bool?

        public init(clock: ComplaintPolicy.Clock, limitMinutes: Int, deadline: Date, stoppedAt: Date? = nil, met: Bool? = nil) {
            self.clock = clock
            self.limitMinutes = limitMinutes
            self.deadline = deadline
            self.stoppedAt = stoppedAt
            self.met = met
        }
    }

    /// The complaint id.
    public var complaintId: String
    /// Where it is.
    public var state: State
    /// The unit handling it: its circuit's unit, else the customer's first unit.
    public var unit: UnitID
    /// The customer.
    public var customer: CustomerReference
    /// The circuit it is about, if one.
    public var circuitId: String?
    /// The fault ticket it is linked to, if one.
    public var ticketId: String?
    /// What it is about.
    public var subject: String
    /// When it was received.
    public var receivedAt: Date
    /// The three clocks.
    public var clocks: [ClockState]
    /// The escalation ladder step reached on the handling clock: 0 none.
    public var escalationLevel: Int
    /// Once closed: whether all three clocks were met.
    public var inTime: Bool?
    /// Why it changed, for people.
    public var reason: String
    /// When.
    public var at: Date

    public init(
        complaintId: String, state: State, unit: UnitID, customer: CustomerReference, circuitId: String?, ticketId: String?, subject: String,
        receivedAt: Date, clocks: [ClockState], escalationLevel: Int, inTime: Bool?, reason: String, at: Date
    ) {
        self.complaintId = complaintId
        self.state = state
        self.unit = unit
        self.customer = customer
        self.circuitId = circuitId
        self.ticketId = ticketId
        self.subject = subject
        self.receivedAt = receivedAt
        self.clocks = clocks
        self.escalationLevel = escalationLevel
        self.inTime = inTime
        self.reason = reason
        self.at = at
    }

    /// The complaint id.
    public var kafkaKey: String { complaintId }
    /// The handling unit.
    public var addressedUnit: UnitID? { unit }
}
