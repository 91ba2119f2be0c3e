import ArgumentParser
import OnePointFault
import OnePointRuntime

/// The fault worker: alarms and customer reports to fault tickets with restoration clocks,
/// progress feedback and escalation (`docs/fault.md`).
@main
struct FaultWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onepoint-fault",
        abstract: "OnePoint's fault worker: alarm-to-fault ticketing, restoration clocks and escalation.")

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        try await WorkerHost.run(.fault, options: options) { settings, configDirectory in
            var logic = try FaultLogic(configDirectory: configDirectory, topics: settings.topics)
            // With tasks, ticket ids carry their correlation domain (commands route by it).
            logic.taskLayout = settings.runtime.tasks
            return logic
        }
    }
}
