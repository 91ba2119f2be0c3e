/// An error raised by a domain rule: a value a caller can match by ``code`` and a message a
/// person can act on.
public struct DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of rule was broken. Stable: callers and tests match on it.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A customer level name that is not one of key, diamond, gold, silver, bronze.
        public static let unknownLevel = Code(rawValue: "unknown-level")
        /// A calendar year that has not been loaded. The calendar itself no longer throws it (an
        /// unloaded year is answered on the provisional rule, DOMAIN.md §9); kept for callers
        /// that require a loaded year.
        public static let calendarYearNotLoaded = Code(rawValue: "calendar-year-not-loaded")
        /// A pause (clock stop) or window whose end is before its start.
        public static let invalidInterval = Code(rawValue: "invalid-interval")
        /// A value outside what a rule accepts (negative points, zero limit, …).
        public static let invalidValue = Code(rawValue: "invalid-value")
        /// A unit id not in the topology.
        public static let unknownUnit = Code(rawValue: "unknown-unit")
        /// A service type not in the catalogue.
        public static let unknownServiceType = Code(rawValue: "unknown-service-type")
        /// A test report missing a metric its service type requires.
        public static let missingMetric = Code(rawValue: "missing-metric")
        /// A state-machine transition that is not allowed from the current state.
        public static let invalidTransition = Code(rawValue: "invalid-transition")
        /// A delay application that cannot be accepted.
        public static let delayRejected = Code(rawValue: "delay-rejected")
        /// A topology that is not a proper three-tier tree.
        public static let invalidTopology = Code(rawValue: "invalid-topology")
    }

    /// The kind of error.
    public var code: Code
    /// What is wrong, for a person.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code)]" }
}
