import ArgumentParser
import Foundation
import OnePointContracts
import OnePointDomain
import OnePointReporting

/// `onepoint report show|html|csv --unit U --month YYYY-MM`: a unit's monthly operation analysis
/// report and score from the reporting worker's state, read-only (docs/reporting.md).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Show a unit's monthly report and score, or write it as HTML or CSV (月度运行分析报告).",
        discussion: "Reads <state-dir>/reporting/state.sqlite read-only; a month's reports exist once the month has ended.",
        subcommands: [Show.self, HTML.self, CSV.self, List.self, Customer.self])

    /// Which report.
    struct Which: ParsableArguments {
        @Option(help: "The unit, e.g. GD-GZ.") var unit: String
        @Option(help: "The month, YYYY-MM.") var month: String
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the report: status, revision, every part's points, counts, cases, amendments.")
        @OptionGroup var which: Which
        @Flag(help: "Print the report's JSON instead.") var json = false
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            if json {
                try ReportCommand.write(try ReportCommand.render(which, "json", cluster), to: which.output)
                return
            }
            let view = try ReportCommand.view(which, cluster)
            try ReportCommand.write(Self.text(view.report), to: which.output)
        }

        static func text(_ report: MonthlyReport) -> String {
            let card = report.scorecard
            var lines = [
                "\(report.unit) \(report.month)  \((report.status ?? .draft).rawValue)  revision \(report.revision ?? 1)  due \(report.dueDate) 18:00",
                "score \(card.total) / \(card.maximum)",
            ]
            for part in card.parts {
                lines.append("  \(part.part.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) \("\(part.points)".padding(toLength: 5, withPad: " ", startingAt: 0)) / \(part.maximum)  \(part.detail)")
            }
            for note in card.notScored { lines.append("  not scored: \(note)") }
            lines.append("provisioning on time \(report.provisioning.met)/\(report.provisioning.total), acceptance \(report.acceptance.met)/\(report.acceptance.total), notices in time \(report.cutoverNotices.met)/\(report.cutoverNotices.total)")
            for fault in report.faults { lines.append("  faults \(fault.level): \(fault.faults), \(fault.restoredInTime) restored in time") }
            for line in report.notableCases { lines.append("case: \(line)") }
            for line in report.problems { lines.append("problem: \(line)") }
            for amendment in report.amendments ?? [] { lines.append("amendment for \(amendment.month): \(amendment.factId): \(amendment.summary)") }
            for line in report.changes ?? [] { lines.append("changed: \(line)") }
            for row in report.descendants ?? [] { lines.append("  below: \(row.unit) \(row.total) / \(row.maximum)") }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    struct HTML: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "html", abstract: "Write the report as a printable HTML page with its charts (config/reports/monthly-report.html.mustache).")
        @OptionGroup var which: Which
        @OptionGroup var cluster: ClusterOptions

        func run() async throws { try ReportCommand.write(try ReportCommand.render(which, "html", cluster), to: which.output) }
    }

    struct CSV: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "csv", abstract: "Write the report's score as CSV, one row per part.")
        @OptionGroup var which: Which
        @OptionGroup var cluster: ClusterOptions

        func run() async throws { try ReportCommand.write(try ReportCommand.render(which, "csv", cluster), to: which.output) }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every report kept: month, unit, status, revision, score.")
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let entries: [ReportingStateReader.Entry]
            do {
                entries = try ReportingStateReader(path: try cluster.reportingStatePath()).index()
            } catch let error as ReportingError {
                throw ValidationError(error.message)
            }
            if entries.isEmpty { print("no reports yet: a month's reports are drafted when it ends") }
            for entry in entries { print("\(entry.month)  \(entry.unit)  \(entry.status)  r\(entry.revision)  \(entry.total) / \(entry.maximum)") }
        }
    }

    struct Customer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A Gold, Diamond or Key customer's operation report (网络运行报告): availability, faults, notices.")
        @Option(help: "The customer id.") var customer: String
        @Option(help: "The month, YYYY-MM.") var month: String
        @Flag(help: "JSON instead of an HTML page.") var json = false
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            do {
                let text = try ReportCommand.routes(cluster).renderCustomer(customer, month: month, format: json ? "json" : "html").body
                try ReportCommand.write(text, to: output)
            } catch let error as ReportingError {
                throw ValidationError(error.message)
            }
        }
    }

    static func routes(_ cluster: ClusterOptions) throws -> ReportRoutes {
        do {
            return try ReportRoutes(configDirectory: cluster.configDirectory, statePath: try cluster.reportingStatePath())
        } catch let error as ReportingError {
            throw ValidationError(error.message)
        }
    }

    static func render(_ which: Which, _ format: String, _ cluster: ClusterOptions) throws -> String {
        do {
            return try routes(cluster).render(unit: UnitID(rawValue: which.unit), month: which.month, format: format).body
        } catch let error as ReportingError {
            throw ValidationError(error.message)
        }
    }

    static func view(_ which: Which, _ cluster: ClusterOptions) throws -> ReportingStateReader.View {
        do {
            _ = try ReportMonth(parsing: which.month)
            guard let view = try ReportingStateReader(path: try cluster.reportingStatePath()).view(unit: UnitID(rawValue: which.unit), month: which.month) else {
                throw ValidationError("no report for \(which.unit) \(which.month) yet: a month's reports are drafted when it ends (`onepoint report list`)")
            }
            return view
        } catch let error as ReportingError {
            throw ValidationError(error.message)
        }
    }

    static func write(_ text: String, to output: String?) throws {
        guard let output else {
            print(text, terminator: "")
            return
        }
        do {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } catch {
            throw ValidationError("cannot write \(output): \(error.localizedDescription)")
        }
        print("wrote \(output)")
    }
}
