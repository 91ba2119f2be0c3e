import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointState

/// One row of `fault_tickets`: a ticket's own fields; its alarms, reports, circuits and child
/// records live in their own tables. Read with ``load(_:_:)`` and written with ``save(_:)``, each
/// a cached statement bound and read straight from SQLite (`BoundStatement`: a ticket is read and
/// written several times per alarm that opens or joins it); its JSON columns are read by one
/// decoder shared by every row and written by ``ColumnWriter``.
struct TicketRow: TableRecord {
    static let databaseTableName = "fault_tickets"
    /// The JSON columns' coders (history, notes, pauses): made once, not per row.
    private static let decoder = JSONDecoder()
    /// The columns are written by ``ColumnWriter`` (TicketRow+JSONColumns.swift), which falls
    /// back to this encoder for what it refuses.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    var id: String
    var status: TroubleTicketStatus
    var unit: UnitID
    /// The root cause, e.g. `lossOfSignal on fibre GD-FIBRE-GZSZ-01` (events add the counts).
    var description: String
    /// How wide the cause in ``description`` is: an alarm's circuits + 1, 0 for a customer
    /// report. A wider cause joining the ticket takes over the description.
    var rootBreadth: Int
    var startedAt: Date
    var openedAt: Date
    var restoredAt: Date?
    var closedAt: Date?
    var escalationLevel: Int
    var planned: Bool
    var reopenCount: Int
    var activeAlarms: Int
    var alarmCount: Int
    var history: [TroubleTicket.StatusChange]
    var notes: [TroubleTicket.Note]
    /// Restored intervals before a reopen: the restoration clock does not run in them.
    var pauses: [Pause]

    /// Whether the fault is not restored yet (the clock runs).
    var isOpen: Bool { TicketRow.openStatuses.contains(status) }

    static let openStatuses: Set<TroubleTicketStatus> = [.acknowledged, .inProgress, .pending, .held]
    static let openStatusList = "('acknowledged', 'inProgress', 'pending', 'held')"

    /// `t.status` is open (`t`: the tickets' alias), as a chain of `=`: unlike `IN`
    /// ``openStatusList``, it needs no temporary table of the list in a statement run for every
    /// new fault.
    static let openStatusCondition = "(" + openStatuses.map(\.rawValue).sorted().map { "t.status = '\($0)'" }.joined(separator: " OR ") + ")"

    init(
        id: String, unit: UnitID, description: String, rootBreadth: Int, startedAt: Date, openedAt: Date, planned: Bool, reason: String
    ) {
        self.id = id
        status = .acknowledged
        self.unit = unit
        self.description = description
        self.rootBreadth = rootBreadth
        self.startedAt = startedAt
        self.openedAt = openedAt
        restoredAt = nil
        closedAt = nil
        escalationLevel = 0
        self.planned = planned
        reopenCount = 0
        activeAlarms = 0
        alarmCount = 0
        history = [TroubleTicket.StatusChange(status: .acknowledged, at: openedAt, reason: reason)]
        notes = []
        pauses = []
    }

    /// The columns ``init(_:)`` reads, in order.
    static let columns = """
        id, status, unit, description, root_breadth, started_at, opened_at, restored_at, closed_at, escalation_level, planned,
        reopen_count, active_alarms, alarm_count, history, notes, pauses
        """

    /// The current row of a statement selecting ``columns``, read by position straight from SQLite.
    init(_ statement: borrowing BoundStatement) throws {
        let id = statement.text(0) ?? "?"
        guard let status = statement.text(1).flatMap(TroubleTicketStatus.init(rawValue:)) else {
            throw FaultStateError(.corruptState, "ticket \(id) has an unknown status")
        }
        guard let unit = statement.text(2), let description = statement.text(3), let rootBreadth = statement.integer(4),
            let startedAt = statement.real(5), let openedAt = statement.real(6), let escalationLevel = statement.integer(9),
            let planned = statement.integer(10), let reopenCount = statement.integer(11), let activeAlarms = statement.integer(12),
            let alarmCount = statement.integer(13), let history = statement.text(14), let notes = statement.text(15), let pauses = statement.text(16)
        else { throw FaultStateError(.corruptState, "ticket \(id) holds a missing value") }
        self.id = id
        self.status = status
        self.unit = UnitID(unit)
        self.description = description
        self.rootBreadth = Int(rootBreadth)
        self.startedAt = Date(timeIntervalSince1970: startedAt)
        self.openedAt = Date(timeIntervalSince1970: openedAt)
        restoredAt = statement.real(7).map { Date(timeIntervalSince1970: $0) }
        closedAt = statement.real(8).map { Date(timeIntervalSince1970: $0) }
        self.escalationLevel = Int(escalationLevel)
        self.planned = planned != 0
        self.reopenCount = Int(reopenCount)
        self.activeAlarms = Int(activeAlarms)
        self.alarmCount = Int(alarmCount)
        do {
            self.history = try Self.list(history)
            self.notes = try Self.list(notes)
            self.pauses = try Self.list(pauses)
        } catch {
            throw FaultStateError(.corruptState, "ticket \(id): \(error)")
        }
    }

    /// A JSON column's list; an empty one (most tickets' notes and pauses) without a decoder.
    static func list<Element: Decodable>(_ text: String) throws -> [Element] {
        text == "[]" ? [] : try decoder.decode([Element].self, from: Data(text.utf8))
    }

    private static let loadSQL = "SELECT \(columns) FROM fault_tickets WHERE id = ?"

    static func load(_ id: String, _ db: Database) throws -> TicketRow? {
        let statement = try BoundStatement(db, sql: loadSQL)
        statement.bind(1, id)
        return try statement.step() ? TicketRow(statement) : nil
    }

    /// What a timer of the ticket reads of it (not its history or notes): its status, unit,
    /// alarm counts and pauses.
    struct Clock {
        var status: TroubleTicketStatus
        var unit: UnitID
        var activeAlarms: Int
        var alarmCount: Int
        var pauses: [Pause]

        var isOpen: Bool { TicketRow.openStatuses.contains(status) }
    }

    /// The ticket `id`'s ``Clock`` (one narrow read), `nil` when there is no such ticket.
    static func loadClock(_ id: String, _ db: Database) throws -> Clock? {
        let statement = try BoundStatement(db, sql: "SELECT status, unit, active_alarms, alarm_count, pauses FROM fault_tickets WHERE id = ?")
        statement.bind(1, id)
        guard try statement.step() else { return nil }
        guard let status = statement.text(0).flatMap(TroubleTicketStatus.init(rawValue:)) else {
            throw FaultStateError(.corruptState, "ticket \(id) has an unknown status")
        }
        guard let unit = statement.text(1), let active = statement.integer(2), let count = statement.integer(3), let pauses = statement.text(4) else {
            throw FaultStateError(.corruptState, "ticket \(id) holds a missing value")
        }
        do {
            return Clock(status: status, unit: UnitID(unit), activeAlarms: Int(active), alarmCount: Int(count), pauses: try list(pauses))
        } catch {
            throw FaultStateError(.corruptState, "ticket \(id): \(error)")
        }
    }

    func save(_ db: Database) throws {
        let statement = try BoundStatement(db, sql: """
            INSERT OR REPLACE INTO fault_tickets (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        statement.bindAll(
            id, status.rawValue, unit.rawValue, description, rootBreadth, startedAt.timeIntervalSince1970, openedAt.timeIntervalSince1970,
            restoredAt?.timeIntervalSince1970, closedAt?.timeIntervalSince1970, escalationLevel, planned ? 1 : 0, reopenCount, activeAlarms,
            alarmCount, try Self.text(history), try Self.text(notes), try Self.text(pauses))
        try statement.run()
    }

    /// Takes `description` and `unit` from a cause wider than the one the ticket is named by.
    mutating func adopt(_ description: String, unit: UnitID, breadth: Int) {
        guard breadth > rootBreadth else { return }
        self.description = description
        self.unit = unit
        rootBreadth = breadth
    }

    /// Moves to `next`, recording why.
    mutating func move(to next: TroubleTicketStatus, at instant: Date, reason: String) throws {
        do {
            status = try status.transition(to: next)
        } catch {
            throw FaultStateError(.corruptState, "ticket \(id): \(error.message)")
        }
        history.append(TroubleTicket.StatusChange(status: next, at: instant, reason: reason))
    }
}
