/// A problem reading the cutover worker's state (`onepoint cutover show|letter`) or rendering a
/// letter.
public struct CutoverStateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for callers to match.
    public enum Code: String, Sendable, Equatable {
        /// The state file is missing, cannot be opened, or holds something this build cannot read.
        case unreadableState
        /// No such cutover or notice.
        case notFound
        /// A letter template is missing or does not parse.
        case badTemplate
    }

    /// What went wrong.
    public var code: Code
    /// For people: what and where.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
