import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import Synchronization

/// Serves a worker's `/health` (the process is alive), `/ready` (it holds its partitions and has
/// caught up) and `/metrics` (Prometheus text format) over HTTP.
public struct ObservabilityServer: Service {
    private let application: Application<RouterResponder<BasicRequestContext>>

    /// - Parameters:
    ///   - boundPort: called with the port actually bound (useful with port 0).
    ///   - routes: adds a worker's own pages beside `/health`, `/ready` and `/metrics` (the
    ///     reporting worker's `/reports`).
    public init(
        host: String, port: Int, worker: String, readiness: Readiness, registry: PrometheusCollectorRegistry,
        logger: Logger, boundPort: @escaping @Sendable (Int) -> Void = { _ in },
        routes: (Router<BasicRequestContext>) -> Void = { _ in }
    ) {
        let router = Router()
        routes(router)
        router.get("/health") { _, _ -> Response in
            Self.text(.ok, "ok \(worker)\n")
        }
        router.get("/ready") { _, _ -> Response in
            if let reason = readiness.notReadyReason {
                return Self.text(.serviceUnavailable, "not ready: \(reason)\n")
            }
            return Self.text(.ok, "ready\n")
        }
        router.get("/metrics") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .notice)
        application = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "onepoint-\(worker)"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                boundPort(port)
                logger.info("health and metrics on http://\(host):\(port)/health, /ready, /metrics")
            },
            logger: serverLogger)
    }

    public func run() async throws {
        try await application.run()
    }

    private static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
