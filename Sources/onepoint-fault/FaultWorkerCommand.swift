import ArgumentParser
import OnePointContracts
import OnePointRuntime

/// The fault worker. Its decisions are not installed yet: it runs on standby (joins its group,
/// serves /health, /ready and /metrics).
@main
struct FaultWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onepoint-fault",
        abstract: "OnePoint's fault worker.")

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        try await WorkerHost.run(.fault, options: options) { settings, readiness, logger in
            StandbyWorkerService(settings: settings, readiness: readiness, logger: logger)
        }
    }
}
