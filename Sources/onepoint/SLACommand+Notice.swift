import ArgumentParser
import OnePointConfig
import OnePointDomain

extension SLACommand {
    /// `onepoint sla notice --window-start ISO --sent ISO --level L[,L...] [--emergency] [--json]`
    struct Notice: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Whether a cutover notice is in time, the lead it needs and the latest it may be sent.",
            discussion: """
                A notice is in time when at least N whole working days lie strictly between the day \
                it is sent and the day the window starts. Several levels: the longest lead applies. \
                --emergency: at least the emergency lead in clock hours instead.
                """)

        @Option(name: .customLong("window-start"), help: ArgumentHelp("When the cutover window starts, ISO-8601 with offset.", valueName: "iso"))
        var windowStart: String

        @Option(help: ArgumentHelp("When the notice was (or will be) sent, ISO-8601 with offset.", valueName: "iso"))
        var sent: String

        @Option(help: ArgumentHelp("Levels of the customers affected, separated by commas.", valueName: "level,..."))
        var level: String

        @Flag(help: "An emergency change for a major safety hazard (lead in clock hours).")
        var emergency = false

        @OptionGroup var config: SLAConfigOptions
        @OptionGroup var output: SLAOutputOptions

        func run() throws {
            let calculator = try config.calculator()
            let answer = try SLACommandFailure.reporting { () throws(DomainError) in
                try calculator.notice(windowStart: windowStart, sent: sent, levels: level, emergency: emergency)
            }
            try output.print(answer)
        }
    }
}
