import OnePointDomain

/// The fault worker's own settings (`fault.yaml`, DOMAIN.md §6.1): flapping, grouping,
/// confirmation, reopening, repeated faults and the most notes a ticket keeps. Read with ``load(directory:)`` or
/// ``ConfigReader/fault(yaml:file:)``; every problem is a ``ConfigError`` naming the file, key
/// and line.
public struct FaultConfiguration: Sendable, Equatable {
    /// The name of the file in a configuration folder.
    public static let fileName = "fault.yaml"

    /// The X.733 perceived severities that open a ticket (`critical`, `major`); alarms of other
    /// severities are recorded, not ticketed. Each is one of ``knownSeverities``.
    public var ticketSeverities: [String]
    /// A clear is held this many seconds; a raise of the same alarm within it cancels the clear
    /// (a flap), so a flapping alarm neither restores nor reopens its ticket.
    public var flapHoldDownSeconds: Int
    /// A new alarm on an element an open ticket already lists joins that ticket within this
    /// many seconds of the ticket's first alarm (one root cause, one ticket).
    public var correlationWindowSeconds: Int
    /// A restored ticket nobody confirms closes by itself after this many minutes.
    public var confirmationTimeoutMinutes: Int
    /// A new alarm or report on a circuit of a ticket restored less than this many minutes ago
    /// reopens that ticket instead of opening a new one.
    public var reopenWindowMinutes: Int
    /// A circuit with more than this many faults within ``repeatedFaultPeriodDays`` is flagged.
    public var repeatedFaultThreshold: Int
    /// The period of the repeated-fault rule, days.
    public var repeatedFaultPeriodDays: Int
    /// The most notes one ticket keeps; a note command past it is refused (dead letter
    /// `validation`). Each note is bounded (4 000 characters), their number is bounded here.
    public var maxNotesPerTicket: Int

    /// The severities an alarm can be raised with (X.733, without `cleared`).
    public static let knownSeverities = ["critical", "major", "minor", "warning", "indeterminate"]

    /// The defaults, as `config/fault.yaml` ships them.
    public static let defaults = FaultConfiguration(
        ticketSeverities: ["critical", "major"], flapHoldDownSeconds: 60, correlationWindowSeconds: 120,
        confirmationTimeoutMinutes: 24 * 60, reopenWindowMinutes: 24 * 60, repeatedFaultThreshold: 2, repeatedFaultPeriodDays: 30,
        maxNotesPerTicket: defaultMaxNotesPerTicket)

    /// `fault.maxNotesPerTicket` when the file leaves it out: 500.
    public static let defaultMaxNotesPerTicket = 500

    public init(
        ticketSeverities: [String], flapHoldDownSeconds: Int, correlationWindowSeconds: Int,
        confirmationTimeoutMinutes: Int, reopenWindowMinutes: Int, repeatedFaultThreshold: Int, repeatedFaultPeriodDays: Int,
        maxNotesPerTicket: Int = defaultMaxNotesPerTicket
    ) {
        self.ticketSeverities = ticketSeverities
        self.flapHoldDownSeconds = flapHoldDownSeconds
        self.correlationWindowSeconds = correlationWindowSeconds
        self.confirmationTimeoutMinutes = confirmationTimeoutMinutes
        self.reopenWindowMinutes = reopenWindowMinutes
        self.repeatedFaultThreshold = repeatedFaultThreshold
        self.repeatedFaultPeriodDays = repeatedFaultPeriodDays
        self.maxNotesPerTicket = maxNotesPerTicket
    }

    /// Reads `fault.yaml` in `directory`.
    ///
    /// - Throws: ``ConfigError`` naming the file, the key and the line.
    public static func load(directory: String) throws(ConfigError) -> FaultConfiguration {
        let path = directory.isEmpty ? fileName : directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
        return try ConfigReader.fault(yaml: try ConfigReader.read(file: path), file: path)
    }
}

extension ConfigReader {
    /// The fault worker's settings of a `fault.yaml` text.
    public static func fault(yaml: String, file: String = FaultConfiguration.fileName) throws(ConfigError) -> FaultConfiguration {
        try YAMLDocument.decode(FaultDocument.self, yaml: yaml, file: file) { document throws(ConfigIssue) in
            try document.configuration()
        }
    }
}
