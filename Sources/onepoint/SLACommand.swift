import ArgumentParser
import OnePointConfig
import OnePointDomain

/// `onepoint sla`: SLA answers from the configuration, for people at a response centre and for
/// scripts (`--json`).
///
/// - `deadline`: when a survey, provisioning order, restoration or data configuration is due.
/// - `notice`: whether a cutover notice is in time, and the latest day it may be sent.
/// - `score`: one unit's monthly assessment from a facts file.
///
/// Every subcommand reads the configuration folder given by `--config` (default `config`).
/// Errors print one line and exit with status 1. The logic lives in `OnePointConfig`
/// (`SLACalculator` and its answers); these files only parse flags and print.
struct SLACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla",
        abstract: "Work out SLA deadlines, cutover notice leads and monthly assessment scores from the configuration.",
        discussion: """
            Times are ISO-8601 with a UTC offset (2026-11-20T16:00:00+08:00). Levels: key, diamond, \
            gold, silver, bronze. See docs/sla.md for examples and the JSON shapes.
            """,
        subcommands: [Deadline.self, Notice.self, Score.self])
}

/// The `--config DIR` option every `sla` subcommand takes.
struct SLAConfigOptions: ParsableArguments {
    @Option(
        name: .customLong("config"),
        help: ArgumentHelp("The configuration folder (calendar.yaml, sla.yaml, …).", valueName: "dir"))
    var directory: String = "config"

    /// The calculator over the configuration in ``directory``.
    func calculator() throws -> SLACalculator {
        do {
            return SLACalculator(configuration: try DomainConfiguration.load(directory: directory))
        } catch {
            throw SLACommandFailure("invalid configuration: \(error)")
        }
    }
}

/// The `--json` flag every `sla` subcommand takes.
struct SLAOutputOptions: ParsableArguments {
    @Flag(help: "Print the answer as a JSON object instead of a line of text.")
    var json = false

    /// Prints `answer` as its text or as JSON.
    func print(_ answer: some Encodable & CustomStringConvertible) throws {
        if json {
            do {
                Swift.print(try JSONText.encode(answer))
            } catch {
                throw SLACommandFailure("cannot write the answer as JSON: \(error)")
            }
        } else {
            Swift.print(answer.description)
        }
    }
}

/// A failure of an `sla` subcommand: one line a person can act on, printed after `Error: `.
struct SLACommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }

    /// Runs `body`, turning a domain error into its message alone (without the code).
    static func reporting<T>(_ body: () throws(DomainError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw SLACommandFailure(error.message)
        }
    }
}
