import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointState

/// Reads the fault worker's state file read-only, for `onepoint ticket show` and operators'
/// tools: tickets as their events carry them, with each customer's clock.
public struct FaultStateReader: Sendable {
    /// One customer's restoration clock on a ticket.
    public struct Clock: Sendable, Equatable {
        /// The customer.
        public var customerId: String
        /// When its clock started.
        public var startedAt: Date
        /// Progress feedbacks sent so far.
        public var feedbackSent: Int
        /// Time on the clock at the instant asked, minutes (restored intervals excluded).
        public var elapsedMinutes: Int
        /// Time left before the deadline, minutes; negative once overdue.
        public var remainingMinutes: Int
    }

    /// A ticket with its clocks.
    public struct TicketView: Sendable {
        /// The ticket, with every related alarm.
        public var ticket: TroubleTicket
        /// Each customer's clock, by customer id.
        public var clocks: [Clock]
        /// Every related alarm, active or not.
        public var alarmCount: Int
        /// Alarms not yet cleared.
        public var activeAlarms: Int
    }

    private let stores: ReadOnlyStores

    /// Opens `path` (`<state.directory>/fault/state.sqlite`) read-only.
    ///
    /// - Throws: ``FaultStateError`` with code ``FaultStateError/Code/unreadableState`` when it
    ///   does not exist or cannot be opened.
    public init(path: String) throws(FaultStateError) {
        try self.init(paths: [path])
    }

    /// Opens the worker's stores read-only: its single store, or every task's
    /// (`WorkerStores.current(of:under:)` finds them). A ticket is read from the task that holds
    /// it; counts add up the tasks.
    ///
    /// - Throws: ``FaultStateError`` with code ``FaultStateError/Code/unreadableState`` when there
    ///   is none, or one does not exist or cannot be opened.
    public init(paths: [String]) throws(FaultStateError) {
        do {
            stores = try ReadOnlyStores(paths: paths)
        } catch {
            throw FaultStateError(.unreadableState, "\(error.message): is the fault worker running with this state folder?")
        }
    }

    /// The ticket `id` with its clocks at `instant`, or `nil` when there is none.
    public func ticket(_ id: String, at instant: Date) throws -> TicketView? {
        try stores.first { db -> TicketView? in
            guard let ticket = try FaultLogic.ticket(id, in: db), let row = try TicketRow.load(id, db) else { return nil }
            var clocks: [Clock] = []
            for child in try Row.fetchAll(db, sql: "SELECT * FROM fault_children WHERE ticket_id = ? ORDER BY customer_id", arguments: [id]) {
                let start = Date(timeIntervalSince1970: child["started_at"])
                let end = (child["restored_at"] as Double?).map { Date(timeIntervalSince1970: $0) } ?? instant
                let elapsed = try FaultLogic.elapsedSeconds(from: start, to: end, pauses: row.pauses)
                let limit: Int = child["limit_minutes"]
                clocks.append(Clock(
                    customerId: child["customer_id"], startedAt: start, feedbackSent: child["feedback_sequence"], elapsedMinutes: elapsed / 60,
                    remainingMinutes: (limit * 60 - elapsed) / 60))
            }
            return TicketView(ticket: ticket, clocks: clocks, alarmCount: row.alarmCount, activeAlarms: row.activeAlarms)
        }
    }

    /// The ids of the latest tickets, newest first, open ones only when `openOnly`.
    public func ticketIDs(limit: Int = 20, openOnly: Bool = false) throws -> [String] {
        let latest = try stores.each { db in
            try Row.fetchAll(
                db,
                sql: "SELECT id, opened_at FROM fault_tickets \(openOnly ? "WHERE status IN \(TicketRow.openStatusList)" : "") ORDER BY opened_at DESC, id DESC LIMIT ?",
                arguments: [limit]
            ).map { (id: $0["id"] as String, openedAt: $0["opened_at"] as Double) }
        }
        return latest.joined().sorted { ($0.openedAt, $0.id) > ($1.openedAt, $1.id) }.prefix(limit).map(\.id)
    }

    /// Whether the worker holds the network element (or fibre section) `id` in its inventory.
    public func knowsElement(_ id: String) throws -> Bool {
        try stores.first { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM fault_elements WHERE id = ?", arguments: [id]) } ?? false
    }

    /// The ticket holding the alarm with reduction key `key`, if it is ticketed.
    public func ticketID(ofAlarm key: String) throws -> String? {
        try stores.first { db in try String.fetchOne(db, sql: "SELECT ticket_id FROM fault_alarms WHERE reduction_key = ?", arguments: [key]) }
    }

    /// How many circuits the worker holds in its inventory copy.
    public func inventoryCircuits() throws -> Int {
        try stores.each { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fault_circuits") ?? 0 }.max() ?? 0
    }

    /// How many tickets the worker has opened.
    public func ticketCount() throws -> Int {
        try stores.each { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fault_tickets") ?? 0 }.reduce(0, +)
    }

    /// How many alarm events the worker has applied in all (every raise, repeat and clear).
    public func alarmsApplied() throws -> Int {
        try stores.each { db in try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(received), 0) FROM fault_alarms") ?? 0 }.reduce(0, +)
    }

    /// A complaint with its clocks and history.
    public struct ComplaintView: Sendable {
        /// The complaint as its events carry it (``ComplaintStatus``), clocks judged now.
        public var status: ComplaintStatus
        /// Its history, oldest first.
        public var history: [(at: Date, reason: String)]

        public var complaintId: String { status.complaintId }
        public var state: ComplaintStatus.State { status.state }
        public var unit: UnitID { status.unit }
        public var customer: CustomerReference { status.customer }
        public var circuitId: String? { status.circuitId }
        public var ticketId: String? { status.ticketId }
        public var subject: String { status.subject }
        public var receivedAt: Date { status.receivedAt }
        public var clocks: [ComplaintStatus.ClockState] { status.clocks }
        public var escalationLevel: Int { status.escalationLevel }
        public var inTime: Bool? { status.inTime }
    }

    /// The complaints `ids` (every one, latest first, when nil), their clocks by `policy`.
    public func complaints(_ ids: [String]?, policy: ComplaintPolicy) throws -> [ComplaintView] {
        let found = try stores.each { db -> [ComplaintView] in
            guard try db.tableExists("fault_complaints") else { return [] }
            let all = try ids ?? String.fetchAll(db, sql: "SELECT id FROM fault_complaints")
            return try all.compactMap { id in
                guard let row = try ComplaintRow.load(id, db) else { return nil }
                return ComplaintView(
                    status: FaultLogic.complaintStatus(row, policy: policy, reason: row.history.last?.reason ?? "", at: row.history.last?.at ?? row.receivedAt),
                    history: row.history.map { ($0.at, $0.reason) })
            }
        }.joined()
        if let ids {
            // In the order asked, each once (a complaint lives in one task).
            let byID = Dictionary(found.map { ($0.complaintId, $0) }) { first, _ in first }
            return ids.compactMap { byID[$0] }
        }
        return found.sorted { ($0.receivedAt, $1.complaintId) > ($1.receivedAt, $0.complaintId) }
    }
}
