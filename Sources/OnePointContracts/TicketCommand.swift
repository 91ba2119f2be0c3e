import Foundation
import OnePointDomain

/// An operator's or customer's action on a fault ticket (`onepoint ticket ack|note|confirm|close`):
/// event ``EventType/troubleTicketCommand`` on `ticket-commands`.
///
/// Schema version 2 added the `classify` action and ``cause``.
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
        /// The handling unit records the fault's cause (``TicketCommand/cause`` required; v2).
        case classify
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
    /// The fault's cause (for `classify`; optional with `confirm` and `close`; v2).
    public var cause: FaultCause?

    public init(ticketId: String, action: Action, unit: UnitID, by: String, at: Date, note: String? = nil, cause: FaultCause? = nil) {
        self.ticketId = ticketId
        self.action = action
        self.unit = unit
        self.by = by
        self.at = at
        self.note = note
        self.cause = cause
    }

    /// The ticket id.
    public var kafkaKey: String { ticketId }
    /// The unit acting.
    public var addressedUnit: UnitID? { unit }
    /// The unit that sends it: `event.unit`.
    public var actingUnit: UnitID? { unit }
}
