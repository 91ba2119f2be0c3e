import Foundation
import OnePointDomain

/// An open clock's deadline moved because the working calendar changed: event
/// ``EventType/deadlineChanged`` on `order-events`, keyed by the entity's id (the order id, or
/// the resource-check request id for a survey).
///
/// Emitted by the provisioning worker when it applies a year's calendar from the `calendar`
/// topic (``CalendarYearUpdate``) and an open clock counted through that year now ends
/// elsewhere, or stops being provisional. Its warning, overdue and escalation timers moved with
/// it; an order's work orders are published again (`WorkOrderStateChangeEvent`) with the new
/// deadline.
public struct DeadlineChange: EventPayload {
    /// Why the deadline changed.
    public enum Reason: String, Sendable, Codable, CaseIterable {
        /// A year's calendar was loaded where none was (the deadline was provisional).
        case calendarLoaded
        /// A loaded year's calendar was replaced (an amended notice, or a year of
        /// `calendar.yaml` loaded again with other days).
        case calendarCorrected
    }

    /// The order or resource check whose clock it is.
    public var entity: EntityReference
    /// The unit whose clock it is: the order's coordinating party, the surveying unit.
    public var unit: UnitID
    /// The customer's level.
    public var level: CustomerLevel
    /// The limit in force, e.g. `10 working days`.
    public var limit: String
    /// When the clock started.
    public var startedAt: Date
    /// The deadline before the change.
    public var previousDeadline: Date
    /// The deadline now.
    public var deadline: Date
    /// `true` when the new deadline is still counted through a year whose notice is not loaded
    /// (DOMAIN.md §9); absent when it is final.
    public var provisional: Bool? = nil
    /// Why it changed.
    public var reason: Reason
    /// The calendar year whose loading moved it.
    public var calendarYear: Int
    /// When the change was applied.
    public var at: Date

    /// A change; see the properties for what each part holds.
    public init(
        entity: EntityReference, unit: UnitID, level: CustomerLevel, limit: String, startedAt: Date, previousDeadline: Date, deadline: Date,
        provisional: Bool? = nil, reason: Reason, calendarYear: Int, at: Date
    ) {
        self.entity = entity
        self.unit = unit
        self.level = level
        self.limit = limit
        self.startedAt = startedAt
        self.previousDeadline = previousDeadline
        self.deadline = deadline
        self.provisional = provisional
        self.reason = reason
        self.calendarYear = calendarYear
        self.at = at
    }

    /// The entity's id.
    public var kafkaKey: String { entity.id }
    /// The unit whose clock it is.
    public var addressedUnit: UnitID? { unit }
}
