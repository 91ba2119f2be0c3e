import Foundation
import OnePointDomain

/// A fault ticket (TMF621 Trouble Ticket; an incident in ITIL terms): events
/// ``EventType/troubleTicketCreate``, ``EventType/troubleTicketStatusChange`` and
/// ``EventType/troubleTicketAttributeValueChange`` (circuits, customers, alarms, escalation,
/// notes changed) on `tickets`, keyed by ticket id. Each event carries the whole ticket.
///
/// One root cause, one ticket: a fibre cut over many circuits is one parent ticket with a
/// record per customer, each with its own level, limit and deadline.
///
/// Schema version 2 added ``cause``, ``responsibility`` and, per customer,
/// ``CustomerImpact/restorationMinutes`` and ``CustomerImpact/metLimit``: the facts restoration
/// scoring needs.
public struct TroubleTicket: EventPayload {
    /// One entry of the status history.
    public struct StatusChange: Sendable, Codable, Equatable, Hashable {
        /// The status entered.
        public var status: TroubleTicketStatus
        /// When.
        public var at: Date
        /// Why (`all alarms cleared`, `customer confirmed`, `reopened: alarm again within 24 h`).
        public var reason: String?

        public init(status: TroubleTicketStatus, at: Date, reason: String? = nil) {
            self.status = status
            self.at = at
            self.reason = reason
        }
    }

    /// An alarm correlated to the ticket.
    public struct RelatedAlarm: Sendable, Codable, Equatable, Hashable {
        /// The alarm's reduction key (its Kafka key on `alarms`).
        public var reductionKey: String
        /// The NMS's alarm id.
        public var alarmId: String
        /// When it was raised.
        public var raisedAt: Date
        /// When it cleared, once it has.
        public var clearedAt: Date?

        public init(reductionKey: String, alarmId: String, raisedAt: Date, clearedAt: Date? = nil) {
            self.reductionKey = reductionKey
            self.alarmId = alarmId
            self.raisedAt = raisedAt
            self.clearedAt = clearedAt
        }
    }

    /// One affected customer, with its own restoration clock (the child record).
    public struct CustomerImpact: Sendable, Codable, Equatable, Hashable {
        /// The customer.
        public var customer: CustomerReference
        /// The level its fault is handled at: Key during a key-assurance period that covers
        /// it, else its own.
        public var handledAtLevel: CustomerLevel
        /// The customer's circuits on this ticket.
        public var circuitIds: [String]
        /// The restoration limit applied, minutes (Key 90, Diamond 120, …).
        public var limitMinutes: Int
        /// When its service must be restored.
        public var deadline: Date
        /// When its service was restored, once it has.
        public var restoredAt: Date?
        /// Minutes on its clock from start to restoration, paused time excluded, once restored (v2).
        public var restorationMinutes: Int?
        /// Whether it was restored within its limit: only for the operator's faults, once restored;
        /// absent for a fault of the customer, a third party or force majeure (v2).
        public var metLimit: Bool?

        public init(
            customer: CustomerReference, handledAtLevel: CustomerLevel, circuitIds: [String], limitMinutes: Int, deadline: Date,
            restoredAt: Date? = nil, restorationMinutes: Int? = nil, metLimit: Bool? = nil
        ) {
            self.customer = customer
            self.handledAtLevel = handledAtLevel
            self.circuitIds = circuitIds
            self.limitMinutes = limitMinutes
            self.deadline = deadline
            self.restoredAt = restoredAt
            self.restorationMinutes = restorationMinutes
            self.metLimit = metLimit
        }
    }

    /// A note on the ticket.
    public struct Note: Sendable, Codable, Equatable, Hashable {
        /// Who wrote it.
        public var by: String
        /// When.
        public var at: Date
        /// The text.
        public var text: String

        public init(by: String, at: Date, text: String) {
            self.by = by
            self.at = at
            self.text = text
        }
    }

    /// The ticket id, e.g. `"TT-2026-1121-0007"`; from a fault worker run as several tasks
    /// `"TT-GD-2026-1121-3-0007"` (its correlation domain and task, docs/fault.md "Scaling out").
    public var id: String
    /// The TMF621 status.
    public var status: TroubleTicketStatus
    /// Every status entered, oldest first.
    public var statusHistory: [StatusChange]
    /// The unit handling the fault.
    public var unit: UnitID
    /// What is wrong, for people.
    public var description: String
    /// When the restoration clock started: the earliest alarm or fault report.
    public var startedAt: Date
    /// Alarms correlated to it.
    public var relatedAlarms: [RelatedAlarm]
    /// Customer fault reports joined to it.
    public var faultReportIds: [String]
    /// Every affected circuit.
    public var circuitIds: [String]
    /// Every affected customer, with its own clock.
    public var customers: [CustomerImpact]
    /// The escalation ladder step reached: 0 none, 1 the first step (50 % duty lead), …
    public var escalationLevel: Int
    /// Whether the alarms fall in an approved planned-outage window (no clock while inside).
    public var planned: Bool
    /// When service was restored (the clock stops), once it has.
    public var restoredAt: Date?
    /// When it closed, once it has.
    public var closedAt: Date?
    /// Times the ticket was reopened.
    public var reopenCount: Int
    /// Operators' notes.
    public var notes: [Note]
    /// The cause the handling unit recorded (v2).
    public var cause: FaultCause?
    /// Who answers for it: the cause's, the operator when unstated (v2).
    public var responsibility: FaultResponsibility?

    public init(
        id: String, status: TroubleTicketStatus, statusHistory: [StatusChange], unit: UnitID, description: String, startedAt: Date,
        relatedAlarms: [RelatedAlarm] = [], faultReportIds: [String] = [], circuitIds: [String], customers: [CustomerImpact],
        escalationLevel: Int = 0, planned: Bool = false, restoredAt: Date? = nil, closedAt: Date? = nil, reopenCount: Int = 0,
        notes: [Note] = [], cause: FaultCause? = nil, responsibility: FaultResponsibility? = nil
    ) {
        self.id = id
        self.status = status
        self.statusHistory = statusHistory
        self.unit = unit
        self.description = description
        self.startedAt = startedAt
        self.relatedAlarms = relatedAlarms
        self.faultReportIds = faultReportIds
        self.circuitIds = circuitIds
        self.customers = customers
        self.escalationLevel = escalationLevel
        self.planned = planned
        self.restoredAt = restoredAt
        self.closedAt = closedAt
        self.reopenCount = reopenCount
        self.notes = notes
        self.cause = cause
        self.responsibility = responsibility
    }

    /// The ticket id.
    public var kafkaKey: String { id }
    /// The handling unit.
    public var addressedUnit: UnitID? { unit }
}
