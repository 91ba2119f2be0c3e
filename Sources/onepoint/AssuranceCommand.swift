import ArgumentParser
import Foundation
import OnePointContracts
import OnePointDomain

/// `onepoint assurance declare`: a key-communication-assurance period (重保).
struct AssuranceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assurance",
        abstract: "Declare key-communication-assurance periods (重保).",
        subcommands: [Declare.self])

    struct Declare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Declare a period: covered customers' faults are handled at Key level; a summary follows its end.",
            discussion: "Covered: the customers listed with --customer; with none listed, every customer whose ticket is handled by a listed unit or one below it.")

        @Option(help: "The period's id (default: AP-<time>-<random>).") var id: String?
        @Option(help: "What it is for, e.g. \"国庆保障 National Day\".") var name: String
        @Option(help: "A unit covered (repeatable).") var unit: [String] = []
        @Option(help: "A customer covered, by id (repeatable).") var customer: [String] = []
        @Option(help: "When it starts, ISO-8601 with offset.") var from: String
        @Option(help: "When it ends, ISO-8601 with offset.") var to: String
        @Option(help: "Who declares it.") var by: String = ProcessInfo.processInfo.environment["USER"] ?? "operator"
        @Option(help: "The declaring unit (default: the lowest unit above every --unit); it must be each covered unit or above it.")
        var declaringUnit: String?
        @OptionGroup var cluster: ClusterOptions

        func validate() throws {
            guard !unit.isEmpty else { throw ValidationError("give at least one --unit") }
        }

        func run() async throws {
            // The declaring unit must be every covered unit or above it (docs/security.md): by
            // default the lowest unit above them all.
            var publisher = try UnitPublisher(cluster: cluster, unit: UnitID(unit[0]))
            let declaring: UnitID
            if let declaringUnit {
                declaring = UnitID(declaringUnit)
            } else {
                do {
                    declaring = try publisher.domain.topology.lowestCommonAncestor(of: unit.map { UnitID($0) }).id
                } catch {
                    throw ValidationError("\(error.message)")
                }
            }
            publisher = try publisher.acting(for: declaring)
            let start = try publisher.instant(from, "--from")
            let end = try publisher.instant(to, "--to")
            guard end > start else { throw ValidationError("--to must come after --from") }
            let period = AssurancePeriod(
                periodId: id ?? UnitPublisher.newID("AP"), name: name, units: unit.map { UnitID($0) }, customerIds: customer, from: start, to: end,
                declaredBy: by)
            try await publisher.publish([try publisher.record(.assurancePeriodCreate, period)])
            print("declared \(period.periodId) from \(publisher.format(start)) to \(publisher.format(end))")
        }
    }
}
