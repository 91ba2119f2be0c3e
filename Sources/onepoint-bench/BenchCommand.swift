import ArgumentParser

/// `onepoint-bench`: benchmarks that print figures (they are not tests). docs/performance.md keeps
/// the figures and the commands that gave them.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onepoint-bench",
        abstract: "OnePoint benchmarks: each prints its figures beside raw librdkafka's from the same run.",
        subcommands: [KafkaBenchCommand.self, RuntimeBenchCommand.self, FaultBenchCommand.self, DecodeBenchCommand.self, RestoreBenchCommand.self, TimersBenchCommand.self, ProvisioningBenchCommand.self, AllBenchCommand.self])
}

/// Every benchmark, one after the other.
struct AllBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "all", abstract: "Run every benchmark with its defaults.")

    func run() async throws {
        try await KafkaBenchCommand.parse([]).run()
        print("")
        try await RuntimeBenchCommand.parse([]).run()
        print("")
        try await FaultBenchCommand.parse([]).run()
        print("")
        try await DecodeBenchCommand.parse([]).run()
        print("")
        try await RestoreBenchCommand.parse([]).run()
        print("")
        try await TimersBenchCommand.parse([]).run()
        print("")
        try await ProvisioningBenchCommand.parse([]).run()
    }
}
