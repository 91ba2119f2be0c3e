import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
@testable import OnePointFault
import OnePointRuntime
import OnePointState
import OnePointTestSupport
import Testing

/// A ticket being opened is published and clocked from what opening it wrote, not read back
/// from the tables (docs/performance.md, session 30). Its create event must carry exactly the
/// ticket the tables hold, and its first escalation must follow the child the tables name as
/// governing.
@Suite("Fault worker: a new ticket's event and clocks, made without reading it back")
struct OpenedTicketTests {
    /// The create event of `id` against the ticket read back from the worker's tables, and its
    /// first escalation timer against the governing child read back.
    func expectMatchesTables(_ id: String, _ outputs: OutputCollector, _ harness: FaultHarness, governedBy customer: String?) async throws {
        let created = try #require(outputs.events.compactMap(\.ticketEvent).first { $0.0 == .troubleTicketCreate && $0.1.id == id }?.1)
        let cap = harness.settings.maxListedAlarms
        let logic = FaultLogic(domain: harness.domain, settings: harness.settings, topics: harness.topics)
        let stored = try await harness.read { db in
            let ticket = try FaultLogic.ticket(id, in: db, maxListedAlarms: cap)
            let governing = try logic.governingChild(id, db)
            let timers = try StateTables.dueTimers(db, at: .distantFuture, limit: 10_000).filter { $0.id.hasPrefix("ticket:\(id):") }
            return (ticket, governing, timers)
        }
        let ticket = try #require(stored.0, "ticket \(id) is in the tables")
        #expect(created == ticket, "the create event of \(id) carries the ticket as the tables hold it")
        #expect(stored.1?.customer == customer, "the governing child of \(id)")
        let ladder = harness.domain.sla.faultLadder.steps
        let escalations = stored.2.filter { $0.id.contains(":escalation:") }
        if let governing = stored.1, let first = ladder.first {
            let due = try FaultLogic.deadline(start: governing.start, seconds: (governing.limitMinutes * 60 * first.percent + 99) / 100, pauses: [])
            #expect(escalations.map(\.id) == ["ticket:\(id):escalation:\(first.percent)"], "one escalation step is set, the first")
            #expect(escalations.first?.due == due, "due at its percent of the governing child's limit")
        } else {
            #expect(escalations.isEmpty)
        }
        let feedbacks = Set(stored.2.filter { $0.id.contains(":feedback:") }.map(\.id))
        #expect(feedbacks == Set(ticket.customers.map { "ticket:\(id):feedback:\($0.customer.id)" }), "a feedback clock per child")
    }

    @Test("an element alarm over several customers, a circuit alarm and a customer report each open a ticket whose event is the stored ticket")
    func openedTicketsMatchTheTables() async throws {
        let harness = try FaultHarness()
        var inventory = TestInventory()
        // Keys not in the order of their limits: the governing child is neither the first by id
        // nor the first inserted; two children tie on deadline and limit (the smaller id wins).
        let silver = inventory.customer("C-A", .silver, circuits: 2)
        let diamondD = inventory.customer("C-D", .diamond)
        let gold = inventory.customer("C-B", .gold, circuits: 3)
        let diamondC = inventory.customer("C-C", .diamond)
        let covered = inventory.customer("C-E", .bronze)
        let lone = inventory.customer("C-F", .gold)
        let reported = inventory.customer("C-G", .silver)
        inventory.element("GZ-PTN-07", unit: "GD-GZ", circuits: gold + diamondD + silver + diamondC)
        try await harness.run { outputs in
            try await harness.load(inventory)
            // C-E is handled at Key level within the period.
            try await harness.send(.assurancePeriodCreate, AssurancePeriod(
                periodId: "AP-OPEN", name: "重保 opened", units: ["GD"], customerIds: ["C-E"], from: t0 + minutes(30), to: t0 + minutes(600), declaredBy: "HQ duty"))
            try await harness.settle()

            try await harness.raise(.init(id: "GZ-PTN-07", type: .networkElement), at: t0)
            #expect(try await outputs.wait { _ in outputs.creates.count == 1 })
            let element = outputs.creates[0]
            #expect(element.customers.map(\.customer.id) == ["C-A", "C-B", "C-C", "C-D"])
            #expect(element.circuitIds.count == 7)
            try await expectMatchesTables(element.id, outputs, harness, governedBy: "C-C")

            try await harness.advance(to: t0 + minutes(40))
            try await harness.raise(.init(id: lone[0], type: .circuit), at: t0 + minutes(40))
            try await harness.raise(.init(id: covered[0], type: .circuit), at: t0 + minutes(40))
            #expect(try await outputs.wait { _ in outputs.creates.count == 3 })
            try await expectMatchesTables(try #require(outputs.creates.first { $0.circuitIds == lone }).id, outputs, harness, governedBy: "C-F")
            let key = try #require(outputs.creates.first { $0.circuitIds == covered })
            #expect(key.customers.first?.handledAtLevel == .key)
            try await expectMatchesTables(key.id, outputs, harness, governedBy: "C-E")

            try await harness.send(.faultReportCreate, FaultReport(
                reportId: "FR-OPEN", circuitId: reported[0], customerId: "C-G", unit: "GD-GZ", channel: .phone,
                reportedBy: Contact(name: "IT desk", phone: "1"), reportedAt: t0 + minutes(35), description: "no service"))
            try await harness.settle()
            #expect(try await outputs.wait { _ in outputs.creates.count == 4 })
            let report = try #require(outputs.creates.first { $0.faultReportIds == ["FR-OPEN"] })
            #expect(report.relatedAlarms.isEmpty)
            try await expectMatchesTables(report.id, outputs, harness, governedBy: "C-G")
        }
    }

    @Test("with fault.maxListedAlarms 0 a new ticket's event lists no alarm, as the stored ticket read back does; the statements it cost are counted")
    func alarmListCapped() async throws {
        var settings = FaultHarness.testSettings
        settings.maxListedAlarms = 0
        _ = testMetrics
        let worker = uniqueName("fault-opened")
        let harness = try FaultHarness(settings: settings, workerName: worker)
        var inventory = TestInventory()
        let circuits = inventory.customer("C-H", .gold)
        try await harness.run { outputs in
            try await harness.load(inventory)
            let before = counterValue(testMetrics, "onepoint_state_statements_total", worker: worker) ?? 0
            #expect(before > 0, "loading the inventory ran statements")
            try await harness.raise(.init(id: circuits[0], type: .circuit), at: t0)
            #expect(try await outputs.wait { _ in outputs.creates.count == 1 })
            #expect(outputs.creates[0].relatedAlarms.isEmpty)
            try await expectMatchesTables(outputs.creates[0].id, outputs, harness, governedBy: "C-H")
            let after = counterValue(testMetrics, "onepoint_state_statements_total", worker: worker) ?? 0
            #expect(after > before, "opening the ticket ran statements (onepoint_state_statements_total: \(before) → \(after))")
        }
    }
}
