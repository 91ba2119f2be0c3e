import Foundation
import OnePointDomain

/// The result of one acceptance step (工程验收): event ``EventType/workOrderAcceptanceResult``
/// on `work-order-progress`. A failed preliminary acceptance (初验) returns the work to
/// engineering and counts against the acceptance pass rate.
public struct WorkOrderAcceptance: EventPayload {
    /// The work order.
    public var workOrderId: String
    /// Its service order: the Kafka key (version 2), and the order the provisioning worker finds.
    public var orderId: String
    /// The reporting unit.
    public var unit: UnitID
    /// The acceptance step: `inProgressInspection`, `preliminaryAcceptance`, `trialOperation`
    /// or `finalAcceptance`.
    public var stage: WorkOrderStage
    /// Whether the step passed.
    public var passed: Bool
    /// When it was decided.
    public var at: Date
    /// Who inspected.
    public var inspector: String
    /// What was found (for a failure: what engineering must fix).
    public var findings: [String]

    public init(
        workOrderId: String, orderId: String, unit: UnitID, stage: WorkOrderStage, passed: Bool, at: Date, inspector: String,
        findings: [String] = []
    ) {
        self.workOrderId = workOrderId
        self.orderId = orderId
        self.unit = unit
        self.stage = stage
        self.passed = passed
        self.at = at
        self.inspector = inspector
        self.findings = findings
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
