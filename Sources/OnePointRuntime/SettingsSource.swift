import Configuration
import Foundation
import SystemPackage

/// Where settings come from, highest priority first: command-line flags, environment variables
/// (`ONEPOINT_` + the key in upper snake case: `http.port` → `ONEPOINT_HTTP_PORT`,
/// `kafka.bootstrapServers` → `ONEPOINT_KAFKA_BOOTSTRAP_SERVERS`), then the YAML file.
///
/// Every value is read as text and parsed by the caller, so a value of the wrong type is an error
/// that names its origin and key, never a silent fallback to a default.
public struct SettingsSource: Sendable {
    /// A value and where it came from.
    public struct Value: Sendable {
        public var text: String
        public var origin: String
    }

    private let flags: [String: (value: String, flag: String)]
    private let environment: [String: String]
    private let file: ConfigReader?
    private let fileName: String

    /// - Parameters:
    ///   - flags: values given on the command line: key → (value, the flag's spelling).
    ///   - environment: the process environment.
    ///   - file: the YAML file, or `nil` for none. A missing file is an error; a malformed one too.
    public init(
        flags: [String: (value: String, flag: String)] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        file: String?
    ) async throws(SettingsError) {
        self.flags = flags
        self.environment = environment
        self.fileName = file ?? "(no file)"
        guard let file else {
            self.file = nil
            return
        }
        guard FileManager.default.fileExists(atPath: file) else {
            throw SettingsError(.unreadableFile, origin: file, key: "", problem: "no such file (pass --config with the path of onepoint.yaml)")
        }
        do {
            let provider = try await FileProvider<YAMLSnapshot>(filePath: FilePath(file))
            self.file = ConfigReader(provider: provider)
        } catch {
            throw SettingsError(.unreadableFile, origin: file, key: "", problem: "not valid YAML: \(error)")
        }
    }

    /// The environment variable that sets `key`.
    public static func environmentName(of key: String) -> String {
        var name = "ONEPOINT"
        for component in key.split(separator: ".") {
            var part = ""
            var previous: Character?
            for character in component {
                if let previous, previous.isLowercase, character.isUppercase { part.append("_") }
                part.append(character.isLetter || character.isNumber ? Character(character.uppercased()) : "_")
                previous = character
            }
            name += "_" + part
        }
        return name
    }

    /// The value of `key` from the highest-priority source that has one.
    public func value(_ key: String) -> Value? {
        if let flag = flags[key] {
            return Value(text: flag.value, origin: "flag \(flag.flag)")
        }
        let variable = Self.environmentName(of: key)
        if let text = environment[variable] {
            return Value(text: text, origin: "environment variable \(variable)")
        }
        if let file, let text = file.string(forKey: ConfigKey(key.split(separator: ".").map(String.init))) {
            return Value(text: text, origin: fileName)
        }
        return nil
    }

    // MARK: Typed reads

    public func string(_ key: String, default defaultValue: String) -> String {
        value(key)?.text ?? defaultValue
    }

    public func string(_ key: String) -> String? {
        value(key)?.text
    }

    public func int(_ key: String, default defaultValue: Int, in range: ClosedRange<Int>) throws(SettingsError) -> Int {
        guard let value = value(key) else { return defaultValue }
        guard let number = Int(value.text.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            throw SettingsError(.invalid, origin: value.origin, key: key, problem: "expected a whole number from \(range.lowerBound) to \(range.upperBound), got '\(value.text)'")
        }
        return number
    }

    public func double(_ key: String, default defaultValue: Double, in range: ClosedRange<Double>) throws(SettingsError) -> Double {
        guard let value = value(key) else { return defaultValue }
        guard let number = Double(value.text.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            throw SettingsError(.invalid, origin: value.origin, key: key, problem: "expected a number from \(range.lowerBound) to \(range.upperBound), got '\(value.text)'")
        }
        return number
    }

    public func bool(_ key: String, default defaultValue: Bool) throws(SettingsError) -> Bool {
        guard let value = value(key) else { return defaultValue }
        switch value.text.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw SettingsError(.invalid, origin: value.origin, key: key, problem: "expected true or false, got '\(value.text)'")
        }
    }

    public func choice<T: RawRepresentable & CaseIterable>(_ key: String, default defaultValue: T) throws(SettingsError) -> T where T.RawValue == String {
        guard let value = value(key) else { return defaultValue }
        guard let choice = T(rawValue: value.text.lowercased()) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw SettingsError(.invalid, origin: value.origin, key: key, problem: "expected one of \(allowed), got '\(value.text)'")
        }
        return choice
    }

    public func duration(_ key: String, default defaultValue: Duration) throws(SettingsError) -> Duration {
        guard let value = value(key) else { return defaultValue }
        guard let duration = Self.parseDuration(value.text) else {
            throw SettingsError(.invalid, origin: value.origin, key: key, problem: "expected a duration such as 250ms, 5s, 10m or 2h, got '\(value.text)'")
        }
        return duration
    }

    public func date(_ key: String) throws(SettingsError) -> Date? {
        guard let value = value(key) else { return nil }
        guard let date = try? Date(value.text, strategy: .iso8601) else {
            throw SettingsError(.invalid, origin: value.origin, key: key, problem: "expected an ISO-8601 instant with offset such as 2026-11-20T09:00:00+08:00, got '\(value.text)'")
        }
        return date
    }

    /// Parses `250ms`, `5s`, `10m`, `2h`, `1d`; a bare number is seconds.
    public static func parseDuration(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        for (suffix, seconds) in units where trimmed.hasSuffix(suffix) {
            guard let number = Double(trimmed.dropLast(suffix.count)), number >= 0 else { return nil }
            return .milliseconds(Int64((number * seconds * 1000).rounded()))
        }
        guard let number = Double(trimmed), number >= 0 else { return nil }
        return .milliseconds(Int64((number * 1000).rounded()))
    }
}
