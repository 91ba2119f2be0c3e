import Foundation
import OnePointDomain

/// A planned network change that interrupts customers' service (割接): event
/// ``EventType/cutoverPlanCreate`` on `cutover-plans`. The cutover worker finds who is
/// affected, the notice lead each needs, and whether the plan is in time.
public struct CutoverPlan: EventPayload {
    /// What kind of change.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Network adjustment (网络调整).
        case networkAdjustment
        /// Cutover (割接).
        case cutover
        /// Line rework (线路改造).
        case lineRework
        /// Software upgrade (软件升级).
        case softwareUpgrade
    }

    /// Which network the change is on (and so who notifies, DOMAIN.md §6.2).
    public enum Network: String, Sendable, Codable, CaseIterable {
        /// Inter-province and international backbone: HQ notifies.
        case interProvinceBackbone
        /// A province's backbone: the province notifies.
        case provincialBackbone
        /// A city's local network: the city notifies.
        case localNetwork
    }

    /// The cutover id, e.g. `"CO-2026-1125-GD-01"`.
    public var cutoverId: String
    /// A short title.
    public var title: String
    /// Why the change is made (the letter's reason).
    public var reason: String
    /// What kind of change.
    public var kind: Kind
    /// Which network.
    public var network: Network
    /// An emergency change for a major safety hazard (at least 24 hours' notice instead).
    public var emergency: Bool
    /// The unit carrying out and notifying the change.
    public var unit: UnitID
    /// When the window starts (to the minute).
    public var windowStart: Date
    /// When it ends (to the minute).
    public var windowEnd: Date
    /// The expected interruption, minutes.
    public var expectedInterruptionMinutes: Int
    /// The network elements (and fibre sections) touched, by inventory id.
    public var elementIds: [String]
    /// Circuits known to be affected beyond those the elements carry.
    public var circuitIds: [String]
    /// The cutover contact (割接联系人).
    public var contact: Contact
    /// Who submitted it.
    public var submittedBy: String
    /// When it was submitted.
    public var submittedAt: Date

    public init(
        cutoverId: String, title: String, reason: String, kind: Kind, network: Network, emergency: Bool = false, unit: UnitID,
        windowStart: Date, windowEnd: Date, expectedInterruptionMinutes: Int, elementIds: [String], circuitIds: [String] = [],
        contact: Contact, submittedBy: String, submittedAt: Date
    ) {
        self.cutoverId = cutoverId
        self.title = title
        self.reason = reason
        self.kind = kind
        self.network = network
        self.emergency = emergency
        self.unit = unit
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.expectedInterruptionMinutes = expectedInterruptionMinutes
        self.elementIds = elementIds
        self.circuitIds = circuitIds
        self.contact = contact
        self.submittedBy = submittedBy
        self.submittedAt = submittedAt
    }

    /// The cutover id.
    public var kafkaKey: String { cutoverId }
    /// The unit carrying out the change.
    public var addressedUnit: UnitID? { unit }
    /// The unit that sends it: `event.unit`.
    public var actingUnit: UnitID? { unit }
}
