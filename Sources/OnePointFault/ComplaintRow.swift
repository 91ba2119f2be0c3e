import Foundation
import GRDB
import OnePointContracts
import OnePointDomain

/// One row of `fault_complaints`: a complaint, when each of its clocks stopped, its escalation
/// step and its history. A GRDB record read and written with cached statements; its history
/// (JSON) goes through coders shared by every row.
struct ComplaintRow: FetchableRecord, TableRecord {
    static let databaseTableName = "fault_complaints"
    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }()

    /// One line of the history.
    struct Entry: Codable, Equatable {
        var at: Date
        var reason: String
    }

    var id: String
    var customer: CustomerReference
    var unit: UnitID
    var circuitId: String?
    var ticketId: String?
    var subject: String
    var state: ComplaintStatus.State
    var receivedAt: Date
    var acknowledgedAt: Date?
    var handledAt: Date?
    var repliedAt: Date?
    var escalationLevel = 0
    var history: [Entry]

    mutating func note(_ reason: String, at time: Date) { history.append(Entry(at: time, reason: reason)) }

    init(
        id: String, customer: CustomerReference, unit: UnitID, circuitId: String?, ticketId: String?, subject: String, state: ComplaintStatus.State,
        receivedAt: Date, acknowledgedAt: Date? = nil, handledAt: Date? = nil, repliedAt: Date? = nil, escalationLevel: Int = 0, history: [Entry]
    ) {
        self.id = id
        self.customer = customer
        self.unit = unit
        self.circuitId = circuitId
        self.ticketId = ticketId
        self.subject = subject
        self.state = state
        self.receivedAt = receivedAt
        self.acknowledgedAt = acknowledgedAt
        self.handledAt = handledAt
        self.repliedAt = repliedAt
        self.escalationLevel = escalationLevel
        self.history = history
    }

    init(row: Row) throws {
        let id: String = row["id"]
        guard let state = ComplaintStatus.State(rawValue: row["state"]) else {
            throw FaultStateError(.corruptState, "complaint \(id) has an unknown state '\(row["state"] as String)'")
        }
        func date(_ column: String) -> Date? { (row[column] as Double?).map(Date.init(timeIntervalSince1970:)) }
        self.init(
            id: id, customer: CustomerReference(id: row["customer_id"], name: row["customer_name"], level: CustomerLevel(rawValue: row["level"]) ?? .bronze),
            unit: UnitID(row["unit"] as String), circuitId: row["circuit_id"], ticketId: row["ticket_id"], subject: row["subject"], state: state,
            receivedAt: Date(timeIntervalSince1970: row["received_at"]), acknowledgedAt: date("acknowledged_at"), handledAt: date("handled_at"),
            repliedAt: date("replied_at"), escalationLevel: row["escalation_level"],
            history: try Self.decoder.decode([Entry].self, from: Data((row["history"] as String).utf8)))
    }

    static func load(_ id: String, _ db: Database) throws -> ComplaintRow? {
        try ComplaintRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM fault_complaints WHERE id = ?"), arguments: [id])
    }

    func save(_ db: Database) throws {
        let history = String(decoding: try Self.encoder.encode(self.history), as: UTF8.self)
        try db.cachedStatement(sql: """
            INSERT INTO fault_complaints (id, customer_id, customer_name, level, unit, circuit_id, ticket_id, subject, state, received_at,
                acknowledged_at, handled_at, replied_at, escalation_level, history)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, acknowledged_at = excluded.acknowledged_at, handled_at = excluded.handled_at,
                replied_at = excluded.replied_at, escalation_level = excluded.escalation_level, history = excluded.history
            """).execute(arguments: [
            id, customer.id, customer.name, customer.level.rawValue, unit.rawValue, circuitId, ticketId, subject, state.rawValue,
            receivedAt.timeIntervalSince1970, acknowledgedAt?.timeIntervalSince1970, handledAt?.timeIntervalSince1970,
            repliedAt?.timeIntervalSince1970, escalationLevel, history,
        ])
    }
}
