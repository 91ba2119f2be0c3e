import Foundation
import OnePointContracts
import OnePointDomain

/// The ticket's JSON columns (history, notes, pauses) written without `JSONEncoder`.
///
/// Every new ticket and every change to one saves its row, and `JSONEncoder` writing the status
/// history was three quarters of that save and a tenth of opening a ticket (profile in
/// docs/performance.md, session 24). The text is byte for byte what the shared encoder
/// (`.sortedKeys`, dates as seconds since 2001) writes, so rows saved before and after read the
/// same; `TicketRowColumnsTests` holds the two side by side. An instant that is not a finite
/// number (never made by the worker) goes to the encoder, which refuses it as it always did.
extension TicketRow {
    /// The status history's column.
    static func text(_ history: [TroubleTicket.StatusChange]) throws -> String {
        try ColumnWriter.list(history, fallback: encoder) { change, writer in
            writer.member("at", change.at, first: true)
            if let reason = change.reason { writer.member("reason", reason) }
            writer.member("status", change.status.rawValue)
        }
    }

    /// The notes' column.
    static func text(_ notes: [TroubleTicket.Note]) throws -> String {
        try ColumnWriter.list(notes, fallback: encoder) { note, writer in
            writer.member("at", note.at, first: true)
            writer.member("by", note.by)
            writer.member("text", note.text)
        }
    }

    /// The pauses' column.
    static func text(_ pauses: [Pause]) throws -> String {
        try ColumnWriter.list(pauses, fallback: encoder) { pause, writer in
            writer.member("end", pause.end, first: true)
            writer.member("start", pause.start)
        }
    }
}
