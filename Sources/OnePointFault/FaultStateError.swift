/// A problem in the fault worker's own state or configuration met while deciding (not bad
/// input): the runtime retries the input, then dead-letters it as `exhausted-retries`.
public struct FaultStateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem. Stable: tests and logs match on it.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A row holds a value the worker does not know (a newer version wrote it, or it was edited).
        public static let corruptState = Code(rawValue: "corrupt-state")
        /// A clock could not be computed (an instant out of range).
        public static let clock = Code(rawValue: "clock")
        /// The state file cannot be read.
        public static let unreadableState = Code(rawValue: "unreadable-state")
        /// No such ticket.
        public static let unknownTicket = Code(rawValue: "unknown-ticket")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
