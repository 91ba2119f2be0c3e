/// What is wrong with a configuration file (or another input file such as assessment facts):
/// the file, where in it, and what, in words a person can act on.
///
/// ``description`` reads like a compiler diagnostic, so editors can jump to it:
///
/// ```text
/// config/sla.yaml:44: sla.provisioning.limitWorkingDays.silver: expected a number of working days in steps of 0.5 (e.g. 9 or 2.5), got 'nine'
/// ```
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is. Stable: callers and tests match on it.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The stable text of the code, e.g. `unknown-level`.
        public var rawValue: String
        /// A code from its text.
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file (or the configuration folder) does not exist.
        public static let fileNotFound = Code(rawValue: "file-not-found")
        /// The file exists but cannot be read as UTF-8 text.
        public static let unreadableFile = Code(rawValue: "unreadable-file")
        /// The text is not valid YAML (or JSON), or is empty.
        public static let invalidSyntax = Code(rawValue: "invalid-syntax")
        /// A required key is missing.
        public static let missingKey = Code(rawValue: "missing-key")
        /// A key that means nothing here (often a typo).
        public static let unknownKey = Code(rawValue: "unknown-key")
        /// A mapping where a value was expected, a value where a list was expected, and so on.
        public static let wrongType = Code(rawValue: "wrong-type")
        /// Text where a number was expected, or a number of the wrong kind (2.3 working days).
        public static let invalidNumber = Code(rawValue: "invalid-number")
        /// A value outside what the rule accepts (zero limit, percent above 100, steps out of order).
        public static let invalidValue = Code(rawValue: "invalid-value")
        /// A customer level name that is not key, diamond, gold, silver or bronze.
        public static let unknownLevel = Code(rawValue: "unknown-level")
        /// Another name that is not in its list (tier, escalation target, service type, metric).
        public static let unknownName = Code(rawValue: "unknown-name")
        /// A date that is not a real day or not in the form YYYY-MM-DD.
        public static let invalidDate = Code(rawValue: "invalid-date")
        /// Calendar facts that contradict each other (a make-up working day on a Tuesday).
        public static let invalidCalendar = Code(rawValue: "invalid-calendar")
        /// Units that do not form a proper three-tier tree (a city whose parent is missing).
        public static let invalidTopology = Code(rawValue: "invalid-topology")
    }

    /// The kind of problem.
    public var code: Code
    /// The file, as the caller named it (e.g. `config/sla.yaml`).
    public var file: String
    /// Where in the file, as a dotted key path with list indexes:
    /// `sla.provisioning.limitWorkingDays.silver`, `topology.units[4].parent`. Empty when the
    /// problem concerns the whole file.
    public var keyPath: String
    /// The line (from 1) of the value, or of the mapping that lacks a key, when known.
    public var line: Int?
    /// What is wrong.
    public var message: String

    /// Makes an error; see the properties for what each part holds.
    public init(_ code: Code, file: String, keyPath: String = "", line: Int? = nil, message: String) {
        self.code = code
        self.file = file
        self.keyPath = keyPath
        self.line = line
        self.message = message
    }

    /// `file:line: key.path: message` (line and key path left out when unknown).
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if !keyPath.isEmpty { text += ": \(keyPath)" }
        return text + ": " + message
    }
}
