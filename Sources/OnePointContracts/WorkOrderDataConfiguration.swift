import Foundation
import OnePointDomain

/// Data configuration started on a work order: event
/// ``EventType/workOrderDataConfigurationStarted`` on `work-order-progress`. It must start
/// within 30 minutes of its notice (DOMAIN.md §5).
public struct WorkOrderDataConfiguration: EventPayload {
    /// The work order.
    public var workOrderId: String
    /// Its service order: the Kafka key (version 2), and the order the provisioning worker finds.
    public var orderId: String
    /// The configuring unit.
    public var unit: UnitID
    /// When the data-configuration notice was given (the 30-minute clock starts).
    public var noticeAt: Date
    /// When configuration started.
    public var startedAt: Date
    /// Who started it.
    public var reportedBy: String

    public init(workOrderId: String, orderId: String, unit: UnitID, noticeAt: Date, startedAt: Date, reportedBy: String) {
        self.workOrderId = workOrderId
        self.orderId = orderId
        self.unit = unit
        self.noticeAt = noticeAt
        self.startedAt = startedAt
        self.reportedBy = reportedBy
    }

    /// The order id (version 2), so every input about one order lands on one partition number
    /// of its topic (co-partitioning, docs/provisioning.md); version 1 was keyed by
    /// ``workOrderId``, which the provisioning worker still reads.
    public var kafkaKey: String { orderId }
    /// The configuring unit.
    public var addressedUnit: UnitID? { unit }
    /// The unit that sends it: `event.unit`.
    public var actingUnit: UnitID? { unit }
}
