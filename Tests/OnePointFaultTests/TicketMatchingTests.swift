import Foundation
import GRDB
import OnePointDomain
@testable import OnePointFault
@testable import OnePointRuntime
import OnePointState
import OnePointTestSupport
import Testing

/// Which ticket a fault joins when several could take it (docs/fault.md, "Correlation"): the
/// oldest open ticket listing one of its circuits, else the oldest open ticket grouped on one of
/// its elements within the correlation window, else the ticket restored within the reopen window
/// that lists one of its circuits, the latest. `findTicket` reads every match and keeps the one
/// wanted itself (no `ORDER BY … LIMIT 1`), so the choice is checked on tickets written straight
/// into the worker's tables, in an order that is not the one wanted.
@Suite("Fault worker: the ticket a fault joins when several could")
struct TicketMatchingTests {
    let logic: FaultLogic
    let store: StateStore
    let now = Date(timeIntervalSince1970: 1_796_000_000)

    init() throws {
        (logic, store) = try shippedLogicAndStore()
    }

    /// A ticket row with `status`, opened `openedAgo` seconds before now (restored `restoredAgo`
    /// before now when given), listing `circuits` and grouped on `elements`.
    func ticket(
        _ id: String, _ status: TroubleTicketStatus, openedAgo: TimeInterval, restoredAgo: TimeInterval? = nil, circuits: [String] = [],
        elements: [String] = []
    ) throws {
        let now = self.now
        try store.queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO fault_tickets (id, status, unit, description, started_at, opened_at, restored_at, history, notes, pauses)
                    VALUES (?, ?, 'GD-GZ', 'test', ?, ?, ?, '[]', '[]', '[]')
                    """,
                arguments: [
                    id, status.rawValue, now.timeIntervalSince1970 - openedAgo, now.timeIntervalSince1970 - openedAgo,
                    restoredAgo.map { now.timeIntervalSince1970 - $0 },
                ])
            for circuit in circuits {
                try db.execute(
                    sql: "INSERT INTO fault_ticket_circuits (ticket_id, circuit_id, customer_id) VALUES (?, ?, 'CUST')", arguments: [id, circuit])
            }
            for element in elements {
                try db.execute(sql: "INSERT INTO fault_ticket_elements (ticket_id, element_id) VALUES (?, ?)", arguments: [id, element])
            }
        }
    }

    /// What `findTicket` answers for `circuits` and `elements` now: `open:<id>`, `reopen:<id>` or `none`.
    func find(circuits: [String], elements: [String] = []) throws -> String {
        let (logic, now) = (self.logic, self.now)
        return try store.queue.write { db in
            let context = DecisionContext(db: db, now: now, cause: "test")
            switch try logic.findTicket(circuits: circuits, elements: elements, in: context) {
            case .open(let id)?: return "open:\(id)"
            case .reopen(let id)?: return "reopen:\(id)"
            case nil: return "none"
            }
        }
    }

    @Test("the oldest open ticket listing one of the circuits; at the same instant the smaller id; resolved and closed ones aside")
    func oldestOpenByCircuit() throws {
        try ticket("TT-B", .inProgress, openedAgo: 600, circuits: ["C1"])
        try ticket("TT-D", .acknowledged, openedAgo: 7200, circuits: ["C2"])
        try ticket("TT-C", .held, openedAgo: 7200, circuits: ["C1"])
        try ticket("TT-A", .resolved, openedAgo: 90_000, restoredAgo: 60, circuits: ["C1", "C2"])
        try ticket("TT-0", .closed, openedAgo: 99_000, restoredAgo: 600, circuits: ["C1", "C2"])
        #expect(try find(circuits: ["C1"]) == "open:TT-C")
        #expect(try find(circuits: ["C1", "C2"]) == "open:TT-C")
        #expect(try find(circuits: ["C3", "C2"]) == "open:TT-D")
        // A circuit's open ticket comes before an element's.
        try ticket("TT-E", .pending, openedAgo: 9000, elements: ["FIBRE-1"])
        #expect(try find(circuits: ["C1"], elements: ["FIBRE-1"]) == "open:TT-C")
    }

    @Test("else the oldest open ticket grouped on one of the elements within the correlation window")
    func oldestOpenByElement() throws {
        let window = logic.settings.correlationWindow
        try ticket("TT-OUT", .inProgress, openedAgo: window + 60, elements: ["FIBRE-1"])
        try ticket("TT-Y", .acknowledged, openedAgo: window / 4, elements: ["FIBRE-1"])
        try ticket("TT-X", .acknowledged, openedAgo: window / 2, elements: ["FIBRE-2"])
        try ticket("TT-R", .resolved, openedAgo: window * 3 / 4, restoredAgo: 1, elements: ["FIBRE-1"])
        #expect(try find(circuits: ["C9"], elements: ["FIBRE-1"]) == "open:TT-Y")
        #expect(try find(circuits: ["C9"], elements: ["FIBRE-1", "FIBRE-2"]) == "open:TT-X")
        #expect(try find(circuits: ["C9"], elements: ["FIBRE-3"]) == "none")
    }

    @Test("else the ticket restored within the reopen window listing one of the circuits, the latest restored")
    func latestRestored() throws {
        let window = logic.settings.reopenWindow
        try ticket("TT-OLD", .resolved, openedAgo: window * 3, restoredAgo: window + 60, circuits: ["C1"])
        try ticket("TT-P", .resolved, openedAgo: window * 2, restoredAgo: window / 2, circuits: ["C1"])
        try ticket("TT-Q", .resolved, openedAgo: window * 2, restoredAgo: window / 4, circuits: ["C1"])
        try ticket("TT-S", .resolved, openedAgo: window * 2, restoredAgo: window / 8, circuits: ["C2"])
        try ticket("TT-Z", .closed, openedAgo: window * 2, restoredAgo: 10, circuits: ["C1"])
        #expect(try find(circuits: ["C1"]) == "reopen:TT-Q")
        #expect(try find(circuits: ["C1", "C2"]) == "reopen:TT-S")
        #expect(try find(circuits: ["C4"]) == "none")
    }
}
