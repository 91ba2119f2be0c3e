import Foundation
import GRDB
import OnePointContracts
import OnePointDomain

/// One row of `fault_tickets`: a ticket's own fields; its alarms, reports, circuits and child
/// records live in their own tables. A GRDB record: read with ``load(_:_:)`` (a cached
/// statement), written with ``save(_:)`` (a cached statement); its JSON columns go through one
/// encoder and one decoder shared by every row.
struct TicketRow: FetchableRecord, TableRecord {
    static let databaseTableName = "fault_tickets"
    /// The JSON columns' coders (history, notes, pauses): made once, not per row.
    private static let decoder = JSONDecoder()
    private static let encoder: JSONEncoder = {
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

    init(row: Row) throws {
        id = row["id"]
        guard let status = TroubleTicketStatus(rawValue: row["status"]) else {
            throw FaultStateError(.corruptState, "ticket \(row["id"] as String? ?? "?") has an unknown status")
        }
        self.status = status
        unit = UnitID(row["unit"] as String)
        description = row["description"]
        rootBreadth = row["root_breadth"]
        startedAt = Date(timeIntervalSince1970: row["started_at"])
        openedAt = Date(timeIntervalSince1970: row["opened_at"])
        restoredAt = (row["restored_at"] as Double?).map { Date(timeIntervalSince1970: $0) }
        closedAt = (row["closed_at"] as Double?).map { Date(timeIntervalSince1970: $0) }
        escalationLevel = row["escalation_level"]
        planned = (row["planned"] as Int) != 0
        reopenCount = row["reopen_count"]
        activeAlarms = row["active_alarms"]
        alarmCount = row["alarm_count"]
        do {
            history = try Self.list(row["history"])
            notes = try Self.list(row["notes"])
            pauses = try Self.list(row["pauses"])
        } catch {
            throw FaultStateError(.corruptState, "ticket \(id): \(error)")
        }
    }

    /// A JSON column's list; an empty one (most tickets' notes and pauses) without a decoder.
    static func list<Element: Decodable>(_ text: String) throws -> [Element] {
        text == "[]" ? [] : try decoder.decode([Element].self, from: Data(text.utf8))
    }

    /// A list as its JSON column holds it; an empty one without an encoder.
    private static func text<Element: Encodable>(_ list: [Element]) throws -> String {
        list.isEmpty ? "[]" : String(decoding: try encoder.encode(list), as: UTF8.self)
    }

    static func load(_ id: String, _ db: Database) throws -> TicketRow? {
        let statement = try db.cachedStatement(sql: "SELECT * FROM fault_tickets WHERE id = ?")
        return try TicketRow.fetchOne(statement, arguments: [id])
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
        let statement = try db.cachedStatement(sql: "SELECT status, unit, active_alarms, alarm_count, pauses FROM fault_tickets WHERE id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [id]) else { return nil }
        guard let status = TroubleTicketStatus(rawValue: row[0]) else {
            throw FaultStateError(.corruptState, "ticket \(id) has an unknown status")
        }
        do {
            return Clock(status: status, unit: UnitID(row[1] as String), activeAlarms: row[2], alarmCount: row[3], pauses: try list(row[4]))
        } catch {
            throw FaultStateError(.corruptState, "ticket \(id): \(error)")
        }
    }

    func save(_ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO fault_tickets (id, status, unit, description, started_at, opened_at, restored_at, closed_at,
                escalation_level, planned, reopen_count, active_alarms, alarm_count, root_breadth, history, notes, pauses)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            id, status.rawValue, unit.rawValue, description, startedAt.timeIntervalSince1970, openedAt.timeIntervalSince1970,
            restoredAt?.timeIntervalSince1970, closedAt?.timeIntervalSince1970, escalationLevel, planned ? 1 : 0, reopenCount,
            activeAlarms, alarmCount, rootBreadth, try Self.text(history), try Self.text(notes), try Self.text(pauses),
        ])
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
