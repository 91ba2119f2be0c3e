import Foundation
import OnePointDomain

/// A customer's fault report (故障申告), from `onepoint fault report` or a feed: event
/// ``EventType/faultReportCreate`` on `fault-reports`, keyed by circuit id. The restoration
/// clock starts at the report or the alarm, whichever comes first.
public struct FaultReport: EventPayload {
    /// How the report came in.
    public enum Channel: String, Sendable, Codable, CaseIterable {
        /// The 7×24 fault line.
        case phone
        /// Through the customer manager.
        case customerManager
        /// The customer portal or a feed.
        case portal
    }

    /// The report's id, e.g. `"FR-2026-1121-0042"`.
    public var reportId: String
    /// The circuit reported.
    public var circuitId: String
    /// The customer reporting.
    public var customerId: String
    /// The unit that received the report (its response centre).
    public var unit: UnitID
    /// How it came in.
    public var channel: Channel
    /// Who reported, and how to call back.
    public var reportedBy: Contact
    /// When the customer reported.
    public var reportedAt: Date
    /// The customer's description.
    public var description: String

    public init(
        reportId: String, circuitId: String, customerId: String, unit: UnitID, channel: Channel, reportedBy: Contact, reportedAt: Date,
        description: String
    ) {
        self.reportId = reportId
        self.circuitId = circuitId
        self.customerId = customerId
        self.unit = unit
        self.channel = channel
        self.reportedBy = reportedBy
        self.reportedAt = reportedAt
        self.description = description
    }

    /// The circuit id.
    public var kafkaKey: String { circuitId }
    /// The receiving unit.
    public var addressedUnit: UnitID? { unit }
    /// The unit that sends it: `event.unit`.
    public var actingUnit: UnitID? { unit }
}
