import ArgumentParser
import Foundation
import Logging
import OnePointContracts
import OnePointState

extension WorkerHost {
    /// Runs `worker` as a ``WorkerRuntime`` over the logic `makeLogic` builds from the settings and
    /// the configuration folder (the folder of `--config`, where `calendar.yaml`, `sla.yaml`,
    /// `topology.yaml`, … live).
    public static func run<Logic: WorkerLogic>(
        _ worker: WorkerKind, options: WorkerOptions,
        logic makeLogic: @escaping @Sendable (_ settings: WorkerSettings, _ configDirectory: String) throws -> Logic
    ) async throws {
        let configDirectory = (options.config as NSString).deletingLastPathComponent
        try await run(worker, options: options) { settings, readiness, logger in
            let logic = try makeLogic(settings, configDirectory.isEmpty ? "." : configDirectory)
            let configuration = settings.runtimeConfiguration(settings.runtime)
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
