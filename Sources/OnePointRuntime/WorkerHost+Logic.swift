import ArgumentParser
import Foundation
import Hummingbird
import Logging
import OnePointContracts
import OnePointState

extension WorkerHost {
    /// Runs `worker` as a ``WorkerRuntime`` over the logic `makeLogic` builds from the settings and
    /// the configuration folder (the folder of `--config`, where `calendar.yaml`, `sla.yaml`,
    /// `topology.yaml`, … live).
    ///
    /// `routes` may add the worker's own pages to its HTTP server, given the settings, the
    /// configuration folder and the worker's state file.
    public static func run<Logic: WorkerLogic>(
        _ worker: WorkerKind, options: WorkerOptions,
        routes makeRoutes: @escaping @Sendable (_ settings: WorkerSettings, _ configDirectory: String, _ statePath: String) throws -> WorkerRoutes = {
            _, _, _ in { _ in }
        },
        logic makeLogic: @escaping @Sendable (_ settings: WorkerSettings, _ configDirectory: String) throws -> Logic
    ) async throws {
        let configDirectory = (options.config as NSString).deletingLastPathComponent
        let folder = configDirectory.isEmpty ? "." : configDirectory
        let routes: @Sendable (WorkerSettings) throws -> WorkerRoutes = { settings in
            try makeRoutes(settings, folder, settings.runtimeConfiguration(settings.runtime).statePath)
        }
        try await run(worker, options: options, routes: routes) { settings, readiness, logger in
            let logic = try makeLogic(settings, folder)
            var configuration = settings.runtimeConfiguration(settings.runtime)
            // Every unit's own command topics, when commands.unitTopics is on (docs/security.md).
            configuration.inputTopics += logic.additionalInputTopics.filter { !configuration.inputTopics.contains($0) }
            try configuration.validate()
            try StateFolder.prepare(settings.stateDirectory)
            try StateFolder.prepare(settings.workerStateDirectory)
            return WorkerRuntime(configuration: configuration, logic: logic, clock: settings.makeClock(), readiness: readiness, logger: logger)
        }
    }
}

extension WorkerSettings {
    /// The topic names of these settings.
    public var topics: TopicNames { TopicNames(topicNames) }
}
