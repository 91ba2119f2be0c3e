import Foundation
import GRDB
import OnePointContracts
import OnePointDomain

/// One row of `cutover_plans`: the plan as last revised, its state and the last decision.
struct CutoverPlanRow {
    /// One step of the plan's life.
    struct HistoryEntry: Codable, Equatable, Sendable {
        var at: Date
        var state: CutoverState
        var revision: Int
        var reason: String
    }

    var plan: CutoverPlan
    var state: CutoverState
    var revision: Int
    var affected: [AffectedCustomer]
    var problems: [String]
    var earliestStart: Date?
    var history: [HistoryEntry]
    var actualInterruption: Int?
    var interruptionOverrun: Int?
    var missingRecorded: Bool
    var updatedAt: Date

    var id: String { plan.cutoverId }

    static func load(_ id: String, _ db: Database) throws -> CutoverPlanRow? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM cutover_plans WHERE id = ?"), arguments: [id]) else { return nil }
        guard let state = CutoverState(rawValue: row["state"]) else {
            throw CutoverStateError(.unreadableState, "cutover \(id) has an unknown state '\(row["state"] as String)'")
        }
        let earliest: Double? = row["earliest_start"]
        return CutoverPlanRow(
            plan: try CutoverJSON.decode(CutoverPlan.self, row["plan"]), state: state, revision: row["revision"],
            affected: try CutoverJSON.decode([AffectedCustomer].self, row["affected"]), problems: try CutoverJSON.decode([String].self, row["problems"]),
            earliestStart: earliest.map(Date.init(timeIntervalSince1970:)), history: try CutoverJSON.decode([HistoryEntry].self, row["history"]),
            actualInterruption: row["actual_interruption"], interruptionOverrun: row["interruption_overrun"],
            missingRecorded: (row["missing_recorded"] as Int) != 0, updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }

    func save(_ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO cutover_plans (id, unit, state, revision, plan, affected, problems, earliest_start, history,
                actual_interruption, interruption_overrun, missing_recorded, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET unit = excluded.unit, state = excluded.state, revision = excluded.revision,
                plan = excluded.plan, affected = excluded.affected, problems = excluded.problems,
                earliest_start = excluded.earliest_start, history = excluded.history,
                actual_interruption = excluded.actual_interruption, interruption_overrun = excluded.interruption_overrun,
                missing_recorded = excluded.missing_recorded, updated_at = excluded.updated_at
            """).execute(arguments: [
            id, plan.unit.rawValue, state.rawValue, revision, try CutoverJSON.text(plan), try CutoverJSON.text(affected),
            try CutoverJSON.text(problems), earliestStart?.timeIntervalSince1970, try CutoverJSON.text(history), actualInterruption,
            interruptionOverrun, missingRecorded ? 1 : 0, updatedAt.timeIntervalSince1970,
        ])
    }

    /// Moves to `next` (checked by ``CutoverState``), noting why.
    mutating func move(to next: CutoverState, at time: Date, reason: String) throws {
        state = try state.transition(to: next)
        history.append(HistoryEntry(at: time, state: next, revision: revision, reason: reason))
        updatedAt = time
    }
}
