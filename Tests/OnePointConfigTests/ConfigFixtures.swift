import Foundation
import OnePointConfig
import OnePointDomain

/// Where the shipped configuration is, and scratch copies of it to break on purpose.
enum ConfigFixtures {
    struct FixtureError: Error, CustomStringConvertible {
        let description: String
    }

    /// The repository's `config/` folder (this file is `Tests/OnePointConfigTests/…`).
    static let shippedDirectory: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config").path

    /// The shipped configuration, loaded.
    static func shipped() throws -> DomainConfiguration {
        try DomainConfiguration.load(directory: shippedDirectory)
    }

    /// A calculator over the shipped configuration.
    static func calculator() throws -> SLACalculator {
        SLACalculator(configuration: try shipped())
    }

    /// A fresh temporary copy of the shipped configuration files.
    static func scratchCopy() throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("onepoint-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for file in ConfigFile.allCases {
            try FileManager.default.copyItem(atPath: file.path(in: shippedDirectory), toPath: file.path(in: directory))
        }
        return directory
    }

    /// Loads a scratch copy after `edit` changed it, and returns the error it must raise.
    static func loadError(_ edit: (String) throws -> Void) throws -> ConfigError {
        let directory = try scratchCopy()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try edit(directory)
        do {
            _ = try DomainConfiguration.load(directory: directory)
        } catch {
            return error
        }
        throw FixtureError(description: "the edited configuration loaded without error")
    }

    /// Replaces the first occurrence of `old` in `file` of `directory` (which must contain it).
    static func replace(_ old: String, with new: String, in file: ConfigFile, directory: String) throws {
        let path = file.path(in: directory)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let range = text.range(of: old) else {
            throw FixtureError(description: "\(file) does not contain '\(old)'")
        }
        try text.replacingCharacters(in: range, with: new).write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The 1-based line of the first line of `file` (shipped) containing `fragment`.
    static func shippedLine(of fragment: String, in file: ConfigFile) throws -> Int {
        let text = try String(contentsOfFile: file.path(in: shippedDirectory), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        guard let index = lines.firstIndex(where: { $0.contains(fragment) }) else {
            throw FixtureError(description: "\(file) has no line containing '\(fragment)'")
        }
        return index + 1
    }

    /// `"2026-11-20 16:00"` on the +08:00 wall clock, computed independently of the code under test.
    static func at(_ text: String) throws -> Date {
        let halves = text.split(separator: " ")
        let dateParts = halves.first?.split(separator: "-").compactMap { Int($0) } ?? []
        let timeParts = halves.count == 2 ? halves[1].split(separator: ":").compactMap { Int($0) } : []
        guard halves.count == 2, dateParts.count == 3, timeParts.count == 2, let zone = TimeZone(secondsFromGMT: 8 * 3600)
        else { throw FixtureError(description: "bad fixture instant '\(text)'") }
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = zone
        let components = DateComponents(
            year: dateParts[0], month: dateParts[1], day: dateParts[2], hour: timeParts[0], minute: timeParts[1])
        guard let date = gregorian.date(from: components) else {
            throw FixtureError(description: "bad fixture instant '\(text)'")
        }
        return date
    }

    static func day(_ text: String) throws -> CivilDate { try CivilDate(parsing: text) }

    static func table(_ key: Int, _ diamond: Int, _ gold: Int, _ silver: Int, _ bronze: Int) -> LevelTable<Int> {
        LevelTable(key: key, diamond: diamond, gold: gold, silver: silver, bronze: bronze)
    }

    /// A JSON answer as a dictionary.
    static func object(_ json: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw FixtureError(description: "not a JSON object: \(json)")
        }
        return object
    }
}
