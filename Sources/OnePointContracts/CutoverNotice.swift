import Foundation
import OnePointDomain

/// A cutover notice letter (割接告知函) to one customer, sent through its customer manager:
/// event ``EventType/cutoverNotice`` on `cutover-notices`. The fields are those of the
/// source's template (DOMAIN.md §6.2).
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
    /// When it was sent.
    public var sentAt: Date
    /// Whether it was sent in time.
    public var inTime: Bool

    public init(
        cutoverId: String, noticeId: String, unit: UnitID, customer: CustomerReference, reason: String, windowStart: Date, windowEnd: Date,
        affectedService: String, expectedInterruptionMinutes: Int, advice: [String], contacts: Contacts, affectedCircuits: [AffectedCircuit],
        emergency: Bool = false, requiredWorkingDays: Int?, latestSendDate: CivilDate, sentAt: Date, inTime: Bool
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
    }

    /// The cutover id.
    public var kafkaKey: String { cutoverId }
    /// The notifying unit.
    public var addressedUnit: UnitID? { unit }
}
