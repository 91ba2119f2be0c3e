import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import Testing

/// Rules docs/fault.md states that no other test checked (issue 20's list), each on the real
/// runtime with a simulated clock; absences are asserted only after `quiesce` + `readToEnd`.
@Suite("Fault worker: documented rules")
struct DocumentedRuleTests {
    static func report(_ id: String, circuit: String, customer: String, at: Date) -> FaultReport {
        FaultReport(
            reportId: id, circuitId: circuit, customerId: customer, unit: "GD-GZ", channel: .phone,
            reportedBy: Contact(name: "客户 customer", phone: "+86 20 0000 0000"), reportedAt: at, description: "专线不通 Line down")
    }

    @Test("a minor alarm is recorded, not ticketed, until an update raises it to major")
    func severityGating() async throws {
        let harness = try FaultHarness()
        var inventory = TestInventory()
        let circuit = inventory.customer("C-SEV", .gold)[0]
        let object = Alarm.AlarmedObject(id: circuit, type: .circuit)
        try await harness.run { outputs in
            try await harness.load(inventory)
            try await harness.raise(object, at: t0, severity: .minor)
            try await harness.quiesce()
            try await outputs.readToEnd()
            #expect(outputs.creates.isEmpty, "a minor alarm opens no ticket")
            let disposition = try await harness.read { db in try String.fetchOne(db, sql: "SELECT disposition FROM fault_alarms") }
            #expect(disposition == "belowSeverity")
            try await harness.send(.alarmAttributeValueChange, NMS.alarm(.updated, on: object, raised: t0, changed: t0 + 60, severity: .major))
            try await harness.settle()
            #expect(try await outputs.wait { _ in outputs.creates.count == 1 })
            #expect(outputs.creates.first?.circuitIds == [circuit])
        }
    }

    @Test("a repeat counts on its alarm, keeps the latest time seen and the newest id; one at another severity is decided again")
    func repeatsCounted() async throws {
        let harness = try FaultHarness()
        var inventory = TestInventory()
        let circuit = inventory.customer("C-REP", .gold)[0]
        let object = Alarm.AlarmedObject(id: circuit, type: .circuit)
        struct AlarmState: Equatable {
            var count: Int, received: Int, lastSeen: Double, alarmId: String, severity: String, disposition: String
        }
        func state() async throws -> AlarmState? {
            try await harness.read { db in
                try Row.fetchOne(db, sql: "SELECT count, received, last_seen, alarm_id, severity, disposition FROM fault_alarms").map {
                    AlarmState(count: $0[0], received: $0[1], lastSeen: $0[2], alarmId: $0[3], severity: $0[4], disposition: $0[5])
                }
            }
        }
        func update(_ id: String, changed: Date, _ severity: Alarm.PerceivedSeverity) async throws {
            try await harness.send(.alarmAttributeValueChange, NMS.alarm(.updated, on: object, raised: t0, changed: changed, severity: severity, id: id))
        }
        let start = t0.timeIntervalSince1970
        try await harness.run { outputs in
            try await harness.load(inventory)
            try await harness.send(.alarmCreate, NMS.alarm(.raised, on: object, raised: t0, severity: .minor, id: "A-1"))
            try await update("A-2", changed: t0 + 10, .minor)
            // Sent out of order by the NMS: counted, but the time seen stays the later one.
            try await update("A-3", changed: t0 + 5, .minor)
            try await harness.quiesce()
            try await outputs.readToEnd()
            #expect(
                try await state() == AlarmState(count: 3, received: 3, lastSeen: start + 10, alarmId: "A-3", severity: "minor", disposition: "belowSeverity"))
            #expect(outputs.creates.isEmpty)
            try await update("A-4", changed: t0 + 20, .major)
            try await harness.settle()
            #expect(try await outputs.wait { _ in outputs.creates.count == 1 }, "raised to a ticketed severity: decided again")
            try await update("A-5", changed: t0 + 30, .major)
            try await harness.quiesce()
            try await outputs.readToEnd()
            #expect(
                try await state() == AlarmState(count: 5, received: 5, lastSeen: start + 30, alarmId: "A-5", severity: "major", disposition: "ticketed"))
            #expect(outputs.creates.count == 1, "a repeat opens nothing")
        }
    }

    @Test("a cancelled planned-outage window releases what it held: the alarm is ticketed from its raise")
    func cancelledOutageReleases() async throws {
        let harness = try FaultHarness()
        var inventory = TestInventory()
        let circuits = inventory.customer("C-OUT", .silver, circuits: 2)
        inventory.element("GZ-NE-1", circuits: circuits)
        try await harness.run { outputs in
            try await harness.load(inventory)
            let window = PlannedOutage(cutoverId: "CO-T", unit: "GD-GZ", windowStart: t0, windowEnd: t0 + minutes(120), elementIds: ["GZ-NE-1"], circuitIds: circuits)
            try await harness.send(.plannedOutage, window)
            try await harness.settle()
            try await harness.advance(to: t0 + minutes(10))
            try await harness.raise(.init(id: "GZ-NE-1", type: .networkElement), at: t0 + minutes(10))
            try await harness.quiesce()
            try await outputs.readToEnd()
            #expect(outputs.creates.isEmpty, "held by the window")
            var cancelled = window
            cancelled.status = .cancelled
            try await harness.send(.plannedOutage, cancelled)
            try await harness.settle()
            #expect(try await outputs.wait { _ in outputs.creates.count == 1 })
            let ticket = try #require(outputs.creates.first)
            #expect(ticket.startedAt == t0 + minutes(10), "the clock runs from the raise, not the cancellation")
            #expect(!ticket.planned)
            #expect(Set(ticket.circuitIds) == Set(circuits))
        }
    }

    @Test("a report-only ticket is restored and closed on confirmation; closed is final: a new report opens a new ticket")
    func reportOnlyTicket() async throws {
        let harness = try FaultHarness()
        var inventory = TestInventory()
        let circuit = inventory.customer("C-REP", .diamond)[0]
        try await harness.run { outputs in
            try await harness.load(inventory)
            try await harness.send(.faultReportCreate, Self.report("FR-1", circuit: circuit, customer: "C-REP", at: t0))
            try await harness.settle()
            #expect(try await outputs.wait { _ in outputs.creates.count == 1 })
            let ticket = try #require(outputs.creates.first)
            #expect(ticket.faultReportIds == ["FR-1"])
            try await harness.advance(to: t0 + minutes(45))
            try await harness.command(ticket.id, .confirm, at: t0 + minutes(45))
            try await harness.settle()
            #expect(try await outputs.wait { _ in outputs.latest[ticket.id]?.status == .closed })
            let closed = try #require(outputs.latest[ticket.id])
            #expect(closed.restoredAt == t0 + minutes(45))
            #expect(closed.customers.first?.restorationMinutes == 45)
            #expect(closed.customers.first?.metLimit == true, "45 min within Diamond's 2 h")

            // Closed is final: another report an hour later, within the reopen window, opens a new ticket.
            try await harness.advance(to: t0 + minutes(105))
            try await harness.send(.faultReportCreate, Self.report("FR-2", circuit: circuit, customer: "C-REP", at: t0 + minutes(105)))
            try await harness.settle()
            #expect(try await outputs.wait { _ in outputs.creates.count == 2 })
            #expect(outputs.latest[ticket.id]?.status == .closed)
            #expect(outputs.latest[ticket.id]?.reopenCount == 0)
        }
    }

    @Test("a report on a circuit the inventory does not know is ticketed under the customer it names, Bronze when unknown too")
    func reportOnUnknownCircuit() async throws {
        let harness = try FaultHarness()
        try await harness.run { outputs in
            try await harness.send(.faultReportCreate, Self.report("FR-X", circuit: "NO-SUCH-CIRCUIT", customer: "C-NOBODY", at: t0))
            try await harness.settle()
            #expect(try await outputs.wait { _ in outputs.creates.count == 1 })
            let ticket = try #require(outputs.creates.first)
            #expect(ticket.circuitIds == ["NO-SUCH-CIRCUIT"])
            #expect(ticket.customers.first?.customer.id == "C-NOBODY")
            #expect(ticket.customers.first?.customer.level == .bronze)
            #expect(ticket.customers.first?.limitMinutes == 8 * 60)
        }
    }

    @Test("a fault open before a key-assurance period begins keeps its level")
    func openBeforeAssuranceKeepsLevel() async throws {
        let harness = try FaultHarness()
        var inventory = TestInventory()
        let circuit = inventory.customer("C-SIL", .silver)[0]
        try await harness.run { outputs in
            try await harness.load(inventory)
            try await harness.raise(.init(id: circuit, type: .circuit), at: t0)
            try await harness.settle()
            #expect(try await outputs.wait { _ in outputs.creates.count == 1 })
            try await harness.send(.assurancePeriodCreate, AssurancePeriod(
                periodId: "AP-LATE", name: "重保 later", units: ["GD"], customerIds: ["C-SIL"], from: t0 + minutes(30), to: t0 + minutes(600),
                declaredBy: "HQ duty"))
            try await harness.advance(to: t0 + minutes(60))
            try await harness.quiesce()
            try await outputs.readToEnd()
            let ticket = try #require(outputs.latest.values.first)
            #expect(ticket.customers.first?.handledAtLevel == .silver)
            #expect(ticket.customers.first?.limitMinutes == 6 * 60)
        }
    }

    @Test("a ticket event lists at most fault.maxListedAlarms related alarms, element alarms first; the state keeps them all")
    func relatedAlarmsCapped() async throws {
        var settings = FaultHarness.testSettings
        settings.maxListedAlarms = 3
        let harness = try FaultHarness(settings: settings)
        var inventory = TestInventory()
        let circuits = inventory.customer("C-CAP", .gold, circuits: 5)
        inventory.element("GZ-NE-CAP", circuits: circuits)
        try await harness.run { outputs in
            try await harness.load(inventory)
            try await harness.raise(.init(id: "GZ-NE-CAP", type: .networkElement), at: t0)
            for circuit in circuits { try await harness.raise(.init(id: circuit, type: .circuit), at: t0 + 1) }
            try await harness.quiesce()
            try await outputs.readToEnd()
            let ticket = try #require(outputs.latest.values.first)
            #expect(ticket.relatedAlarms.count == 3)
            #expect(ticket.relatedAlarms.first?.reductionKey.hasPrefix("networkElement:GZ-NE-CAP") == true, "\(ticket.relatedAlarms.map(\.reductionKey))")
            #expect(try await harness.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fault_ticket_alarms") } == 6)
        }
    }

    @Test("a reopen is the same fault: not counted again for repeated faults; three distinct faults are")
    func reopenNotCountedAgain() async throws {
        var settings = FaultHarness.testSettings
        settings.flapHoldDown = 0
        let harness = try FaultHarness(settings: settings)
        var inventory = TestInventory()
        let circuit = inventory.customer("C-REO", .silver)[0]
        let object = Alarm.AlarmedObject(id: circuit, type: .circuit)
        func fault(at raised: Date) async throws {
            try await harness.advance(to: raised)
            try await harness.raise(object, at: raised)
            try await harness.settle()
            try await harness.advance(to: raised + minutes(5))
            try await harness.clear(object, raised: raised, at: raised + minutes(5))
            try await harness.settle()
        }
        var flags: [RepeatedFault] = []
        try await harness.run { outputs in
            try await harness.load(inventory)
            // One fault, then twice the same fault back within the reopen window (24 h).
            for hour in [0.0, 1, 2] { try await fault(at: t0 + minutes(hour * 60)) }
            try await harness.quiesce()
            try await outputs.readToEnd()
            flags = outputs.events.compactMap { if case .repeated(let r) = $0 { r } else { nil } }
            #expect(outputs.creates.count == 1, "reopened twice, not new tickets")
            let first = try #require(outputs.creates.first)
            #expect(outputs.latest[first.id]?.reopenCount == 2)
            #expect(flags.isEmpty, "one fault reopened twice is one fault, not three: \(flags)")
            #expect(try await harness.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fault_history") } == 1)

            // Two more faults, each after the previous ticket closed by itself (24 h after its
            // restoration, outside the reopen window): 3 faults in 30 days.
            for hour in [28.0, 56] { try await fault(at: t0 + minutes(hour * 60)) }
            #expect(try await outputs.wait { events in events.contains { if case .repeated = $0 { true } else { false } } })
            try await harness.quiesce()
            try await outputs.readToEnd()
            flags = outputs.events.compactMap { if case .repeated(let r) = $0 { r } else { nil } }
            #expect(outputs.creates.count == 3)
            #expect(flags.count == 1)
            #expect(flags.first?.faultCount == 3)
            #expect(flags.first?.ticketIds == outputs.creates.map(\.id), "the reopened ticket counted once")
        }
    }

    @Test("after the worker was down, progress feedback resumes at the next due instant: the missed ones are not sent in a burst")
    func feedbackAfterDowntime() async throws {
        let harness = try FaultHarness()
        var inventory = TestInventory()
        let circuit = inventory.customer("C-KEY", .key)[0]  // feedback every 30 min
        var ticketId = ""
        try await harness.run { outputs in
            try await harness.load(inventory)
            try await harness.raise(.init(id: circuit, type: .circuit), at: t0)
            try await harness.settle()
            #expect(try await outputs.wait { _ in outputs.creates.count == 1 })
            ticketId = outputs.creates.first?.id ?? ""
            try await harness.advance(to: t0 + minutes(31))
            #expect(try await outputs.wait { $0.compactMap(\.feedback).count == 1 })
        }
        // Down from 10:31 to 12:35: the feedback due at 11:00, 11:30, 12:00 and 12:30 is missed.
        harness.clock.advance(to: t0 + minutes(155))
        try await harness.run { outputs in
            try await harness.quiesce()
            try await outputs.readToEnd()
            // The overdue timer fires once on start (stamped with its due instant); the next
            // one is set at the next instant of the schedule after now, 13:00.
            #expect(outputs.feedbacks.map(\.sequence) == [1, 2], "no burst: \(outputs.feedbacks.map { ($0.sequence, $0.at) })")
            #expect(outputs.feedbacks.map(\.at) == [t0 + minutes(30), t0 + minutes(60)])
            let pattern = "%\(ticketId):feedback:%"
            let next = try await harness.read { db in
                try Int64.fetchAll(db, sql: "SELECT due_at FROM runtime_timers WHERE timer_id LIKE ?", arguments: [pattern])
            }
            #expect(next == [Int64((t0 + minutes(180)).timeIntervalSince1970 * 1000)], "the next feedback is due at 13:00")
            try await harness.advance(to: t0 + minutes(179))
            try await harness.quiesce()
            try await outputs.readToEnd()
            #expect(outputs.feedbacks.count == 2)
            try await harness.advance(to: t0 + minutes(180))
            #expect(try await outputs.wait { $0.compactMap(\.feedback).count == 3 })
            #expect(outputs.feedbacks.last?.at == t0 + minutes(180))
            #expect(outputs.feedbacks.last?.sequence == 3)
        }
    }
}
