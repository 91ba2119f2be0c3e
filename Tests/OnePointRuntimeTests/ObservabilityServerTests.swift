import Foundation
import Logging
import OnePointRuntime
import Prometheus
import ServiceLifecycle
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("Health, readiness and metrics over HTTP")
struct ObservabilityServerTests {
    func get(_ url: String) async throws -> (Int, String) {
        let (data, response) = try await URLSession.shared.data(from: try #require(URL(string: url)))
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Runs a server on `port` (0: any) until `body` returns, handing it the port it bound.
    func serving(
        port: Int = 0, readiness: Readiness = Readiness(), registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        _ body: (Int) async throws -> Void
    ) async throws {
        let bound = Mutex<Int>(0)
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let server = ObservabilityServer(
            host: "127.0.0.1", port: port, worker: "fault", readiness: readiness, registry: registry, logger: logger,
            boundPort: { port in bound.withLock { $0 = port } })
        let group = ServiceGroup(services: [server], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // A loaded machine (the whole suite runs in parallel on 2 cores) can take a while to bind.
            let deadline = ContinuousClock.now + .seconds(60)
            while bound.withLock({ $0 }) == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            try #require(bound.withLock { $0 } != 0, "the server did not report its bound port within 60 s")
            try await body(bound.withLock { $0 })
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test("/health answers, /ready follows readiness, /metrics serves the registry")
    func endpoints() async throws {
        let registry = PrometheusCollectorRegistry()
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "onepoint", metricName: "test_inputs", unitName: "total", helpText: "inputs in this test")).increment(by: Int64(3))
        let readiness = Readiness()
        try await serving(readiness: readiness, registry: registry) { port in
            let base = "http://127.0.0.1:\(port)"
            let (healthStatus, health) = try await get("\(base)/health")
            #expect(healthStatus == 200 && health.contains("fault"))
            let (notReadyStatus, notReady) = try await get("\(base)/ready")
            #expect(notReadyStatus == 503 && notReady.contains("starting"))
            readiness.markReady()
            let (readyStatus, _) = try await get("\(base)/ready")
            #expect(readyStatus == 200)
            let (metricsStatus, metrics) = try await get("\(base)/metrics")
            #expect(metricsStatus == 200 && metrics.contains("onepoint_test_inputs_total 3"))
        }
    }

    @Test("freePort names a loopback port that a worker's server then binds and serves on")
    func freePort() async throws {
        let free = try #require(ObservabilityServer.freePort())
        #expect((1...65_535).contains(free))
        try await serving(port: free) { port in
            #expect(port == free)
            let (status, _) = try await get("http://127.0.0.1:\(port)/health")
            #expect(status == 200)
        }
    }
}
