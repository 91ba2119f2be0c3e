import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointRuntime

/// Key-assurance periods (重保): covered customers' faults are handled at Key level; a summary
/// of the period's faults is emitted when it ends.
extension FaultLogic {
    /// A declared period: the declaring unit (the envelope's `source.unit`, the only unit the
    /// event carries) must be every covered unit or above it.
    func applyAssurance(_ period: AssurancePeriod, declaredBy unit: UnitID, in context: inout DecisionContext) throws {
        try commandGuard.authorize(unit, onAllOf: period.units, "assurance period \(period.periodId)")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let units = String(decoding: try encoder.encode(period.units.map(\.rawValue)), as: UTF8.self)
        let customers = String(decoding: try encoder.encode(period.customerIds), as: UTF8.self)
        try context.db.cachedStatement(sql: """
                INSERT INTO fault_assurance (period_id, name, units, customers, from_at, to_at, ended) VALUES (?, ?, ?, ?, ?, ?, 0)
                ON CONFLICT (period_id) DO UPDATE SET name = excluded.name, units = excluded.units, customers = excluded.customers,
                    from_at = excluded.from_at, to_at = excluded.to_at
                """).execute(arguments: [period.periodId, period.name, units, customers, period.from.timeIntervalSince1970, period.to.timeIntervalSince1970])
        try context.setTimer(id: "assurance:\(period.periodId):end", due: period.to)
    }

    /// The period ended: the summary of its faults (tickets of covered customers, how many were
    /// restored within the Key limit, the longest restoration); with tasks, of this task's
    /// tickets (docs/fault.md "Scaling out").
    func assuranceEnded(_ id: String, in context: inout DecisionContext) throws {
        let db = context.db
        guard let period = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM fault_assurance WHERE period_id = ?"), arguments: [id]),
            (period["ended"] as Int) == 0
        else { return }
        try db.cachedStatement(sql: "UPDATE fault_assurance SET ended = 1 WHERE period_id = ?").execute(arguments: [id])
        let tickets = try String.fetchAll(db.cachedStatement(sql: "SELECT ticket_id FROM fault_assurance_tickets WHERE period_id = ? ORDER BY ticket_id"), arguments: [id])
        // With tasks every task reads the period (a global topic) and summarises its own tickets:
        // task 0 always (the one summary of a single-task worker), another task only when it
        // has tickets of the period. A consumer adds up the summaries of one period.
        guard context.task == 0 || !tickets.isEmpty else { return }
        let keyLimit = sla.restorationMinutes[.key] * 60
        var inTime = 0
        var longest = 0
        for ticketId in tickets {
            guard let ticket = try TicketRow.load(ticketId, db), let restoredAt = ticket.restoredAt else { continue }
            let elapsed = try Self.elapsedSeconds(from: ticket.startedAt, to: restoredAt, pauses: ticket.pauses)
            if elapsed <= keyLimit { inTime += 1 }
            longest = max(longest, (elapsed + 59) / 60)
        }
        let units = (try? JSONDecoder().decode([String].self, from: Data((period["units"] as String).utf8))) ?? []
        let unit = units.first.map { UnitID($0) }.flatMap { topology.contains($0) ? $0 : nil } ?? topology.hq.id
        let to = Date(timeIntervalSince1970: period["to_at"])
        let summary = AssurancePeriodSummary(
            periodId: id, name: period["name"], from: Date(timeIntervalSince1970: period["from_at"]), to: to, ticketIds: tickets,
            restoredInTime: inTime, longestRestorationMinutes: longest)
        try emit(.assurancePeriodSummary, summary, unit: unit, at: to, in: &context)
    }
}
