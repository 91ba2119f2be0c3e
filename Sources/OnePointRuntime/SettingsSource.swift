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
        /// Which layer a value came from; a higher one wins.
        public enum Layer: Int, Sendable, Comparable {
            /// The YAML file (or a default standing in for one, such as `<state-dir>/bootstrap.servers`).
            case file = 0
            /// An `ONEPOINT_*` environment variable.
            case environment = 1
            /// A command-line flag.
            case flag = 2

            public static func < (lhs: Layer, rhs: Layer) -> Bool { lhs.rawValue < rhs.rawValue }
        }

        /// The value as written.
        public var text: String
        /// Where it came from, for messages: `flag --http-port`, `environment variable …`, the file's path.
        public var origin: String
        /// Which layer it came from.
        public var layer: Layer
        /// For a secret read from a file (``SettingsSource/secret(_:)``): that file.
        public var file: String?

        /// A value from `origin` in `layer`.
        public init(text: String, origin: String, layer: Layer = .file, file: String? = nil) {
            self.text = text
            self.origin = origin
            self.layer = layer
            self.file = file
        }
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
            return Value(text: flag.value, origin: "flag \(flag.flag)", layer: .flag)
        }
        let variable = Self.environmentName(of: key)
        if let text = environment[variable] {
            return Value(text: text, origin: "environment variable \(variable)", layer: .environment)
        }
        if let file, let text = file.string(forKey: ConfigKey(key.split(separator: ".").map(String.init))) {
            return Value(text: text, origin: fileName, layer: .file)
        }
        return nil
    }

    // MARK: Secrets and files

    /// A secret: the value of `key`, or the contents of the file named by `key` + `File`
    /// (`kafka.security.saslPassword` or `kafka.security.saslPasswordFile`, set in the YAML file
    /// or as `ONEPOINT_KAFKA_SECURITY_SASL_PASSWORD` / `ONEPOINT_KAFKA_SECURITY_SASL_PASSWORD_FILE`).
    ///
    /// When both are set, the one from the higher layer wins (a flag over the environment over the
    /// file); both in the same layer is an error. A file's contents are used without the line
    /// break(s) that end it. The returned value's origin names the file, never the secret.
    ///
    /// - Throws: ``SettingsError`` with ``SettingsError/Code/unreadablePath`` naming the file and
    ///   where its name came from when it cannot be read or is empty; ``SettingsError/Code/invalid``
    ///   when both forms are set in the same layer or the secret is empty.
    public func secret(_ key: String) throws(SettingsError) -> Value? {
        let fileKey = key + "File"
        let direct = value(key)
        let named = value(fileKey)
        switch (direct, named) {
        case (nil, nil):
            return nil
        case (let direct?, nil):
            return try Self.nonEmptySecret(direct, key: key)
        case (nil, let named?):
            return try readSecret(named, key: fileKey)
        case (let direct?, let named?):
            if direct.layer > named.layer { return try Self.nonEmptySecret(direct, key: key) }
            if named.layer > direct.layer { return try readSecret(named, key: fileKey) }
            throw SettingsError(
                .invalid, origin: named.origin, key: fileKey,
                problem: "\(key) is set too (\(direct.origin)); set the secret or the file that holds it, not both")
        }
    }

    private static func nonEmptySecret(_ value: Value, key: String) throws(SettingsError) -> Value {
        guard !value.text.isEmpty else {
            throw SettingsError(.invalid, origin: value.origin, key: key, problem: "the secret is empty")
        }
        return value
    }

    private func readSecret(_ named: Value, key: String) throws(SettingsError) -> Value {
        let path = named.text.trimmingCharacters(in: .whitespaces)
        try Self.checkReadable(path, origin: named.origin, key: key)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SettingsError(.unreadablePath, origin: named.origin, key: key, problem: "cannot read \(path): \(error.localizedDescription)")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw SettingsError(.unreadablePath, origin: named.origin, key: key, problem: "\(path) is not UTF-8 text")
        }
        while text.hasSuffix("\n") || text.hasSuffix("\r") || text.hasSuffix("\r\n") { text.removeLast() }
        guard !text.isEmpty else {
            throw SettingsError(.unreadablePath, origin: named.origin, key: key, problem: "\(path) is empty")
        }
        return Value(text: text, origin: "\(path) (\(key), \(named.origin))", layer: named.layer, file: path)
    }

    /// Checks that `path`, the value of `key` from `origin`, names a regular file this process
    /// can read.
    ///
    /// - Throws: ``SettingsError/Code/unreadablePath`` naming the file, the key and the origin:
    ///   no such file, a folder, or no permission to read it.
    public static func checkReadable(_ path: String, origin: String, key: String) throws(SettingsError) {
        guard !path.isEmpty else {
            throw SettingsError(.invalid, origin: origin, key: key, problem: "expected the path of a file, got an empty value")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SettingsError(.unreadablePath, origin: origin, key: key, problem: "cannot read \(path): no such file")
        }
        guard !isDirectory.boolValue else {
            throw SettingsError(.unreadablePath, origin: origin, key: key, problem: "cannot read \(path): it is a folder, not a file")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw SettingsError(.unreadablePath, origin: origin, key: key, problem: "cannot read \(path): permission denied")
        }
    }

    /// The permission bits of the file at `path`, or `nil` when they cannot be read.
    static func permissions(of path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
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
