import Foundation
import OnePointDomain

/// A unit reports that its work order reached a stage: event
/// ``EventType/workOrderStageReport`` on `work-order-progress`.
public struct WorkOrderStageReport: EventPayload {
    /// The work order.
    public var workOrderId: String
    /// Its service order: the Kafka key (version 2), and the order the provisioning worker finds.
    public var orderId: String
    /// The reporting unit.
    public var unit: UnitID
    /// The stage reached.
    public var stage: WorkOrderStage
    /// When it was reached.
    public var at: Date
    /// Who reported.
    public var reportedBy: String
    /// Progress, next steps, problems (进展反馈), for the coordinating party.
    public var note: String?

    public init(workOrderId: String, orderId: String, unit: UnitID, stage: WorkOrderStage, at: Date, reportedBy: String, note: String? = nil) {
        self.workOrderId = workOrderId
        self.orderId = orderId
        self.unit = unit
        self.stage = stage
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
