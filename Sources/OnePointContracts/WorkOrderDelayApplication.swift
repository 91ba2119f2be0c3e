import Foundation
import OnePointDomain

/// A delay application (延期申请) on a work order: event
/// ``EventType/workOrderDelayApplication`` on `work-order-progress`.
///
/// Accepted only for a customer cause and only when filed before the deadline; otherwise the
/// order is overdue and the application counts one overdue occurrence (DOMAIN.md §5).
public struct WorkOrderDelayApplication: EventPayload {
    /// The work order.
    public var workOrderId: String
    /// Its service order: the Kafka key (version 2), and the order the provisioning worker finds.
    public var orderId: String
    /// The applying unit.
    public var unit: UnitID
    /// The cause given.
    public var reason: ClockStopReason
    /// When the application was filed.
    public var filedAt: Date
    /// The extra working time asked for, in half working days.
    public var requestedWorkingHalfDays: Int
    /// Who applied.
    public var reportedBy: String
    /// Detail.
    public var note: String?

    public init(
        workOrderId: String, orderId: String, unit: UnitID, reason: ClockStopReason, filedAt: Date, requestedWorkingHalfDays: Int,
        reportedBy: String, note: String? = nil
    ) {
        self.workOrderId = workOrderId
        self.orderId = orderId
        self.unit = unit
        self.reason = reason
        self.filedAt = filedAt
        self.requestedWorkingHalfDays = requestedWorkingHalfDays
        self.reportedBy = reportedBy
        self.note = note
    }

    /// The application as the domain decides it.
    public var application: DelayApplication { DelayApplication(reason: reason, filedAt: filedAt) }

    /// The order id (version 2), so every input about one order lands on one partition number
    /// of its topic (co-partitioning, docs/provisioning.md); version 1 was keyed by
    /// ``workOrderId``, which the provisioning worker still reads.
    public var kafkaKey: String { orderId }
    /// The applying unit.
    public var addressedUnit: UnitID? { unit }
    /// The unit that sends it: `event.unit`.
    public var actingUnit: UnitID? { unit }
}
