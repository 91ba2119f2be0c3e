import Foundation
import GRDB
import OnePointContracts
import OnePointDomain

/// One row of `fault_complaints`: a complaint, when each of its clocks stopped, its escalation
/// step and its history.
struct ComplaintRow {
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

    static func load(_ id: String, _ db: Database) throws -> ComplaintRow? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM fault_complaints WHERE id = ?"), arguments: [id]) else { return nil }
        guard let state = ComplaintStatus.State(rawValue: row["state"]) else {
            throw FaultStateError(.corruptState, "complaint \(id) has an unknown state '\(row["state"] as String)'")
        }
        func date(_ column: String) -> Date? { (row[column] as Double?).map(Date.init(timeIntervalSince1970:)) }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return ComplaintRow(
            id: id, customer: CustomerReference(id: row["customer_id"], name: row["customer_name"], level: CustomerLevel(rawValue: row["level"]) ?? .bronze),
            unit: UnitID(row["unit"] as String), circuitId: row["circuit_id"], ticketId: row["ticket_id"], subject: row["subject"], state: state,
            receivedAt: Date(timeIntervalSince1970: row["received_at"]), acknowledgedAt: date("acknowledged_at"), handledAt: date("handled_at"),
            repliedAt: date("replied_at"), escalationLevel: row["escalation_level"],
            history: try decoder.decode([Entry].self, from: Data((row["history"] as String).utf8)))
    }

    func save(_ db: Database) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let history = String(decoding: try encoder.encode(self.history), as: UTF8.self)
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
