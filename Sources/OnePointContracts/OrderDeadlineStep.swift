import Foundation
import OnePointDomain

/// A provisioning order crossed a step of its limit: events
/// ``EventType/serviceOrderOverdueWarning`` (超时预警, 80 % by default, to the coordinating
/// party), ``EventType/serviceOrderOverdue`` (100 %) and ``EventType/serviceOrderEscalated``
/// (each step at or after 100 %, to the unit above) on `order-events`.
public struct OrderDeadlineStep: EventPayload {
    /// The order.
    public var orderId: String
    /// The late work order, when one leg is late rather than the whole order.
    public var workOrderId: String?
    /// The unit whose work is late.
    public var unit: UnitID
    /// The customer's level.
    public var level: CustomerLevel
    /// The ladder step: percent of the limit and who is notified.
    public var percent: Int
    /// Who is notified, abstractly.
    public var target: EscalationTarget
    /// The unit notified.
    public var targetUnit: UnitID
    /// The deadline in force.
    public var deadline: Date
    /// `true` when the deadline was counted through a year whose holiday notice is not loaded,
    /// on the provisional calendar (DOMAIN.md §9: Monday to Friday except Jan 1, May 1–2 and
    /// Oct 1–3); absent when every year it reaches is loaded. Added in this event type's next
    /// schema version.
    public var provisional: Bool? = nil
    /// When the step fired.
    public var at: Date
    /// Overdue occurrences so far.
    public var overdueOccurrences: Int

    public init(
        orderId: String, workOrderId: String? = nil, unit: UnitID, level: CustomerLevel, percent: Int, target: EscalationTarget,
        targetUnit: UnitID, deadline: Date, at: Date, overdueOccurrences: Int
    ) {
        self.orderId = orderId
        self.workOrderId = workOrderId
        self.unit = unit
        self.level = level
        self.percent = percent
        self.target = target
        self.targetUnit = targetUnit
        self.deadline = deadline
        self.at = at
        self.overdueOccurrences = overdueOccurrences
    }

    /// The order id.
    public var kafkaKey: String { orderId }
    /// The unit notified.
    public var addressedUnit: UnitID? { targetUnit }
}
