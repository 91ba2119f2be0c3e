import Foundation
import OnePointDomain
import GRDB
import OnePointContracts
import OnePointRuntime

/// Operators' and customers' actions on a ticket (`onepoint ticket ack|note|confirm|close`).
extension FaultLogic {
    func applyCommand(_ command: TicketCommand, in context: inout DecisionContext) throws {
        guard var ticket = try TicketRow.load(command.ticketId, context.db) else {
            throw InputRejection(.validation, "unknown ticket '\(command.ticketId)'")
        }
        try authorize(command, on: ticket, in: context)
        if let cause = command.cause {
            guard [.classify, .confirm, .close].contains(command.action) else {
                throw InputRejection(.validation, "a cause goes with classify, confirm or close, not \(command.action.rawValue)")
            }
            try record(cause, on: ticket.id, by: "\(command.by) (\(command.unit))", at: command.at, in: context)
        }
        switch command.action {
        case .classify:
            guard command.cause != nil else {
                throw InputRejection(.missingField, "event.cause: classify needs the fault's cause (\(FaultCause.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            try publish(ticket.id, .troubleTicketAttributeValueChange, in: &context)
        case .acknowledge:
            guard ticket.status == .acknowledged || ticket.status == .pending || ticket.status == .held else {
                return  // already in hand (or restored): nothing changes
            }
            try ticket.move(to: .inProgress, at: command.at, reason: "taken in hand by \(command.by) (\(command.unit))")
            try ticket.save(context.db)
            try publish(ticket, .troubleTicketStatusChange, in: &context)
        case .note:
            guard ticket.notes.count < settings.maxNotesPerTicket else {
                throw InputRejection(
                    .validation,
                    "ticket \(ticket.id) already keeps \(ticket.notes.count) notes, the most one ticket keeps (fault.yaml fault.maxNotesPerTicket: \(settings.maxNotesPerTicket)); this note is refused")
            }
            ticket.notes.append(TroubleTicket.Note(by: command.by, at: command.at, text: command.note ?? ""))
            try ticket.save(context.db)
            try publish(ticket, .troubleTicketAttributeValueChange, in: &context)
        case .confirm, .close:
            let who = command.action == .confirm ? "confirmed by \(command.by)" : "closed by \(command.by)"
            switch ticket.status {
            case .resolved:
                try close(&ticket, at: command.at, reason: who, in: &context)
            case .closed, .cancelled, .rejected:
                return  // already final
            default:
                guard ticket.activeAlarms == 0 else {
                    throw InputRejection(
                        .validation,
                        "ticket \(ticket.id) still has \(ticket.activeAlarms) active alarm\(ticket.activeAlarms == 1 ? "" : "s"); it can be \(command.action == .confirm ? "confirmed" : "closed") once they clear")
                }
                // A fault with no alarm (a customer report only) is restored when the customer or an operator says so.
                try restore(&ticket, at: command.at, reason: "restored: \(who)", in: &context)
                try close(&ticket, at: command.at, reason: who, in: &context)
            }
        }
    }

    /// Refuses a command from a unit that may not act on `ticket` (DOMAIN.md §1: the handling
    /// unit and the units above it; for a confirmation also the unit of one of the ticket's
    /// customers and the units above it), or dated before the ticket's start or in the future.
    ///
    /// - Throws: ``InputRejection`` (`unauthorized` or `validation`).
    func authorize(_ command: TicketCommand, on ticket: TicketRow, in context: DecisionContext) throws {
        let subject = "\(command.action.rawValue) on ticket \(ticket.id)"
        var owners = [ticket.unit]
        if command.action == .confirm {
            // The customer confirms through its own unit (its customer manager's response centre).
            owners += try String.fetchAll(
                context.db.cachedStatement(sql: """
                    SELECT DISTINCT cu.first_unit FROM fault_ticket_circuits c JOIN fault_customers cu ON cu.id = c.customer_id
                    WHERE c.ticket_id = ? AND cu.first_unit IS NOT NULL ORDER BY cu.first_unit
                    """), arguments: [ticket.id]
            ).map { UnitID($0) }
        }
        try commandGuard.authorize(command.unit, onAnyOf: owners, subject)
        try commandGuard.checkInstant(command.at, field: "event.at", notBefore: ticket.startedAt, "the ticket's start", now: context.now)
    }

    /// Records `cause` on the ticket. A fault that is not the operator's leaves repeated-fault
    /// detection (its circuits' history no longer lists it) and gets no restoration verdict.
    func record(_ cause: FaultCause, on ticket: String, by who: String, at time: Date, in context: DecisionContext) throws {
        try context.db.cachedStatement(sql: """
            INSERT INTO fault_ticket_causes (ticket_id, cause, by, at) VALUES (?, ?, ?, ?)
            ON CONFLICT (ticket_id) DO UPDATE SET cause = excluded.cause, by = excluded.by, at = excluded.at
            """).execute(arguments: [ticket, cause.rawValue, who, time.timeIntervalSince1970])
        if !cause.responsibility.isMeasured {
            try context.db.cachedStatement(sql: "DELETE FROM fault_history WHERE ticket_id = ?").execute(arguments: [ticket])
        }
    }
}
