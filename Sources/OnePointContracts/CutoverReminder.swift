import Foundation
import OnePointDomain

/// A reminder about a cutover: event ``EventType/cutoverReminder`` on `cutover-notices`.
public struct CutoverReminder: EventPayload {
    /// What the reminder is about.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A notice must go out by ``CutoverReminder/dueAt``.
        case noticeDue
        /// A customer has not answered its notice.
        case feedbackMissing
        /// The window starts soon.
        case windowStarting
    }

    /// The cutover.
    public var cutoverId: String
    /// What it is about.
    public var kind: Kind
    /// The unit reminded.
    public var unit: UnitID
    /// The customer concerned, if one.
    public var customerId: String?
    /// When the thing reminded of is due.
    public var dueAt: Date
    /// For people.
    public var message: String

    public init(cutoverId: String, kind: Kind, unit: UnitID, customerId: String? = nil, dueAt: Date, message: String) {
        self.cutoverId = cutoverId
        self.kind = kind
        self.unit = unit
        self.customerId = customerId
        self.dueAt = dueAt
        self.message = message
    }

    /// The cutover id.
    public var kafkaKey: String { cutoverId }
    /// The unit reminded.
    public var addressedUnit: UnitID? { unit }
}
