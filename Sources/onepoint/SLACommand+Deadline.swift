import ArgumentParser
import OnePointConfig
import OnePointDomain

extension SLACommand {
    /// `onepoint sla deadline --activity A --level L [--points N[,N...]] --start ISO [--pause FROM/TO]... [--json]`
    struct Deadline: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "When a timed activity is due, and the limit applied.",
            discussion: """
                Working-day limits (surveys, provisioning) run on the working calendar and hours; \
                restoration and data configuration run on the 24x7 clock. Pauses (clock stops) \
                remove the time inside them.
                """)

        @Option(help: "existing-survey, construction-survey, provisioning, restoration or data-config.")
        var activity: String

        @Option(help: "The customer's service level: key, diamond, gold, silver or bronze.")
        var level: String

        @Option(
            help: ArgumentHelp(
                "Access points of each city, comma-separated (7,2); more than 5 in a city lengthen provisioning, more than 5 in all lengthen a survey.",
                valueName: "n[,n...]"))
        var points: String?

        @Option(help: ArgumentHelp("When the clock started, ISO-8601 with offset.", valueName: "iso"))
        var start: String

        @Option(
            name: .customLong("pause"),
            help: ArgumentHelp("A clock stop, two ISO-8601 times separated by '/'; repeat for several.", valueName: "from/to"))
        var pauses: [String] = []

        @OptionGroup var config: SLAConfigOptions
        @OptionGroup var output: SLAOutputOptions

        func run() throws {
            let calculator = try config.calculator()
            let answer = try SLACommandFailure.reporting { () throws(DomainError) in
                try calculator.deadline(activity: activity, level: level, points: points, start: start, pauses: pauses)
            }
            try output.print(answer)
        }
    }
}
