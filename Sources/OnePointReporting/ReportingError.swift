/// A problem of the reporting worker's inputs, state or rendering, with a code to match on and a
/// message for people.
public struct ReportingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Equatable {
        /// A month that is not `YYYY-MM` or does not exist.
        case invalidMonth
        /// A unit the topology does not know.
        case unknownUnit
        /// A fact too far from the worker's clock to belong to a report it keeps.
        case outOfRange
        /// The state file is missing, cannot be opened, or holds something this build cannot read.
        case unreadableState
        /// No report for that unit and month (yet).
        case notFound
        /// A report template is missing or does not parse.
        case badTemplate
    }

    /// What went wrong.
    public var code: Code
    /// For people: what and where.
    public var message: String

    /// An error with its code and a message for people.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
