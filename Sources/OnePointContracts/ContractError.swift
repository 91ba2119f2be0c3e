/// Why an event could not be read (or written): a ``code`` to match on, the ``path`` of the
/// field at fault and a ``message`` a person can act on.
///
/// Messages start with the path, e.g.
/// `event.perceivedSeverity: 'hot' is not one of critical, major, minor, warning, indeterminate, cleared`
/// or `event.accessPoints[1].unit: unknown unit 'GD-XX'`.
public struct ContractError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem. Stable: consumers, dead letters and tests match on it.
    public enum Code: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
        /// The bytes are not a JSON object.
        case malformedJSON
        /// `eventType` names no event type of this catalogue.
        case unknownEventType
        /// The event type is known but carries another payload than the one asked for.
        case unexpectedEventType
        /// `schemaVersion` is not one this build reads.
        case unsupportedSchemaVersion
        /// A required field is absent (or `null`).
        case missingField
        /// A field the schema does not have.
        case unknownField
        /// A field has the wrong type or a value outside what it allows.
        case invalidValue

        public var description: String { rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// The field at fault, e.g. `event.accessPoints[1].unit`; empty for the whole document.
    public var path: String
    /// What is wrong, starting with the path.
    public var message: String

    /// Makes an error; the message is `path: problem` (just `problem` when the path is empty).
    public init(_ code: Code, path: String, _ problem: String) {
        self.code = code
        self.path = path
        self.message = path.isEmpty ? problem : "\(path): \(problem)"
    }

    public var description: String { "\(message) [\(code)]" }
}
