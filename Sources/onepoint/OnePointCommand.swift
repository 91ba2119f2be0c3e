import ArgumentParser

/// `onepoint`: the operator's command line.
@main
struct OnePointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onepoint",
        abstract: "OnePoint: enterprise-customer network service on Kafka.",
        discussion: """
            Start everything on the embedded cluster with `onepoint dev`. \
            See README.md and docs/operations.md.
            """,
        subcommands: [
            DevCommand.self, TopicsCommand.self, TailCommand.self, InventoryCommand.self, OrderCommand.self, FaultCommand.self, TicketsCommand.self, ComplaintsCommand.self,
            AssuranceCommand.self, CutoverCommand.self, SLACommand.self, ReportCommand.self, CalendarCommand.self,
        ])
}
