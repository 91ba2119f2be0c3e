import Foundation
import OnePointDomain

/// An action of the handling unit on a complaint (`onepoint complaint ack|handle|reply|note`):
/// event ``EventType/complaintCommand`` on `complaints`, keyed by complaint id.
public struct ComplaintCommand: EventPayload {
    /// The action; each stops one clock.
    public enum Action: String, Sendable, Codable, CaseIterable {
        /// First contact with the customer: the response clock stops.
        case acknowledge
        /// Cause found and acted on: the handling clock stops (and the response one, if running).
        case handle
        /// The result told to the customer: the reply clock stops and the complaint closes.
        case reply
        /// A note (``ComplaintCommand/note`` required).
        case note
    }

    /// The complaint.
    public var complaintId: String
    /// The action.
    public var action: Action
    /// The unit acting.
    public var unit: UnitID
    /// Who acted.
    public var by: String
    /// When.
    public var at: Date
    /// What was done or said.
    public var note: String?

    public init(complaintId: String, action: Action, unit: UnitID, by: String, at: Date, note: String? = nil) {
        self.complaintId = complaintId
        self.action = action
        self.unit = unit
        self.by = by
        self.at = at
        self.note = note
    }

    /// The complaint id.
    public var kafkaKey: String { complaintId }
    /// The acting unit.
    public var addressedUnit: UnitID? { unit }
    /// The unit that sends it: `event.unit`.
    public var actingUnit: UnitID? { unit }
}
