import Foundation
import GRDB
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointFault
@testable import OnePointRuntime
import OnePointState
import OnePointTestSupport
import Testing

/// An open ticket holds one escalation timer, its next step's; each step, firing, sets the one
/// after it (docs/performance.md, session 23). A state written before that holds every step's
/// timer: scheduling the clocks again cancels the later ones.
@Suite("Fault worker: one escalation timer per ticket, each step setting the next")
struct EscalationChainTests {
    /// The fault worker's logic on a store of its own, deciding inputs and firing timers as the
    /// runtime does (a timer taken again inside its transaction), without a cluster.
    struct Direct {
        let logic: FaultLogic
        let topology: Topology
        let store: StateStore

        init(folder: String) throws {
            let domain = try DomainConfiguration.load(directory: configDirectory)
            logic = FaultLogic(domain: domain, settings: try FaultSettings.load(directory: configDirectory), topics: TopicNames())
            topology = domain.topology
            store = try StateStore(path: "\(folder)/fault.sqlite", migrations: logic.migrate)
        }

        func apply<P: EventPayload>(_ type: EventType, _ payload: P, at now: Date) throws {
            let envelope = EventEnvelope(type, event: payload, eventTime: now, source: EventSource(unit: "GD-GZ", worker: "nms"))
            let record = try EventRecord(envelope, topology: topology)
            let decoded = try logic.decode(record.input(on: record.topic.defaultName))
            try store.queue.write { db in
                var context = DecisionContext(db: db, now: now, cause: decoded.id)
                try logic.apply(decoded.input, in: &context)
            }
        }

        /// Fires every timer due by `now`, earliest first, including those the firing sets.
        func fire(until now: Date) throws {
            while true {
                let due = try store.queue.read { db in try StateTables.dueTimers(db, at: now, limit: 1) }
                guard let first = due.first else { return }
                try store.queue.write { db in
                    guard let timer = try StateTables.takeDueTimer(db, id: first.id, at: now) else { return }
                    var context = DecisionContext(db: db, now: now, cause: "timer:\(timer.id)")
                    try logic.fire(timer, in: &context)
                }
            }
        }

        /// The ticket's escalation timers: percent → due.
        func escalationTimers(_ ticket: String) throws -> [Int: Date] {
            try store.queue.read { db in
                let rows = try Row.fetchAll(
                    db, sql: "SELECT timer_id, due_at FROM runtime_timers WHERE timer_id LIKE ?", arguments: ["ticket:\(ticket):escalation:%"])
                var timers: [Int: Date] = [:]
                for row in rows {
                    let id: String = row["timer_id"]
                    let due: Int64 = row["due_at"]
                    if let percent = Int(id.split(separator: ":").last ?? "") { timers[percent] = Date(timeIntervalSince1970: Double(due) / 1000) }
                }
                return timers
            }
        }

        /// The escalation notices in the outbox, in decision order.
        func notices() throws -> [EscalationNotice] {
            try store.queue.read { db in
                try StateTables.pendingOutputs(db, limit: 10_000)
                    .filter { output in output.headers.contains { $0.0 == "eventType" && $0.1 == Array(EventType.escalationNotification.rawValue.utf8) } }
                    .map { try EventEnvelope<EscalationNotice>.decode($0.value ?? [], expecting: .escalationNotification).event }
            }
        }

        func ticketID() throws -> String {
            try #require(try store.queue.read { db in try String.fetchOne(db, sql: "SELECT id FROM fault_tickets") })
        }
    }

    static func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-escalation-chain-\(UUID().uuidString)").path
    }

    /// A worker in `folder` holding a Gold customer (restoration limit 4 hours) with one circuit,
    /// and the ticket an alarm on it raised at `t0` opened.
    static func openTicket(in folder: String) throws -> (direct: Direct, circuit: Alarm.AlarmedObject, ticket: String) {
        let direct = try Direct(folder: folder)
        var inventory = TestInventory()
        let circuit = Alarm.AlarmedObject(id: inventory.customer("C-GOLD", .gold)[0], type: .circuit)
        for customer in inventory.customers { try direct.apply(.customerUpdate, customer, at: t0) }
        for circuit in inventory.circuits { try direct.apply(.circuitUpdate, circuit, at: t0) }
        try direct.apply(.alarmCreate, NMS.alarm(.raised, on: circuit, raised: t0), at: t0)
        return (direct, circuit, try direct.ticketID())
    }

    @Test("a new ticket holds only its 50 % step's timer; each step fires at its instant and sets the next; the last sets none")
    func eachStepSetsTheNext() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (direct, _, ticket) = try Self.openTicket(in: folder)
        #expect(try direct.escalationTimers(ticket) == [50: t0 + minutes(120)])

        for (percent, next) in [(50, 100), (100, 150), (150, 200)] {
            try direct.fire(until: t0 + minutes(Double(240 * percent / 100)))
            #expect(try direct.escalationTimers(ticket) == [next: t0 + minutes(Double(240 * next / 100))], "after the \(percent) % step")
        }
        try direct.fire(until: t0 + minutes(480))
        #expect(try direct.escalationTimers(ticket).isEmpty, "the ladder's last step sets no other")
        let notices = try direct.notices()
        #expect(notices.map(\.percent) == [50, 100, 150, 200])
        #expect(notices.map(\.at) == [120, 240, 360, 480].map { t0 + minutes(Double($0)) })
        #expect(notices.map(\.level) == [1, 2, 3, 4])
    }

    @Test("a state holding every step's timer (written before the chain) loses the later steps when the clock is scheduled again")
    func rescheduleCancelsTheLaterSteps() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (direct, circuit, ticket) = try Self.openTicket(in: folder)
        // As an older worker left them: every step set, here at the instants of an earlier deadline.
        try direct.store.queue.write { db in
            for (percent, minute) in [(100, 20.0), (150, 30.0), (200, 40.0)] {
                try StateTables.setTimer(db, id: "ticket:\(ticket):escalation:\(percent)", due: t0 + minutes(minute), payload: [])
            }
        }
        // Another alarm on the circuit, raised 30 minutes earlier: the child's clock starts then.
        try direct.apply(.alarmCreate, NMS.alarm(.raised, on: circuit, raised: t0 - minutes(30), cause: "equipmentMalfunction"), at: t0 + minutes(1))
        #expect(try direct.escalationTimers(ticket) == [50: t0 + minutes(90)], "the next step, from the new start; the later ones cancelled")

        try direct.fire(until: t0 + minutes(240))
        #expect(try direct.notices().map(\.at) == [t0 + minutes(90), t0 + minutes(210)], "50 % and 100 % of 4 hours from the new start, nothing at the stale instants")
    }

    @Test("a step the ladder no longer has (its configuration changed) fires nothing and sets the ticket's next step")
    func unknownStepSetsTheNext() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (direct, _, ticket) = try Self.openTicket(in: folder)
        // A 25 % step set by a worker whose ladder had one, and the 50 % timer lost with it.
        try direct.store.queue.write { db in
            try StateTables.cancelTimer(db, id: "ticket:\(ticket):escalation:50")
            try StateTables.setTimer(db, id: "ticket:\(ticket):escalation:25", due: t0 + minutes(60), payload: [])
        }
        try direct.fire(until: t0 + minutes(60))
        #expect(try direct.notices().isEmpty)
        #expect(try direct.escalationTimers(ticket) == [50: t0 + minutes(120)])
        try direct.fire(until: t0 + minutes(120))
        #expect(try direct.notices().map(\.percent) == [50])
    }

    @Test("a complaint holds one escalation timer too: each step of its handling limit sets the next")
    func complaintStepsSetTheNext() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (direct, circuit, _) = try Self.openTicket(in: folder)
        try direct.apply(.complaintCreate, ComplaintTests.complaint("CP-CHAIN", customer: "C-GOLD", circuit: circuit.id), at: t0)
        // Gold handling limit: 12 hours.
        func complaintTimers() throws -> [String] {
            try direct.store.queue.read { db in try String.fetchAll(db, sql: "SELECT timer_id FROM runtime_timers WHERE timer_id LIKE 'complaint:%' ORDER BY timer_id") }
        }
        #expect(try complaintTimers() == ["complaint:CP-CHAIN:escalation:50"])
        try direct.fire(until: t0 + minutes(12 * 60))
        #expect(try complaintTimers() == ["complaint:CP-CHAIN:escalation:150"])
        let steps = try direct.notices().filter { $0.entity.kind == .complaint }
        #expect(steps.map(\.percent) == [50, 100])
        #expect(steps.map(\.at) == [t0 + minutes(6 * 60), t0 + minutes(12 * 60)])
    }
}
