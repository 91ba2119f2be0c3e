import ArgumentParser
import OnePointContracts
import OnePointRuntime

/// The provisioning worker. Its decisions are not installed yet: it runs on standby (joins its group,
/// serves /health, /ready and /metrics).
@main
struct ProvisioningWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onepoint-provisioning",
        abstract: "OnePoint's provisioning worker.")

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        try await WorkerHost.run(.provisioning, options: options) { settings, readiness, logger in
            StandbyWorkerService(settings: settings, readiness: readiness, logger: logger)
        }
    }
}
