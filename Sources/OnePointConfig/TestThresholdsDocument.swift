import Foundation
import OnePointDomain

/// The model of `test-thresholds.yaml`: per service type, a list of pass conditions.
///
/// ```yaml
/// testThresholds:
///   MPLS-VPN:
///     - { metric: avgRTD, atMost: 50, scopes: [local, crossCity] }
///   ETHERNET:
///     - { metric: throughput, atLeast: 99 }
/// ```
/// Every service type must be listed (with `[]` when its reports need no condition).
struct TestThresholdsDocument: StrictlyKeyed, Sendable {
    struct Body: Decodable, Sendable {
        let path: ConfigKeyPath
        let services: [(key: ConfigKeyPath, name: String, conditions: [Condition])]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: ConfigCodingKey.self)
            path = decoder.keyPath
            var services: [(key: ConfigKeyPath, name: String, conditions: [Condition])] = []
            for key in container.allKeys {
                services.append(
                    (path.appending(key.stringValue), key.stringValue, try container.decode([Condition].self, forKey: key)))
            }
            self.services = services
        }
    }

    struct Condition: StrictlyKeyed, Sendable {
        var path = ConfigKeyPath()
        let metric: ConfigScalar
        let atMost: ConfigScalar?
        let atLeast: ConfigScalar?
        let scopes: [ConfigScalar]?

        enum CodingKeys: String, CodingKey, CaseIterable { case metric, atMost, atLeast, scopes }
    }

    let testThresholds: Body

    enum CodingKeys: String, CodingKey, CaseIterable { case testThresholds }

    // MARK: - Checking

    func thresholds() throws(ConfigIssue) -> TestThresholds {
        var all: [(path: ConfigKeyPath, threshold: MetricThreshold)] = []
        var listed: Set<ServiceType> = []
        for (key, name, conditions) in testThresholds.services {
            let service: ServiceType
            do {
                service = try ServiceType(parsing: name)
            } catch {
                throw ConfigIssue(.unknownName, at: key, error.message)
            }
            guard listed.insert(service).inserted else {
                throw ConfigIssue(.invalidValue, at: key, "service type \(service) is listed twice")
            }
            for condition in conditions {
                let threshold = try Self.threshold(condition, service: service)
                for earlier in all.map(\.threshold) where earlier.service == service && earlier.metric == threshold.metric {
                    if let scope = NetworkScope.allCases.first(where: { earlier.applies(to: $0) && threshold.applies(to: $0) }) {
                        throw ConfigIssue(
                            .invalidValue, at: condition.path,
                            "a second condition on \(service) \(threshold.metric) applies to \(scope) business; give each scope one condition")
                    }
                }
                all.append((condition.path, threshold))
            }
        }
        if let missing = ServiceType.allCases.first(where: { !listed.contains($0) }) {
            throw ConfigIssue(
                .missingKey, at: testThresholds.path.appending(missing.rawValue),
                "service type \(missing) (\(missing.chineseName)) is missing; list it, with [] if its reports need no condition")
        }
        return try ConfigIssue.checking(testThresholds.path) { () throws(DomainError) in
            try TestThresholds(all.map(\.threshold))
        }
    }

    private static let metricList = TestMetric.allCases.map(\.rawValue).joined(separator: ", ")
    private static let scopeList = NetworkScope.allCases.map(\.rawValue).joined(separator: ", ")

    private static func threshold(_ condition: Condition, service: ServiceType) throws(ConfigIssue) -> MetricThreshold {
        let metricName = try condition.metric.nonEmptyText("a metric name")
        guard let metric = TestMetric(rawValue: metricName) else {
            throw ConfigIssue(.unknownName, at: condition.metric.path, "unknown metric '\(metricName)'; expected one of: \(metricList)")
        }
        guard service.requiredMetrics.contains(metric) else {
            let carried = service.requiredMetrics.map(\.rawValue).joined(separator: ", ")
            throw ConfigIssue(
                .invalidValue, at: condition.metric.path, "\(service) test reports do not carry \(metric); they carry \(carried)")
        }
        let bound: MetricThreshold.Bound
        let scalar: ConfigScalar
        switch (condition.atMost, condition.atLeast) {
        case (let value?, nil): (bound, scalar) = (.atMost, value)
        case (nil, let value?): (bound, scalar) = (.atLeast, value)
        default:
            throw ConfigIssue(.invalidValue, at: condition.path, "give exactly one of 'atMost' or 'atLeast'")
        }
        let unit = metric.unitSymbol.isEmpty ? "" : " (\(metric.unitSymbol))"
        let value = try scalar.decimal(expected: "a number\(unit)")
        guard value >= 0 else {
            throw ConfigIssue(.invalidValue, at: scalar.path, "must be 0 or more, got \(scalar.text)")
        }
        var scopes: Set<NetworkScope>?
        if let items = condition.scopes {
            guard !items.isEmpty else {
                throw ConfigIssue(
                    .invalidValue, at: condition.path.appending("scopes"), "scopes is empty; leave it out to apply everywhere")
            }
            var set: Set<NetworkScope> = []
            for item in items {
                let name = try item.nonEmptyText("a scope")
                guard let scope = NetworkScope(rawValue: name) else {
                    throw ConfigIssue(.unknownName, at: item.path, "unknown scope '\(name)'; expected one of: \(scopeList)")
                }
                set.insert(scope)
            }
            scopes = set
        }
        return MetricThreshold(service: service, metric: metric, bound: bound, value: value, scopes: scopes)
    }
}
