import Foundation
import OnePointDomain

/// A test report filed on a work order (DOMAIN.md §3, §5): event
/// ``EventType/testReportCreate`` on `test-reports`.
///
/// A city files the local test of its leg; the end-to-end reporter files the end-to-end test.
/// For a cross-province circuit HQ's end-to-end report lists the provinces' reports it
/// assembles in ``assembledFrom``.
public struct ServiceTestReport: EventPayload {
    /// Which test of the flow.
    public enum Stage: String, Sendable, Codable, CaseIterable {
        /// The local test of one leg (本地测试).
        case local
        /// The end-to-end test of the whole circuit (全程测试).
        case endToEnd
    }

    /// The report's id, e.g. `"TR-2026-1126-0003"`.
    public var reportId: String
    /// The work order it is filed on.
    public var workOrderId: String
    /// Its service order: the Kafka key (version 2), and the order the provisioning worker finds.
    public var orderId: String
    /// The filing unit.
    public var unit: UnitID
    /// Local or end-to-end.
    public var stage: Stage
    /// The report: service type, scope, measurements (`{"throughput": 99.6, "frameLoss": 0}`),
    /// tester, confirmation by the customer or customer manager, test period.
    public var test: TestReport
    /// The reports this one assembles (HQ's cross-province end-to-end report).
    public var assembledFrom: [String]
    /// When it was filed.
    public var filedAt: Date

    public init(
        reportId: String, workOrderId: String, orderId: String, unit: UnitID, stage: Stage, test: TestReport,
        assembledFrom: [String] = [], filedAt: Date
    ) {
        self.reportId = reportId
        self.workOrderId = workOrderId
        self.orderId = orderId
        self.unit = unit
        self.stage = stage
        self.test = test
        self.assembledFrom = assembledFrom
        self.filedAt = filedAt
    }

    /// The order id (version 2), so every input about one order lands on one partition number
    /// of its topic (co-partitioning, docs/provisioning.md); version 1 was keyed by
    /// ``workOrderId``, which the provisioning worker still reads.
    public var kafkaKey: String { orderId }
    /// The filing unit.
    public var addressedUnit: UnitID? { unit }
    /// The unit that sends it: `event.unit`.
    public var actingUnit: UnitID? { unit }
}
