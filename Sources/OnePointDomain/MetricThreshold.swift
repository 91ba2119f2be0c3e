import Foundation

/// One pass condition of a service test: a metric of a service type must be at most, or at
/// least, a value, optionally only for some scopes (DOMAIN.md §3; values are configuration).
///
/// JSON: `{"service": "MPLS-VPN", "metric": "avgRTD", "bound": "atMost", "value": 50,
/// "scopes": ["local", "crossCity"]}`; omit `scopes` for a condition that applies everywhere.
public struct MetricThreshold: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
    /// Which side of ``value`` passes.
    public enum Bound: String, Sendable, Codable, CaseIterable {
        /// The measured value must be ≤ the threshold (delay, loss, errors).
        case atMost
        /// The measured value must be ≥ the threshold (throughput).
        case atLeast
    }

    /// The service type the condition applies to.
    public var service: ServiceType
    /// The metric checked; it must be one the service type requires.
    public var metric: TestMetric
    /// Which side of ``value`` passes.
    public var bound: Bound
    /// The threshold, in the metric's unit (see ``TestMetric/unitSymbol``).
    public var value: Decimal
    /// The scopes the condition applies to, or `nil` for all of them.
    public var scopes: Set<NetworkScope>?

    public init(
        service: ServiceType, metric: TestMetric, bound: Bound, value: Decimal, scopes: Set<NetworkScope>? = nil
    ) {
        self.service = service
        self.metric = metric
        self.bound = bound
        self.value = value
        self.scopes = scopes
    }

    /// Whether the condition applies to business of `scope`.
    public func applies(to scope: NetworkScope) -> Bool { scopes?.contains(scope) ?? true }

    /// Whether `measured` passes.
    public func isMet(by measured: Decimal) -> Bool {
        switch bound {
        case .atMost: measured <= value
        case .atLeast: measured >= value
        }
    }

    public var description: String {
        let op = bound == .atMost ? "≤" : "≥"
        let scope = scopes.map { " (" + $0.map(\.rawValue).sorted().joined(separator: ", ") + ")" } ?? ""
        return "\(service) \(metric) \(op) \(value)\(metric.unitSymbol.isEmpty ? "" : " " + metric.unitSymbol)\(scope)"
    }
}
