import Foundation
import OnePointContracts
import OnePointDomain

/// Shared fixtures: the test topology, instants, the repository's paths.
enum ContractFixtures {
    /// HQ, Guangdong, Jiangsu and Zhejiang with their cities, as `config/topology.yaml` ships them.
    static let topology: Topology = {
        let units: [OrgUnit] = [
            OrgUnit(id: "HQ", tier: .hq, name: "Headquarters", parent: nil),
            OrgUnit(id: "GD", tier: .province, name: "Guangdong", parent: "HQ"),
            OrgUnit(id: "GD-GZ", tier: .city, name: "Guangzhou", parent: "GD"),
            OrgUnit(id: "GD-SZ", tier: .city, name: "Shenzhen", parent: "GD"),
            OrgUnit(id: "GD-FS", tier: .city, name: "Foshan", parent: "GD"),
            OrgUnit(id: "JS", tier: .province, name: "Jiangsu", parent: "HQ"),
            OrgUnit(id: "JS-NJ", tier: .city, name: "Nanjing", parent: "JS"),
            OrgUnit(id: "JS-SZ", tier: .city, name: "Suzhou", parent: "JS"),
            OrgUnit(id: "ZJ", tier: .province, name: "Zhejiang", parent: "HQ"),
            OrgUnit(id: "ZJ-HZ", tier: .city, name: "Hangzhou", parent: "ZJ"),
        ]
        do {
            return try Topology(units: units)
        } catch {
            preconditionFailure("test topology: \(error)")
        }
    }()

    /// An instant written ISO-8601 with an offset, e.g. `2026-11-20T16:00:00+08:00`.
    static func at(_ text: String) -> Date {
        guard let date = try? Date.ISO8601FormatStyle().parse(text) else {
            preconditionFailure("test instant '\(text)' is not ISO-8601")
        }
        return date
    }

    /// A civil date `YYYY-MM-DD`.
    static func day(_ text: String) -> CivilDate {
        guard let date = try? CivilDate(parsing: text) else { preconditionFailure("test date '\(text)'") }
        return date
    }

    /// The repository root (this file is `Tests/OnePointContractsTests/ContractFixtures.swift`),
    /// symlinks resolved so that a scratch package linking the test folder still finds it.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `schemas/` at the repository root.
    static var schemasDirectory: URL { repositoryRoot.appendingPathComponent("schemas") }
    /// `docs/examples/` at the repository root.
    static var examplesDirectory: URL { repositoryRoot.appendingPathComponent("docs/examples") }
    /// `docs/events.md`.
    static var eventsDocument: URL { repositoryRoot.appendingPathComponent("docs/events.md") }

    /// Set `ONEPOINT_RECORD_CONTRACTS=1` to rewrite schemas, examples and the catalogue in
    /// docs/events.md from the code instead of failing on a difference.
    static var recording: Bool { ProcessInfo.processInfo.environment["ONEPOINT_RECORD_CONTRACTS"] == "1" }
}
