import Foundation
import OnePointDomain

/// An approved planned-outage window: event ``EventType/plannedOutage`` on the compacted
/// `planned-outages` topic (the latest record per cutover is the window). Alarms on its
/// objects inside the window open no ticket; if they outlast it, a ticket opens at its end.
public struct PlannedOutage: EventPayload {
    /// The window's state.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Approved and upcoming or running.
        case scheduled
        /// Called off: alarms are handled normally.
        case cancelled
    }

    /// The cutover.
    public var cutoverId: String
    /// The unit carrying it out.
    public var unit: UnitID
    /// Scheduled or cancelled.
    public var status: Status
    /// When the window starts.
    public var windowStart: Date
    /// When it ends.
    public var windowEnd: Date
    /// Elements (and fibre sections) inside the window.
    public var elementIds: [String]
    /// Circuits expected to go down.
    public var circuitIds: [String]

    public init(cutoverId: String, unit: UnitID, status: Status = .scheduled, windowStart: Date, windowEnd: Date, elementIds: [String], circuitIds: [String]) {
        self.cutoverId = cutoverId
        self.unit = unit
        self.status = status
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.elementIds = elementIds
        self.circuitIds = circuitIds
    }

    /// The cutover id.
    public var kafkaKey: String { cutoverId }
    /// The unit carrying it out.
    public var addressedUnit: UnitID? { unit }
}
