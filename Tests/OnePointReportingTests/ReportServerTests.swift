import Foundation
import Logging
import OnePointReporting
import OnePointRuntime
import Prometheus
import ServiceLifecycle
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The worker's HTTP server with the report pages beside `/health`.
@Suite("Report pages over HTTP", .serialized)
struct ReportServerTests {
    func get(_ url: String) async throws -> (status: Int, type: String, body: String) {
        let (data, response) = try await URLSession.shared.data(from: try #require(URL(string: url)))
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, http?.value(forHTTPHeaderField: "Content-Type") ?? "", String(decoding: data, as: UTF8.self))
    }

    @Test("/reports lists every report, /reports/<unit>/<month> serves HTML, JSON and CSV, 404 for a month not drafted")
    func pages() async throws {
        let (_, routes) = try await ReportPageFixture.make()
        let port = Mutex<Int>(0)
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let server = ObservabilityServer(
            host: "127.0.0.1", port: 0, worker: "reporting", readiness: Readiness(), registry: PrometheusCollectorRegistry(), logger: logger,
            boundPort: { bound in port.withLock { $0 = bound } }, routes: { routes.install(on: $0) })
        let group = ServiceGroup(services: [server], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let deadline = ContinuousClock.now + .seconds(60)
            while port.withLock({ $0 }) == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            try #require(port.withLock { $0 } != 0, "the server did not report its bound port within 60 s")
            let base = "http://127.0.0.1:\(port.withLock { $0 })"

            let health = try await get("\(base)/health")
            #expect(health.status == 200)
            let index = try await get("\(base)/reports")
            #expect(index.status == 200 && index.type.hasPrefix("text/html"))
            #expect(index.body.components(separatedBy: "href=\"/reports/").count - 1 == 30)  // 15 units, October and November
            let page = try await get("\(base)/reports/GD-GZ/2026-11")
            #expect(page.status == 200 && ReportPageFixture.marks(in: page.body) == ReportPageFixture.expectedMarks)
            let json = try await get("\(base)/reports/GD-GZ/2026-11?format=json")
            #expect(json.status == 200 && json.type.hasPrefix("application/json") && json.body.contains("\"revision\" : 1"))
            let csv = try await get("\(base)/reports/GD/2026-11?format=csv")
            #expect(csv.status == 200 && csv.type.hasPrefix("text/csv") && csv.body.hasPrefix(ReportCSV.header))
            let missing = try await get("\(base)/reports/GD-GZ/2026-12")
            #expect(missing.status == 404 && missing.body.contains("no report for GD-GZ 2026-12"))

            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
