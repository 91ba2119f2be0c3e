import Foundation
import OnePointDomain

/// A unit stops or restarts a work order's clock (暂停计时) for a cause outside the limit:
/// events ``EventType/workOrderClockStopStarted`` and ``EventType/workOrderClockStopEnded``
/// on `work-order-progress`.
public struct WorkOrderClockStop: EventPayload {
    /// The work order.
    public var workOrderId: String
    /// Its service order: the Kafka key (version 2), and the order the provisioning worker finds.
    public var orderId: String
    /// The reporting unit.
    public var unit: UnitID
    /// Why the clock stops (a customer cause, or resources being built).
    public var reason: ClockStopReason
    /// When the clock stopped (started event) or started again (ended event).
    public var at: Date
    /// Who reported.
    public var reportedBy: String
    /// Evidence or detail (e.g. the customer's letter asking for a new date).
    public var note: String?

    public init(workOrderId: String, orderId: String, unit: UnitID, reason: ClockStopReason, at: Date, reportedBy: String, note: String? = nil) {
        self.workOrderId = workOrderId
        self.orderId = orderId
        self.unit = unit
        self.reason = reason
        self.at = at
        self.reportedBy = reportedBy
        self.note = note
    }

    /// The order id (version 2), so every input about one order lands on one partition number
    /// of its topic (co-partitioning, docs/provisioning.md); version 1 was keyed by
    /// ``workOrderId``, which the provisioning worker still reads.
    public var kafkaKey: String { orderId }
    /// The reporting unit.
    public var addressedUnit: UnitID? { unit }
    /// The unit that sends it: `event.unit`.
    public var actingUnit: UnitID? { unit }
}
