import Foundation
import OnePointDomain

/// Progress feedback (进展反馈) to the customer manager: during a fault at the level's interval
/// (Key and Diamond 30 min, Gold 60, Silver 120, Bronze 240), and on provisioning orders.
/// Event ``EventType/progressFeedbackNotification`` on `notifications`.
public struct ProgressFeedback: EventPayload {
    /// The ticket or order.
    public var entity: EntityReference
    /// The feedback's number: 1 for the first.
    public var sequence: Int
    /// The unit giving feedback.
    public var unit: UnitID
    /// The customer.
    public var customer: CustomerReference
    /// The customer manager to tell.
    public var customerManager: Contact
    /// The interval at which feedback is due, minutes.
    public var intervalMinutes: Int
    /// Time on the clock so far, minutes.
    public var elapsedMinutes: Int
    /// Time left before the limit, minutes; negative once overdue.
    public var remainingMinutes: Int
    /// Where the work stands.
    public var progress: String
    /// What happens next.
    public var nextSteps: String?
    /// What the customer must do, if anything.
    public var customerActions: String?
    /// When the feedback was due.
    public var at: Date

    public init(
        entity: EntityReference, sequence: Int, unit: UnitID, customer: CustomerReference, customerManager: Contact, intervalMinutes: Int,
        elapsedMinutes: Int, remainingMinutes: Int, progress: String, nextSteps: String? = nil, customerActions: String? = nil, at: Date
    ) {
        self.entity = entity
        self.sequence = sequence
        self.unit = unit
        self.customer = customer
        self.customerManager = customerManager
        self.intervalMinutes = intervalMinutes
        self.elapsedMinutes = elapsedMinutes
        self.remainingMinutes = remainingMinutes
        self.progress = progress
        self.nextSteps = nextSteps
        self.customerActions = customerActions
        self.at = at
    }

    /// The entity's id.
    public var kafkaKey: String { entity.id }
    /// The unit giving feedback.
    public var addressedUnit: UnitID? { unit }
}
