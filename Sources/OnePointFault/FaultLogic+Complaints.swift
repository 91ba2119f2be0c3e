import Foundation
import GRDB
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointRuntime

/// Customer complaints (投诉, DOMAIN.md §6.1): three 24×7 clocks from the complaint by the
/// customer's level (response, handling, reply; `sla.yaml` `complaints`), the fault escalation
/// ladder on the handling limit, the unit of the customer's circuit (else the customer's first
/// unit) handling it, a link to an open ticket of that circuit, and when it closes a
/// `complaintTimeliness` fact: in time when all three clocks were met.
///
/// Timer ids: `complaint:<id>:escalation:<percent>`.
extension FaultLogic {
    func applyComplaint(_ complaint: Complaint, in context: inout DecisionContext) throws {
        let db = context.db
        guard try Row.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM fault_complaints WHERE id = ?"), arguments: [complaint.complaintId]) == nil else {
            throw InputRejection(.validation, "complaint \(complaint.complaintId) was received before; send a ComplaintCommandEvent to act on it")
        }
        guard let customer = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM fault_customers WHERE id = ?"), arguments: [complaint.customerId]) else {
            throw InputRejection(.validation, "complaint \(complaint.complaintId): unknown customer \(complaint.customerId); load it into the inventory first")
        }
        var unit = (customer["first_unit"] as String?).map { UnitID($0) } ?? complaint.unit
        var circuitUnit: UnitID?
        if let circuit = complaint.circuitId {
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT customer_id, unit FROM fault_circuits WHERE id = ?"), arguments: [circuit]) else {
                throw InputRejection(.validation, "complaint \(complaint.complaintId): unknown circuit \(circuit)")
            }
            guard (row["customer_id"] as String) == complaint.customerId else {
                throw InputRejection(.validation, "complaint \(complaint.complaintId): circuit \(circuit) is not \(complaint.customerId)'s")
            }
            circuitUnit = UnitID(row["unit"] as String)
        }
        if let circuitUnit { unit = circuitUnit }
        // The receiving unit acts for the customer's unit or the circuit's (or above them).
        let owners = [(customer["first_unit"] as String?).map { UnitID($0) }, circuitUnit].compactMap { $0 }
        if !owners.isEmpty {
            try commandGuard.authorize(complaint.unit, onAnyOf: owners, "complaint \(complaint.complaintId) of \(complaint.customerId)")
        }
        try commandGuard.checkInstant(complaint.receivedAt, field: "event.receivedAt", notBefore: nil, "", now: context.now)
        var ticketId = complaint.ticketId
        if let named = ticketId {
            // With tasks a ticket of another correlation domain lives in another task: its id
            // says so, and the link is kept as named (docs/fault.md "Scaling out").
            let elsewhere = try ticketDomain(named).map { try $0 != complaintDomain(complaint, in: db) } ?? false
            guard try elsewhere || TicketRow.load(named, db) != nil else {
                throw InputRejection(.validation, "complaint \(complaint.complaintId): unknown ticket \(named)")
            }
        } else if let circuit = complaint.circuitId {
            ticketId = try String.fetchOne(
                db.cachedStatement(sql: """
                    SELECT t.id FROM fault_ticket_circuits c JOIN fault_tickets t ON t.id = c.ticket_id
                    WHERE c.circuit_id = ? AND t.status IN \(TicketRow.openStatusList) ORDER BY t.opened_at DESC LIMIT 1
                    """), arguments: [circuit])
        }
        let level = CustomerLevel(rawValue: customer["level"]) ?? .bronze
        var row = ComplaintRow(
            id: complaint.complaintId, customer: CustomerReference(id: complaint.customerId, name: customer["name"], level: level), unit: unit,
            circuitId: complaint.circuitId, ticketId: ticketId, subject: complaint.subject, state: .received, receivedAt: complaint.receivedAt,
            history: [])
        let link = ticketId.map { "; linked to ticket \($0)" } ?? ""
        row.note("received by \(complaint.receivedBy) at \(complaint.unit); handled by \(unit)\(link)", at: complaint.receivedAt)
        try row.save(db)
        try setNextComplaintStep(row, in: context)
        try publishComplaint(row, reason: row.history.last?.reason ?? "received", in: &context)
    }

    func applyComplaintCommand(_ command: ComplaintCommand, in context: inout DecisionContext) throws {
        guard var row = try ComplaintRow.load(command.complaintId, context.db) else {
            throw InputRejection(.validation, "unknown complaint '\(command.complaintId)'")
        }
        try commandGuard.authorize(command.unit, on: row.unit, "\(command.action.rawValue) on complaint \(row.id)")
        try commandGuard.checkInstant(command.at, field: "event.at", notBefore: row.receivedAt, "the complaint's receipt", now: context.now)
        guard row.state != .closed else {
            throw InputRejection(.validation, "complaint \(row.id) is closed (replied at \(row.repliedAt.map { ISOTime.format($0, in: timeZone) } ?? "?")): no further \(command.action.rawValue)")
        }
        let who = "\(command.by) (\(command.unit))"
        let text = command.note.map { ": \($0)" } ?? ""
        switch command.action {
        case .note:
            row.note("note by \(who)\(text)", at: command.at)
        case .acknowledge:
            guard row.acknowledgedAt == nil else { return }
            row.acknowledgedAt = command.at
            row.state = .acknowledged
            row.note("customer contacted by \(who)\(text)", at: command.at)
        case .handle:
            guard row.handledAt == nil else { return }
            if row.acknowledgedAt == nil { row.acknowledgedAt = command.at }
            row.handledAt = command.at
            row.state = .handled
            row.note("cause found and acted on by \(who)\(text)", at: command.at)
            try cancelComplaintEscalation(row.id, in: context)
        case .reply:
            if row.acknowledgedAt == nil { row.acknowledgedAt = command.at }
            if row.handledAt == nil { row.handledAt = command.at }
            row.repliedAt = command.at
            row.state = .closed
            row.note("result told to the customer by \(who)\(text)", at: command.at)
            try cancelComplaintEscalation(row.id, in: context)
        }
        try row.save(context.db)
        let status = try publishComplaint(row, reason: row.history.last?.reason ?? command.action.rawValue, in: &context)
        if row.state == .closed, let inTime = status.inTime {
            let record = AssessmentRecord(
                part: .complaintTimeliness, unit: row.unit, month: try calendar.month(of: command.at), level: row.customer.level, reference: row.id, met: inTime,
                at: command.at)
            try emit(.assessmentRecord, record, unit: row.unit, at: command.at, in: &context)
        }
    }

    /// `complaint:<id>:escalation:<percent>` came due: the ladder step on the handling limit.
    func fireComplaintTimer(_ id: String, due: Date, in context: inout DecisionContext) throws {
        let parts = id.split(separator: ":")
        guard parts.count == 4, parts[2] == "escalation", let percent = Int(parts[3]) else { return }
        guard var row = try ComplaintRow.load(String(parts[1]), context.db), row.handledAt == nil else { return }
        guard let index = sla.faultLadder.steps.firstIndex(where: { $0.percent == percent }), index + 1 > row.escalationLevel else {
            // A step the ladder no longer has (its configuration changed) or one already reached.
            try setNextComplaintStep(row, in: context)
            return
        }
        let step = sla.faultLadder.steps[index]
        let limit = complaints.limitMinutes(.handling, for: row.customer.level)
        let target = try escalationUnit(step.target, handlingUnit: row.unit, of: "complaint \(row.id)")
        let elapsed = Int(due.timeIntervalSince(row.receivedAt))
        let notice = EscalationNotice(
            entity: EntityReference(kind: .complaint, id: row.id), level: index + 1, percent: percent, target: step.target, targetUnit: target,
            handlingUnit: row.unit, customerLevel: row.customer.level, limit: Self.limitText(limit), startedAt: row.receivedAt,
            deadline: row.receivedAt.addingTimeInterval(TimeInterval(limit * 60)), elapsedMinutes: elapsed / 60,
            remainingMinutes: (limit * 60 - elapsed) / 60, at: due)
        try emit(.escalationNotification, notice, unit: row.unit, at: due, in: &context)
        row.escalationLevel = index + 1
        row.note("escalated to \(target) at \(percent) % of the handling limit", at: due)
        try row.save(context.db)
        try setNextComplaintStep(row, in: context)
        try publishComplaint(row, reason: row.history.last?.reason ?? "escalated", in: &context)
    }

    /// Sets the complaint's ladder step after the one it reached (none past the last), due at
    /// its percent of the handling limit from receipt. Only that step is set: each step, firing,
    /// sets the next, as a ticket's do. (A state written before session 23 holds every step's
    /// timer, at the same instants, since a complaint's clock never moves.)
    private func setNextComplaintStep(_ row: ComplaintRow, in context: DecisionContext) throws {
        let steps = sla.faultLadder.steps
        guard row.escalationLevel >= 0, row.escalationLevel < steps.count else { return }
        let step = steps[row.escalationLevel]
        let seconds = (complaints.limitMinutes(.handling, for: row.customer.level) * 60 * step.percent + 99) / 100
        try context.setTimer(id: "complaint:\(row.id):escalation:\(step.percent)", due: row.receivedAt.addingTimeInterval(TimeInterval(seconds)))
    }

    private func cancelComplaintEscalation(_ id: String, in context: DecisionContext) throws {
        for step in sla.faultLadder.steps { try context.cancelTimer(id: "complaint:\(id):escalation:\(step.percent)") }
    }

    /// Emits the complaint with its clocks as they stand.
    @discardableResult
    func publishComplaint(_ row: ComplaintRow, reason: String, in context: inout DecisionContext) throws -> ComplaintStatus {
        let status = Self.complaintStatus(row, policy: complaints, reason: reason, at: context.now)
        try emit(.complaintStateChange, status, unit: row.unit, at: context.now, in: &context)
        return status
    }

    /// The complaint's event: its three clocks, met or not once stopped.
    static func complaintStatus(_ row: ComplaintRow, policy complaints: ComplaintPolicy, reason: String, at: Date) -> ComplaintStatus {
        let stops: [(ComplaintPolicy.Clock, Date?)] = [(.response, row.acknowledgedAt), (.handling, row.handledAt), (.reply, row.repliedAt)]
        let clocks = stops.map { clock, stopped in
            let limit = complaints.limitMinutes(clock, for: row.customer.level)
            let deadline = row.receivedAt.addingTimeInterval(TimeInterval(limit * 60))
            return ComplaintStatus.ClockState(clock: clock, limitMinutes: limit, deadline: deadline, stoppedAt: stopped, met: stopped.map { $0 <= deadline })
        }
        let inTime: Bool? = row.state == .closed ? clocks.allSatisfy { $0.met == true } : nil
        return ComplaintStatus(
            complaintId: row.id, state: row.state, unit: row.unit, customer: row.customer, circuitId: row.circuitId, ticketId: row.ticketId,
            subject: row.subject, receivedAt: row.receivedAt, clocks: clocks, escalationLevel: row.escalationLevel, inTime: inTime, reason: reason, at: at)
    }
}
