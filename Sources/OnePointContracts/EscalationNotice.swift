import Foundation
import OnePointDomain

/// A step of an escalation ladder fired: event ``EventType/escalationNotification`` on
/// `notifications`, keyed by the entity's id. Every step is a notification with the elapsed
/// and remaining time, never a silent state change (DOMAIN.md §5, §6.1).
public struct EscalationNotice: EventPayload {
    /// The order, work order, request or ticket.
    public var entity: EntityReference
    /// The step's position on the ladder, 1 for the first.
    public var level: Int
    /// The step: percent of the limit.
    public var percent: Int
    /// Who is notified, abstractly (duty lead, parent unit, …).
    public var target: EscalationTarget
    /// The unit notified.
    public var targetUnit: UnitID
    /// The unit whose work it is.
    public var handlingUnit: UnitID
    /// The customer's level, when there is one customer.
    public var customerLevel: CustomerLevel?
    /// The limit, for people: `"4 hours"`, `"9 working days"`.
    public var limit: String
    /// When the clock started.
    public var startedAt: Date
    /// When the limit ends.
    public var deadline: Date
    /// `true` when the deadline was counted through a year whose holiday notice is not loaded,
    /// on the provisional calendar (DOMAIN.md §9: Monday to Friday except Jan 1, May 1–2 and
    /// Oct 1–3); absent when every year it reaches is loaded. Added in this event type's next
    /// schema version.
    public var provisional: Bool? = nil
    /// Time on the clock so far, minutes (clock stops excluded).
    public var elapsedMinutes: Int
    /// Time left, minutes; negative once overdue.
    public var remainingMinutes: Int
    /// When the step fired.
    public var at: Date

    public init(
        entity: EntityReference, level: Int, percent: Int, target: EscalationTarget, targetUnit: UnitID, handlingUnit: UnitID,
        customerLevel: CustomerLevel? = nil, limit: String, startedAt: Date, deadline: Date, elapsedMinutes: Int, remainingMinutes: Int,
        at: Date
    ) {
        self.entity = entity
        self.level = level
        self.percent = percent
        self.target = target
        self.targetUnit = targetUnit
        self.handlingUnit = handlingUnit
        self.customerLevel = customerLevel
        self.limit = limit
        self.startedAt = startedAt
        self.deadline = deadline
        self.elapsedMinutes = elapsedMinutes
        self.remainingMinutes = remainingMinutes
        self.at = at
    }

    /// The entity's id.
    public var kafkaKey: String { entity.id }
    /// The unit notified.
    public var addressedUnit: UnitID? { targetUnit }
}
