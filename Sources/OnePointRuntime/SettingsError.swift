/// A setting that stops a worker from starting: where it came from, which key, and what is wrong.
public struct SettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem. Stable: tests and scripts match on it.
    public enum Code: String, Sendable, Equatable {
        /// The configuration file could not be read or parsed.
        case unreadableFile = "unreadable-file"
        /// A required key has no value anywhere.
        case missing = "missing"
        /// A value is present but not acceptable.
        case invalid = "invalid"
        /// A file a setting names (a secret file, a CA, a client certificate or key) cannot be
        /// read; the problem names the file.
        case unreadablePath = "unreadable-path"
    }

    public var code: Code
    /// Where the value came from: `config/onepoint.yaml`, `environment variable ONEPOINT_HTTP_PORT`
    /// or `flag --http-port`.
    public var origin: String
    /// The key, e.g. `http.port`.
    public var key: String
    /// What is wrong and what would be accepted.
    public var problem: String

    public init(_ code: Code, origin: String, key: String, problem: String) {
        self.code = code
        self.origin = origin
        self.key = key
        self.problem = problem
    }

    public var description: String {
        switch code {
        case .unreadableFile: "\(origin): \(problem)"
        case .missing: "\(key) is not set: \(problem)"
        case .invalid, .unreadablePath: "\(origin): \(key): \(problem)"
        }
    }
}
