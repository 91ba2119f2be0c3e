import ArgumentParser
import OnePointContracts
import OnePointRuntime

/// The reporting worker. Its decisions are not installed yet: it runs on standby (joins its group,
/// serves /health, /ready and /metrics).
@main
struct ReportingWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onepoint-reporting",
        abstract: "OnePoint's reporting worker.")

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        try await WorkerHost.run(.reporting, options: options) { settings, readiness, logger in
            StandbyWorkerService(settings: settings, readiness: readiness, logger: logger)
        }
    }
}
