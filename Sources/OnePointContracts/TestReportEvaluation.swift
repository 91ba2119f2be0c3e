import Foundation
import OnePointDomain

/// The provisioning worker's verdict on a ``ServiceTestReport``: event
/// ``EventType/testReportEvaluated`` on `order-events`.
public struct TestReportEvaluation: EventPayload {
    /// The verdict.
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        /// Complete and every threshold met.
        case passed
        /// Complete, but thresholds not met: a failed test, never accepted.
        case failed
        /// Incomplete (a metric missing, no tester, unconfirmed): rejected, file again.
        case rejected
    }

    /// A threshold a measurement did not meet.
    public struct FailedMetric: Sendable, Codable, Equatable, Hashable {
        /// The metric.
        public var metric: TestMetric
        /// What was measured.
        public var measured: Decimal
        /// Whether the limit is a maximum or a minimum.
        public var bound: MetricThreshold.Bound
        /// The limit.
        public var limit: Decimal

        public init(metric: TestMetric, measured: Decimal, bound: MetricThreshold.Bound, limit: Decimal) {
            self.metric = metric
            self.measured = measured
            self.bound = bound
            self.limit = limit
        }
    }

    /// The report judged.
    public var reportId: String
    /// Its work order.
    public var workOrderId: String
    /// Its service order.
    public var orderId: String
    /// The unit that filed it.
    public var unit: UnitID
    /// The verdict.
    public var outcome: Outcome
    /// For `rejected`: the metrics missing, by name.
    public var missingMetrics: [TestMetric]
    /// For `failed`: each threshold not met.
    public var failedMetrics: [FailedMetric]
    /// Every problem, for a person (`"missing metric frameLoss"`, `"no tester named"`).
    public var problems: [String]
    /// When it was judged.
    public var evaluatedAt: Date

    public init(
        reportId: String, workOrderId: String, orderId: String, unit: UnitID, outcome: Outcome, missingMetrics: [TestMetric] = [],
        failedMetrics: [FailedMetric] = [], problems: [String] = [], evaluatedAt: Date
    ) {
        self.reportId = reportId
        self.workOrderId = workOrderId
        self.orderId = orderId
        self.unit = unit
        self.outcome = outcome
        self.missingMetrics = missingMetrics
        self.failedMetrics = failedMetrics
        self.problems = problems
        self.evaluatedAt = evaluatedAt
    }

    /// The order id.
    public var kafkaKey: String { orderId }
    /// The unit that filed the report.
    public var addressedUnit: UnitID? { unit }
}
