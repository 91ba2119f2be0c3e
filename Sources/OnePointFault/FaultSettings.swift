import Foundation
import OnePointDomain
import OnePointConfig
import OnePointContracts

/// How the fault worker handles the alarm stream (`config/fault.yaml`, docs/fault.md).
///
/// SLA numbers (restoration limits, feedback intervals, the escalation ladder) are not here:
/// they come from `sla.yaml` through `DomainConfiguration`.
public struct FaultSettings: Sendable, Equatable {
    /// Perceived severities that open a ticket; other alarms are recorded only.
    public var ticketSeverities: Set<Alarm.PerceivedSeverity>
    /// How long a clear is held before it takes effect; a raise within it is a flap.
    public var flapHoldDown: TimeInterval
    /// How long after a ticket opens a new alarm on one of its elements still joins it.
    public var correlationWindow: TimeInterval
    /// How long a restored ticket waits for confirmation before it closes by itself.
    public var confirmationTimeout: TimeInterval
    /// How long after restoration a new fault on one of its circuits reopens a ticket.
    public var reopenWindow: TimeInterval
    /// A circuit with more than this many faults within ``repeatedFaultPeriodDays`` is flagged.
    public var repeatedFaultThreshold: Int
    /// The repeated-fault period, days.
    public var repeatedFaultPeriodDays: Int
    /// The most notes one ticket keeps (`fault.maxNotesPerTicket`); a note past it is refused
    /// as a dead letter `validation` naming the cap.
    public var maxNotesPerTicket: Int
    /// At most this many related alarms are listed in a ticket event (element alarms first), so
    /// that a storm's ticket stays well under the 1 MiB a consumer reads; `onepoint ticket show`
    /// lists them all.
    public var maxListedAlarms: Int = 1000

    /// The settings of a checked `fault.yaml`.
    ///
    /// - Throws: ``ConfigError`` when a severity is not one an alarm can carry.
    public init(_ configuration: FaultConfiguration, file: String = FaultConfiguration.fileName) throws(ConfigError) {
        var severities: Set<Alarm.PerceivedSeverity> = []
        for (index, name) in configuration.ticketSeverities.enumerated() {
            guard let severity = Alarm.PerceivedSeverity(rawValue: name), severity != .cleared else {
                throw ConfigError(.unknownName, file: file, keyPath: "fault.ticketSeverities[\(index)]", message: "unknown severity '\(name)'")
            }
            severities.insert(severity)
        }
        self.init(configuration, severities: severities)
    }

    /// The shipped defaults (critical and major ticketed, 60 s hold-down, 120 s window, 24 h
    /// confirmation and reopen, more than 2 faults in 30 days, 500 notes a ticket).
    public static var defaults: FaultSettings {
        let configuration = FaultConfiguration.defaults
        return FaultSettings(configuration, severities: Set(configuration.ticketSeverities.compactMap(Alarm.PerceivedSeverity.init(rawValue:))))
    }

    private init(_ configuration: FaultConfiguration, severities: Set<Alarm.PerceivedSeverity>) {
        ticketSeverities = severities
        flapHoldDown = TimeInterval(configuration.flapHoldDownSeconds)
        correlationWindow = TimeInterval(configuration.correlationWindowSeconds)
        confirmationTimeout = TimeInterval(configuration.confirmationTimeoutMinutes * 60)
        reopenWindow = TimeInterval(configuration.reopenWindowMinutes * 60)
        repeatedFaultThreshold = configuration.repeatedFaultThreshold
        repeatedFaultPeriodDays = configuration.repeatedFaultPeriodDays
        maxNotesPerTicket = configuration.maxNotesPerTicket
    }

    /// Reads `fault.yaml` from `directory`.
    ///
    /// - Throws: ``ConfigError`` naming the file, the key and the line.
    public static func load(directory: String) throws(ConfigError) -> FaultSettings {
        let file = directory.isEmpty ? FaultConfiguration.fileName : (directory as NSString).appendingPathComponent(FaultConfiguration.fileName)
        return try FaultSettings(FaultConfiguration.load(directory: directory), file: file)
    }
}
