import ArgumentParser
import OnePointContracts
import OnePointRuntime

/// The cutover worker. Its decisions are not installed yet: it runs on standby (joins its group,
/// serves /health, /ready and /metrics).
@main
struct CutoverWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onepoint-cutover",
        abstract: "OnePoint's cutover worker.")

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        try await WorkerHost.run(.cutover, options: options) { settings, readiness, logger in
            StandbyWorkerService(settings: settings, readiness: readiness, logger: logger)
        }
    }
}
