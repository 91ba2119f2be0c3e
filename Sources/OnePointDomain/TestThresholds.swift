import Foundation

/// The configured pass conditions of service tests (DOMAIN.md §3), and the evaluation of a
/// ``TestReport`` against them.
///
/// Encoded as `{"thresholds": [ … ]}`, a list of ``MetricThreshold``; decoding validates
/// like ``init(_:)``. A required metric with no condition only has to be present.
public struct TestThresholds: Sendable, Codable, Equatable {
    /// Every condition, in configuration order.
    public let thresholds: [MetricThreshold]

    /// Validates and keeps `thresholds`.
    ///
    /// - Throws: ``DomainError/Code/invalidValue`` naming the condition when its metric is not
    ///   one its service type requires, its value is negative, its scope list is empty, or two
    ///   conditions on the same service and metric apply to the same scope.
    public init(_ thresholds: [MetricThreshold]) throws(DomainError) {
        for (index, threshold) in thresholds.enumerated() {
            let key = "thresholds[\(index)] (\(threshold.service) \(threshold.metric))"
            guard threshold.service.requiredMetrics.contains(threshold.metric) else {
                let required = threshold.service.requiredMetrics.map(\.rawValue).joined(separator: ", ")
                throw DomainError(
                    .invalidValue,
                    "test thresholds: \(key): \(threshold.service) reports do not carry \(threshold.metric); they carry \(required)")
            }
            guard threshold.value >= 0, !threshold.value.isNaN else {
                throw DomainError(.invalidValue, "test thresholds: \(key): value must be 0 or more, got \(threshold.value)")
            }
            if let scopes = threshold.scopes, scopes.isEmpty {
                throw DomainError(.invalidValue, "test thresholds: \(key): scopes is empty; omit it to apply everywhere")
            }
            for earlier in thresholds[..<index]
            where earlier.service == threshold.service && earlier.metric == threshold.metric {
                let overlap = NetworkScope.allCases.filter { earlier.applies(to: $0) && threshold.applies(to: $0) }
                if let scope = overlap.first {
                    throw DomainError(
                        .invalidValue,
                        "test thresholds: \(key): a second condition for \(threshold.service) \(threshold.metric) applies to \(scope) business; give each scope one condition")
                }
            }
        }
        self.thresholds = thresholds
    }

    private enum CodingKeys: String, CodingKey { case thresholds }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(container.decode([MetricThreshold].self, forKey: .thresholds))
    }

    /// The conditions that apply to a report of `service` for business of `scope`.
    public func conditions(for service: ServiceType, scope: NetworkScope) -> [MetricThreshold] {
        thresholds.filter { $0.service == service && $0.applies(to: scope) }
    }

    /// Evaluates a test report (DOMAIN.md §3).
    ///
    /// - ``TestEvaluation/rejected(_:)`` when anything is missing or impossible, listing every
    ///   problem: each missing required metric, no tester, no confirmation by the customer or
    ///   customer manager, a period that does not end after it starts, a negative measurement.
    ///   Thresholds are not checked on a rejected report.
    /// - ``TestEvaluation/failed(_:)`` for a complete report with at least one condition not
    ///   met, listing each with its measured value and threshold.
    /// - ``TestEvaluation/passed`` otherwise. Measurements beyond the required ones are ignored.
    public func evaluate(_ report: TestReport) -> TestEvaluation {
        var problems: [TestEvaluation.Problem] = []
        for metric in report.service.requiredMetrics where report.measurements[metric] == nil {
            problems.append(.missingMetric(metric))
        }
        if (report.tester ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(.missingTester)
        }
        if (report.confirmation?.name ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(.unconfirmed)
        }
        if report.period.end <= report.period.start {
            problems.append(.invalidPeriod(start: report.period.start, end: report.period.end))
        }
        for metric in report.service.requiredMetrics {
            if let value = report.measurements[metric], value < 0 || value.isNaN {
                problems.append(.invalidMeasurement(metric, value))
            }
        }
        if !problems.isEmpty { return .rejected(problems) }

        var failures: [TestEvaluation.FailedMetric] = []
        for condition in conditions(for: report.service, scope: report.scope) {
            if let measured = report.measurements[condition.metric], !condition.isMet(by: measured) {
                failures.append(.init(metric: condition.metric, measured: measured, threshold: condition))
            }
        }
        failures.sort { $0.metric < $1.metric }
        return failures.isEmpty ? .passed : .failed(failures)
    }
}
