import Foundation
import OnePointDomain

/// An operator's or customer's action on a fault ticket (`onepoint ticket ack|note|confirm|close`):
/// event ``EventType/troubleTicketCommand`` on `ticket-commands`.
public struct TicketCommand: EventPayload {
    /// The action.
    public enum Action: String, Sendable, Codable, CaseIterable {
        /// An operator takes the ticket.
        case acknowledge
        /// Adds a note (``TicketCommand/note`` required).
        case note
        /// The customer or an operator confirms restoration.
        case confirm
        /// An operator closes a restored ticket.
        case close
    }

    /// The ticket.
    public var ticketId: String
    /// The action.
    public var action: Action
    /// The unit acting.
    public var unit: UnitID
    /// Who acted.
    public var by: String
    /// When.
    public var at: Date
    /// The note's text (for `note`; optional otherwise).
    public var note: String?

    public init(ticketId: String, action: Action, unit: UnitID, by: String, at: Date, note: String? = nil) {
        self.ticketId = ticketId
        self.action = action
        self.unit = unit
        self.by = by
        self.at = at
        self.note = note
    }

    /// The ticket id.
    public var kafkaKey: String { ticketId }
    /// The unit acting.
    public var addressedUnit: UnitID? { unit }
}
