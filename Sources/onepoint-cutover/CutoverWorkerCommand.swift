import ArgumentParser
import OnePointCutover
import OnePointRuntime

/// The cutover worker: who a planned change affects, notices in time, feedback and
/// renegotiation, reminders and execution reports (`docs/cutover.md`).
@main
struct CutoverWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onepoint-cutover",
        abstract: "OnePoint's cutover worker: change management and customer notices in time (信息通告).")

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        try await WorkerHost.run(.cutover, options: options) { settings, configDirectory in
            var logic = try CutoverLogic(configDirectory: configDirectory, topics: settings.topics)
            // With tasks, a cutover's records must be keyed by its id (they meet in its task).
            logic.taskLayout = settings.runtime.tasks
            return logic
        }
    }
}
