import ArgumentParser
import OnePointConfig
import OnePointDomain

extension SLACommand {
    /// `onepoint sla score --input FILE.json [--json]`
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One unit's monthly assessment score, part by part, from a facts file.",
            discussion: "The facts file is JSON; see docs/sla.md and config/examples/score-facts.json.")

        @Option(help: ArgumentHelp("The unit-month's assessment facts.", valueName: "file.json"))
        var input: String

        @OptionGroup var config: SLAConfigOptions
        @OptionGroup var output: SLAOutputOptions

        func run() throws {
            let calculator = try config.calculator()
            let answer: ScoreAnswer
            do {
                answer = try calculator.score(factsFile: input)
            } catch {
                throw SLACommandFailure("\(error)")
            }
            try output.print(answer)
        }
    }
}
