import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointState

/// Reads the cutover worker's state file read-only, for `onepoint cutover show|letter` and
/// operators' tools.
public struct CutoverStateReader: Sendable {
    /// A plan as the worker holds it.
    public struct PlanView: Sendable {
        /// The plan, window and elements as last revised.
        public var plan: CutoverPlan
        /// Its state.
        public var state: CutoverState
        /// 1 as submitted, +1 per revision.
        public var revision: Int
        /// The customers the last decision found, with their circuits.
        public var affected: [AffectedCustomer]
        /// Why the last decision refused it (empty when approved).
        public var problems: [String]
        /// For a late plan: the earliest window start in time.
        public var earliestWindowStart: Date?
        /// Every notice sent for it, superseded ones included, oldest first.
        public var notices: [NoticeView]
        /// What it waits for next (nil once closed).
        public var awaiting: String?
        /// The real interruption, once reported.
        public var actualInterruptionMinutes: Int?
        /// Minutes beyond the announced interruption.
        public var interruptionOverrunMinutes: Int?
        /// Its history: when, which state, which revision, why.
        public var history: [(at: Date, state: CutoverState, revision: Int, reason: String)]
    }

    /// One notice letter with the customer's answer.
    public struct NoticeView: Sendable {
        /// The letter.
        public var notice: CutoverNotice
        /// `agree`, `disagree`, `silent` (none by the due time), or nil while awaited.
        public var answer: String?
        /// When the answer came.
        public var answeredAt: Date?
        /// The notice that replaced it after a revision (or `withdrawn`).
        public var supersededBy: String?
    }

    private let stores: ReadOnlyStores

    /// Opens the worker's stores read-only: its single store, or every task's
    /// (`WorkerStores.current(of:under:)` finds them). A plan is read from the task that holds it.
    ///
    /// - Throws: ``CutoverStateError`` with code ``CutoverStateError/Code/unreadableState`` when
    ///   there is none, or one does not exist or cannot be opened.
    public init(paths: [String]) throws(CutoverStateError) {
        do {
            stores = try ReadOnlyStores(paths: paths)
        } catch {
            throw CutoverStateError(.unreadableState, "\(error.message): is the cutover worker running with this state folder?")
        }
    }

    /// Every cutover id, latest change first.
    public func cutoverIDs() throws -> [String] {
        try stores.each { db -> [(id: String, updatedAt: Double)] in
            guard try db.tableExists("cutover_plans") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT id, updated_at FROM cutover_plans").map { ($0["id"], $0["updated_at"]) }
        }.joined().sorted { ($0.updatedAt, $1.id) > ($1.updatedAt, $0.id) }.map(\.id)
    }

    /// The plan `id`, or nil when there is none.
    public func plan(_ id: String) throws -> PlanView? {
        try stores.first { db -> PlanView? in
            guard try db.tableExists("cutover_plans"), let row = try CutoverPlanRow.load(id, db) else { return nil }
            let notices = try Row.fetchAll(
                db, sql: "SELECT * FROM cutover_notices WHERE cutover_id = ? ORDER BY revision, customer_id", arguments: [id]
            ).map(Self.noticeView)
            return PlanView(
                plan: row.plan, state: row.state, revision: row.revision, affected: row.affected, problems: row.problems,
                earliestWindowStart: row.earliestStart, notices: notices, awaiting: CutoverLogic.awaiting(row),
                actualInterruptionMinutes: row.actualInterruption, interruptionOverrunMinutes: row.interruptionOverrun,
                history: row.history.map { ($0.at, $0.state, $0.revision, $0.reason) })
        }
    }

    /// The notice `id` (e.g. `CO-2026-1125-GZ-01/C-GZ-0001`), or nil when there is none.
    public func notice(_ id: String) throws -> NoticeView? {
        try stores.first { db -> NoticeView? in
            guard try db.tableExists("cutover_notices") else { return nil }
            return try Row.fetchOne(db, sql: "SELECT * FROM cutover_notices WHERE notice_id = ?", arguments: [id]).map(Self.noticeView)
        }
    }

    private static func noticeView(_ row: Row) throws -> NoticeView {
        let answeredAt: Double? = row["answered_at"]
        return NoticeView(
            notice: try CutoverJSON.decode(CutoverNotice.self, row["notice"]), answer: row["answer"],
            answeredAt: answeredAt.map(Date.init(timeIntervalSince1970:)), supersededBy: row["superseded_by"])
    }
}
