import ArgumentParser
import OnePointReporting
import OnePointRuntime

/// The reporting worker: every unit's monthly operation analysis report and assessment score,
/// drafted at the month's end, revised by late facts, final at 18:00 on the 5th, served as
/// pages at `/reports` beside `/health` (`docs/reporting.md`).
@main
struct ReportingWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onepoint-reporting",
        abstract: "OnePoint's reporting worker: monthly operation analysis reports and assessment scores (月度运行分析报告与考核).")

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        try await WorkerHost.run(
            .reporting, options: options,
            routes: { settings, configDirectory, _ in
                // The reports are task 0's (the state file with one task; tasks/task-0.sqlite
                // with per-partition tasks: the instance holding task 0 serves them).
                let statePath = settings.runtimeConfiguration(settings.runtime).storePath(of: ReportingLogic.holdingTask)
                let routes = try ReportRoutes(configDirectory: configDirectory, statePath: statePath)
                return { router in routes.install(on: router) }
            },
            logic: { settings, configDirectory in
                try ReportingLogic(configDirectory: configDirectory, topics: settings.topics)
            })
    }
}
