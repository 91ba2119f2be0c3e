import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import OnePointContracts
import OnePointKafka
import Prometheus
import ServiceLifecycle

/// Adds a worker's own pages to its HTTP server.
public typealias WorkerRoutes = (Router<BasicRequestContext>) -> Void

/// Starts a worker process: reads its settings, sets up logging and metrics, and runs the worker
/// beside its observability server until SIGTERM or SIGINT, then shuts down gracefully.
public enum WorkerHost {
    /// The process-wide metrics registry that `/metrics` serves.
    public static let registry = PrometheusCollectorRegistry()

    /// With `--exit-with-parent`: how long the graceful stop may take once the parent has gone
    /// (the embedded cluster went with it, so nothing left can be delivered) before the process exits.
    public static let parentLossGrace: Duration = .seconds(5)

    /// Runs `worker` with the settings from `options`. Returns when the worker has stopped cleanly;
    /// throws (and the process exits non-zero) when it could not start or failed.
    ///
    /// `routes` may add the worker's own pages to its HTTP server, beside `/health`.
    public static func run(
        _ worker: WorkerKind, options: WorkerOptions,
        routes: @Sendable (WorkerSettings) throws -> WorkerRoutes = { _ in { _ in } },
        makeService: @Sendable (WorkerSettings, Readiness, Logger) throws -> any Service
    ) async throws {
        let settings: WorkerSettings
        do {
            let source = try await SettingsSource(flags: options.settings, file: options.config)
            settings = try WorkerSettings.load(worker: worker, from: source)
        } catch {
            throw ValidationError("invalid configuration: \(error)")
        }
        bootstrapObservability(settings)
        var logger = Logger(label: worker.executableName)
        logger.logLevel = settings.logLevel
        if options.exitWithParent {
            ParentLifeline.watchStandardInput(grace: parentLossGrace, logger: logger)
        }
        logger.info(
            "starting",
            metadata: [
                "kafka": "\(settings.kafka.bootstrapServers)", "security": "\(settings.kafka.security.summary)",
                "state": "\(settings.workerStateDirectory)", "clock": "\(settings.clockMode.rawValue)",
            ])
        for warning in settings.warnings {
            logger.warning("configuration: \(warning)")
        }
        let readiness = Readiness()
        let service = try makeService(settings, readiness, logger)
        let server = ObservabilityServer(
            host: settings.httpHost, port: settings.httpPort, worker: worker.rawValue, readiness: readiness,
            registry: registry, logger: logger, routes: try routes(settings))
        let reachability = ClusterReachabilityMonitor(
            kafka: settings.kafka, probeTopic: settings.name(of: .deadLetters), unreachableAfter: settings.unreachableAfter,
            readiness: readiness, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: server),
                    .init(service: reachability, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore),
                    .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
        logger.info("stopped")
    }

    private static func bootstrapObservability(_ settings: WorkerSettings) {
        let level = settings.logLevel
        if settings.logJSON {
            LoggingSystem.bootstrap { label in
                var handler = MaskingLogHandler(wrapping: JSONLogHandler(label: label))
                handler.logLevel = level
                return handler
            }
        } else {
            LoggingSystem.bootstrap { label in
                var handler = MaskingLogHandler(wrapping: StreamLogHandler.standardError(label: label))
                handler.logLevel = level
                return handler
            }
        }
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }
}
