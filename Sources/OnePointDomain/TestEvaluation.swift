import Foundation

/// The verdict on a ``TestReport`` (DOMAIN.md §3): rejected, failed or passed.
public enum TestEvaluation: Sendable, Codable, Equatable {
    /// Something the report cannot be evaluated without.
    public enum Problem: Sendable, Codable, Equatable, CustomStringConvertible {
        /// A metric its service type requires is absent.
        case missingMetric(TestMetric)
        /// No tester is named.
        case missingTester
        /// Not confirmed by the customer or the customer manager.
        case unconfirmed
        /// The period does not end after it starts.
        case invalidPeriod(start: Date, end: Date)
        /// A measured value that cannot be (negative or not a number).
        case invalidMeasurement(TestMetric, Decimal)

        public var description: String {
            switch self {
            case .missingMetric(let metric): "missing metric \(metric)"
            case .missingTester: "no tester named"
            case .unconfirmed: "not confirmed by the customer or the customer manager"
            case .invalidPeriod(let start, let end): "test period ends (\(end)) before it starts (\(start))"
            case .invalidMeasurement(let metric, let value): "measured \(metric) \(value) is impossible"
            }
        }
    }

    /// A pass condition the report did not meet.
    public struct FailedMetric: Sendable, Codable, Equatable, CustomStringConvertible {
        /// The metric.
        public var metric: TestMetric
        /// What was measured.
        public var measured: Decimal
        /// The condition it failed.
        public var threshold: MetricThreshold

        public init(metric: TestMetric, measured: Decimal, threshold: MetricThreshold) {
            self.metric = metric
            self.measured = measured
            self.threshold = threshold
        }

        public var description: String {
            let op = threshold.bound == .atMost ? "above the limit" : "below the minimum"
            let unit = metric.unitSymbol.isEmpty ? "" : " " + metric.unitSymbol
            return "\(metric) measured \(measured)\(unit), \(op) \(threshold.value)\(unit)"
        }
    }

    /// Complete, every condition met.
    case passed
    /// Complete, but these conditions were not met: record a failed test, never accept it.
    case failed([FailedMetric])
    /// Incomplete: every problem found.
    case rejected([Problem])

    /// The missing metrics of a rejected report (empty otherwise).
    public var missingMetrics: [TestMetric] {
        guard case .rejected(let problems) = self else { return [] }
        return problems.compactMap { if case .missingMetric(let metric) = $0 { metric } else { nil } }
    }

    /// For a rejected report, an error naming every problem: code
    /// ``DomainError/Code/missingMetric`` when a metric is missing, otherwise
    /// ``DomainError/Code/incompleteTestReport``. `nil` for a passed or failed report.
    public var rejection: DomainError? {
        guard case .rejected(let problems) = self else { return nil }
        let code: DomainError.Code = missingMetrics.isEmpty ? .incompleteTestReport : .missingMetric
        return DomainError(code, "test report rejected: " + problems.map(\.description).joined(separator: "; "))
    }
}
