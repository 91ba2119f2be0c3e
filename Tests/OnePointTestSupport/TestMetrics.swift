import Metrics
import Prometheus

/// The test process's metrics: swift-metrics bootstrapped once with a Prometheus registry, so a
/// test can read what the runtime counted (each test names its worker uniquely: metrics carry
/// the `worker` dimension). Every test target shares this one: the metrics system can be
/// bootstrapped only once per process. Touch it (`_ = testMetrics`) before a worker starts.
public let testMetrics: PrometheusCollectorRegistry = {
    let registry = PrometheusCollectorRegistry()
    MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    return registry
}()

/// The value of the counter `name` with `worker="<worker>"` (and every one of `labels`) in
/// `registry`, nil when absent.
public func counterValue(_ registry: PrometheusCollectorRegistry, _ name: String, worker: String, labels: [String: String] = [:]) -> Int? {
    for line in registry.emitToString().split(separator: "\n")
    where line.hasPrefix(name + "{") && line.contains("worker=\"\(worker)\"") && labels.allSatisfy({ line.contains("\($0.key)=\"\($0.value)\"") }) {
        return line.split(separator: " ").last.flatMap { Int($0) }
    }
    return nil
}

/// `onepoint_dead_letters_total{worker="<worker>",kind="<kind>"}` in ``testMetrics``: 0 when
/// nothing was counted yet.
public func deadLetterCount(worker: String, kind: String) -> Int {
    counterValue(testMetrics, "onepoint_dead_letters_total", worker: worker, labels: ["kind": kind]) ?? 0
}
