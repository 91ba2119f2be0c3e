import Foundation
import OnePointDomain

/// A cutover notice letter (割接告知函) to one customer, sent through its customer manager:
/// event ``EventType/cutoverNotice`` on `cutover-notices`. The fields are those of the
/// source's template (DOMAIN.md §6.2).
///
/// Schema version 2 added ``customerManagerUnit`` (the `unit` header: the notice goes to the
/// customer manager's unit), ``revision``, ``supersedes`` and ``feedbackDueAt``; all optional,
/// so a version 1 notice still reads.
public struct CutoverNotice: EventPayload {
    /// The letter's contacts.
    public struct Contacts: Sendable, Codable, Equatable, Hashable {
        /// The cutover contact.
        public var cutoverContact: Contact
        /// The customer manager (客户经理).
        public var customerManager: Contact
        /// The 7×24 fault line.
        public var faultLine: Contact

        public init(cutoverContact: Contact, customerManager: Contact, faultLine: Contact) {
            self.cutoverContact = cutoverContact
            self.customerManager = customerManager
            self.faultLine = faultLine
        }
    }

    /// An affected circuit (the letter's attachment).
    public struct AffectedCircuit: Sendable, Codable, Equatable, Hashable {
        /// The circuit id.
        public var circuitId: String
        /// Its service type.
        public var serviceType: ServiceType
        /// Its A-end unit.
        public var aEndUnit: UnitID
        /// Its Z-end unit.
        public var zEndUnit: UnitID

        public init(circuitId: String, serviceType: ServiceType, aEndUnit: UnitID, zEndUnit: UnitID) {
            self.circuitId = circuitId
            self.serviceType = serviceType
            self.aEndUnit = aEndUnit
            self.zEndUnit = zEndUnit
        }
    }

    /// The cutover.
    public var cutoverId: String
    /// The notice's id, e.g. `"CO-2026-1125-GD-01/C-10086"`.
    public var noticeId: String
    /// The notifying unit.
    public var unit: UnitID
    /// The customer notified.
    public var customer: CustomerReference
    /// Why the change is made.
    public var reason: String
    /// When the window starts (to the minute).
    public var windowStart: Date
    /// When it ends (to the minute).
    public var windowEnd: Date
    /// The affected service, for people, e.g. `"以太网专线 Ethernet private line, 2 circuits"`.
    public var affectedService: String
    /// The expected interruption, minutes.
    public var expectedInterruptionMinutes: Int
    /// Advice: switch to backup, back up data, staff a recovery check.
    public var advice: [String]
    /// Whom to call.
    public var contacts: Contacts
    /// The affected circuits.
    public var affectedCircuits: [AffectedCircuit]
    /// An emergency notice (24 hours' lead).
    public var emergency: Bool
    /// The lead required, working days (absent for an emergency).
    public var requiredWorkingDays: Int?
    /// The latest day the notice could be sent in time.
    public var latestSendDate: CivilDate
    /// `true` when the notice lead (latest send date) was counted through a year whose holiday notice is not loaded,
    /// on the provisional calendar (DOMAIN.md §9: Monday to Friday except Jan 1, May 1–2 and
    /// Oct 1–3); absent when every year it reaches is loaded. Added in this event type's next
    /// schema version.
    public var provisional: Bool? = nil
    /// When it was sent.
    public var sentAt: Date
    /// Whether it was sent in time.
    public var inTime: Bool
    /// The customer manager's unit, to which the notice is addressed (v2).
    public var customerManagerUnit: UnitID?
    /// The plan revision the notice announces: 1 as submitted (v2).
    public var revision: Int?
    /// The notice this one replaces after the window moved (v2).
    public var supersedes: String?
    /// The customer's answer is due by then; silence after a reminder counts as agreement (v2).
    public var feedbackDueAt: Date?

    public init(
        cutoverId: String, noticeId: String, unit: UnitID, customer: CustomerReference, reason: String, windowStart: Date, windowEnd: Date,
        affectedService: String, expectedInterruptionMinutes: Int, advice: [String], contacts: Contacts, affectedCircuits: [AffectedCircuit],
        emergency: Bool = false, requiredWorkingDays: Int?, latestSendDate: CivilDate, sentAt: Date, inTime: Bool,
        customerManagerUnit: UnitID? = nil, revision: Int? = nil, supersedes: String? = nil, feedbackDueAt: Date? = nil
    ) {
        self.cutoverId = cutoverId
        self.noticeId = noticeId
        self.unit = unit
        self.customer = customer
        self.reason = reason
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.affectedService = affectedService
        self.expectedInterruptionMinutes = expectedInterruptionMinutes
        self.advice = advice
        self.contacts = contacts
        self.affectedCircuits = affectedCircuits
        self.emergency = emergency
        self.requiredWorkingDays = requiredWorkingDays
        self.latestSendDate = latestSendDate
        self.sentAt = sentAt
        self.inTime = inTime
        self.customerManagerUnit = customerManagerUnit
        self.revision = revision
        self.supersedes = supersedes
        self.feedbackDueAt = feedbackDueAt
    }

    /// The cutover id.
    public var kafkaKey: String { cutoverId }
    /// The customer manager's unit (v2), else the notifying unit.
    public var addressedUnit: UnitID? { customerManagerUnit ?? unit }
}
