import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
@testable import OnePointFault
import OnePointRuntime
import OnePointState
import OnePointTestSupport
import Testing

/// The orders the fault worker picks in Swift rather than with `ORDER BY` (docs/fault.md,
/// "Correlation" and "Clocks"): the child record that drives a ticket's escalation, and the order of a ticket
/// event's related alarms (element alarms first, capped at `fault.maxListedAlarms`) and fault
/// reports. Rows are written straight into the worker's tables, where their key order is not
/// the order wanted.
@Suite("Fault worker: the governing child, and the order of a ticket's alarms and reports")
struct TicketOrderingTests {
    let logic: FaultLogic
    let store: StateStore
    let ticketId = "TT-GD-GZ-20261202-000001"
    let t0 = 1_796_000_000.25

    init() throws {
        (logic, store) = try shippedLogicAndStore()
        let (id, t0) = (ticketId, t0)
        try store.queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO fault_tickets (id, status, unit, description, started_at, opened_at, history, notes, pauses)
                    VALUES (?, 'inProgress', 'GD-GZ', 'test', ?, ?, '[]', '[]', '[]')
                    """,
                arguments: [id, t0, t0])
        }
    }

    /// Child records of the ticket: customer, limit in minutes, deadline in seconds after `t0`.
    func children(_ rows: [(customer: String, limit: Int, deadline: Double)]) throws {
        let (id, t0) = (ticketId, t0)
        try store.queue.write { db in
            for row in rows {
                try db.execute(
                    sql: """
                        INSERT INTO fault_children (ticket_id, customer_id, name, level, handled_level, limit_minutes, started_at, deadline)
                        VALUES (?, ?, ?, 'gold', 'gold', ?, ?, ?)
                        """,
                    arguments: [id, row.customer, "Customer \(row.customer)", row.limit, t0, t0 + row.deadline])
            }
        }
    }

    func governing() throws -> String? {
        let (logic, id) = (logic, ticketId)
        return try store.queue.read { db in try logic.governingChild(id, db)?.customer }
    }

    @Test("the governing child: the first deadline, then the shorter limit, then the smaller customer id")
    func governingChild() throws {
        #expect(try governing() == nil, "a ticket without children has none")
        try children([("C-A", 240, 200), ("C-B", 480, 100.5), ("C-E", 240, 300)])
        #expect(try governing() == "C-B", "the first deadline, though its limit is the longest and its key not the first")
        try children([("C-D", 240, 100.5), ("C-C", 240, 100.5)])
        #expect(try governing() == "C-C", "at the same deadline the shorter limit, and between equal limits the smaller id")
    }

    @Test("related alarms: element alarms first, each kind by raise then reduction key, capped; fault reports by time then id")
    func alarmsAndReports() throws {
        let (id, t0) = (ticketId, t0)
        try children([("C-A", 240, 200)])
        // Key order (circuit:C0 … networkElement:NE3) is not the order wanted.
        let alarms: [(key: String, type: String, raised: Double)] = [
            ("circuit:C0", "circuit", 100), ("circuit:C1", "circuit", 100), ("circuit:C2", "circuit", 50),
            ("networkElement:NE1", "networkElement", 300), ("networkElement:NE2", "networkElement", 300),
            ("networkElement:NE3", "networkElement", 200),
        ]
        try store.queue.write { db in
            for alarm in alarms {
                try db.execute(
                    sql: "INSERT INTO fault_ticket_alarms (ticket_id, reduction_key, alarm_id, object_type, raised_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [id, alarm.key, "A-\(alarm.key)", alarm.type, t0 + alarm.raised])
            }
            for (report, at) in [("FR-1", 200.0), ("FR-2", 100), ("FR-3", 100)] {
                try db.execute(
                    sql: "INSERT INTO fault_ticket_reports (ticket_id, report_id, reported_at) VALUES (?, ?, ?)", arguments: [id, report, t0 + at])
            }
        }
        func listed(_ cap: Int) throws -> [String] {
            try store.queue.read { db in try #require(try FaultLogic.ticket(id, in: db, maxListedAlarms: cap)).relatedAlarms.map(\.reductionKey) }
        }
        let wanted = ["networkElement:NE3", "networkElement:NE1", "networkElement:NE2", "circuit:C2", "circuit:C0", "circuit:C1"]
        #expect(try listed(.max) == wanted)
        #expect(try listed(4) == Array(wanted.prefix(4)))
        #expect(try listed(0) == [])
        #expect(try listed(-1) == wanted, "a negative cap lists every alarm")
        let ticket = try store.queue.read { db in try #require(try FaultLogic.ticket(id, in: db)) }
        #expect(ticket.faultReportIds == ["FR-2", "FR-3", "FR-1"])
        #expect(ticket.relatedAlarms.first?.alarmId == "A-networkElement:NE3")
        #expect(ticket.relatedAlarms.first?.raisedAt == Date(timeIntervalSince1970: t0 + 200))
    }
}
