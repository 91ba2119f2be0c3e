import Foundation
import GRDB
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointFault
import OnePointTestSupport
import Testing

/// Customer complaints (投诉, DOMAIN.md §6.1) on the real runtime and mock cluster, simulated clock.
@Suite("Complaints: three clocks by level, escalation on handling, the handling unit, the timeliness fact", .serialized)
struct ComplaintTests {
    static func harness() throws -> WorkerHarness { try WorkerHarness(.fault, configDirectory: configDirectory, start: t0) }

    static func logic(_ harness: WorkerHarness) -> FaultLogic { FaultLogic(domain: harness.domain, settings: FaultSettings.defaults, topics: harness.topics) }

    static func load(_ inventory: TestInventory, into harness: WorkerHarness) async throws {
        var records: [EventRecord] = []
        for customer in inventory.customers { records.append(try harness.record(.customerUpdate, customer)) }
        for circuit in inventory.circuits { records.append(try harness.record(.circuitUpdate, circuit)) }
        for element in inventory.elements { records.append(try harness.record(.networkElementUpdate, element)) }
        try await harness.send(records)
        try await harness.settle()
    }

    static func complaint(_ id: String, customer: String, circuit: String? = nil, at: Date = t0) -> Complaint {
        Complaint(
            complaintId: id, customerId: customer, circuitId: circuit, unit: "HQ", subject: "专线中断 Line down", description: "业务中断 Service down",
            receivedBy: "10086 agent", receivedAt: at)
    }

    /// A command from `unit`, which must be the complaint's handling unit or above it.
    static func command(_ id: String, _ action: ComplaintCommand.Action, at: Date, unit: UnitID = "GD-GZ") -> ComplaintCommand {
        ComplaintCommand(complaintId: id, action: action, unit: unit, by: "duty operator", at: at, note: "done")
    }

    /// (response, handling, reply) limits in minutes, DOMAIN.md §6.1's defaults table.
    static let limits: [CustomerLevel: (Int, Int, Int)] = [
        .key: (15, 240, 480), .diamond: (30, 480, 720), .gold: (30, 720, 1440), .silver: (60, 1440, 2160), .bronze: (120, 2880, 4320),
    ]

    @Test("a complaint per level, every clock met on its deadline, and one per level that misses one clock by a minute")
    func clocksPerLevel() async throws {
        let harness = try Self.harness()
        var inventory = TestInventory()
        let levels: [CustomerLevel] = [.key, .diamond, .gold, .silver, .bronze]
        for level in levels { inventory.customer("C-\(level)", level, unit: "GD-SZ") }
        try await harness.run(Self.logic(harness), reading: [.tickets, .orderEvents]) { outputs in
            try await Self.load(inventory, into: harness)
            // Each command is sent when the worker's clock has reached its `at` (a command dated
            // in the future is refused), by the handling unit (Shenzhen, the customers' city).
            var timed: [(at: Date, record: EventRecord)] = []
            func command(_ id: String, _ action: ComplaintCommand.Action, at: Date) throws {
                timed.append((at, try harness.record(.complaintCommand, Self.command(id, action, at: at, unit: "GD-SZ"))))
            }
            for (n, level) in levels.enumerated() {
                let (response, handling, reply) = try #require(Self.limits[level])
                let minute: TimeInterval = 60
                // In time: each clock stopped exactly at its deadline.
                timed.append((t0, try harness.record(.complaintCreate, Self.complaint("CP-OK-\(level)", customer: "C-\(level)"))))
                try command("CP-OK-\(level)", .acknowledge, at: t0 + Double(response) * minute)
                try command("CP-OK-\(level)", .handle, at: t0 + Double(handling) * minute)
                try command("CP-OK-\(level)", .reply, at: t0 + Double(reply) * minute)
                // Late: one clock, a different one per level, stopped a minute after its deadline.
                let late = n % 3
                timed.append((t0, try harness.record(.complaintCreate, Self.complaint("CP-LATE-\(level)", customer: "C-\(level)"))))
                try command("CP-LATE-\(level)", .acknowledge, at: t0 + Double(response + (late == 0 ? 1 : 0)) * minute)
                try command("CP-LATE-\(level)", .handle, at: t0 + Double(handling + (late == 1 ? 1 : 0)) * minute)
                try command("CP-LATE-\(level)", .reply, at: t0 + Double(reply + (late == 2 ? 1 : 0)) * minute)
            }
            let instants = Set(timed.map(\.at)).sorted()
            for instant in instants {
                if instant > t0 { try await harness.advance(to: instant) }
                try await harness.send(timed.filter { $0.at == instant }.map(\.record))
                try await harness.settle()
            }
            try await outputs.wait("ten timeliness facts") { $0.filter { $0.type == .assessmentRecord }.count == 10 }

            let facts = try outputs.all(.assessmentRecord, as: AssessmentRecord.self)
            #expect(facts.allSatisfy { $0.part == .complaintTimeliness && $0.unit == "GD-SZ" && $0.month == "2026-11" })
            #expect(Set(facts.filter { $0.met == true }.map(\.reference)) == Set(levels.map { "CP-OK-\($0)" }))
            #expect(Set(facts.filter { $0.met == false }.map(\.reference)) == Set(levels.map { "CP-LATE-\($0)" }))
            #expect(Dictionary(uniqueKeysWithValues: facts.map { ($0.reference, $0.level) })["CP-OK-silver"] == .silver)

            let closed = try outputs.all(.complaintStateChange, as: ComplaintStatus.self).filter { $0.state == .closed }
            #expect(closed.count == 10)
            for status in closed {
                let (response, handling, reply) = try #require(Self.limits[status.customer.level])
                #expect(status.clocks.map(\.limitMinutes) == [response, handling, reply], "\(status.complaintId)")
                #expect(status.clocks.map(\.deadline) == [response, handling, reply].map { t0 + Double($0) * 60 })
                let missed = status.clocks.filter { $0.met == false }.map(\.clock)
                if status.complaintId.hasPrefix("CP-OK") {
                    #expect(missed.isEmpty && status.inTime == true, "\(status.complaintId)")
                } else {
                    let n = try #require(levels.firstIndex(of: status.customer.level))
                    #expect(missed == [[ComplaintPolicy.Clock.response, .handling, .reply][n % 3]], "\(status.complaintId): \(missed)")
                    #expect(status.inTime == false)
                }
            }
            // Everything the worker emitted delivered and read before asserting no dead letter.
            try await harness.quiesce()
            try await outputs.readToEnd()
            #expect(outputs.deadLetters.isEmpty)
        }
    }

    @Test("handled by the circuit's unit, linked to the circuit's open ticket, escalated up the ladder on the handling limit until handled")
    func escalationAndLink() async throws {
        let harness = try Self.harness()
        var inventory = TestInventory()
        let circuits = inventory.customer("C-KEY", .key, unit: "GD-GZ")
        inventory.customer("C-NOCIRCUIT", .gold, unit: "JS-NJ", circuits: 1)
        try await harness.run(Self.logic(harness), reading: [.tickets, .notifications]) { outputs in
            try await Self.load(inventory, into: harness)
            let circuit = try #require(circuits.first)
            try await harness.send([try harness.record(.alarmCreate, NMS.alarm(.raised, on: .init(id: circuit, type: .circuit), raised: t0))])
            try await outputs.wait("the ticket") { $0.contains { $0.type == .troubleTicketCreate } }
            let ticket = try #require(try outputs.all(.troubleTicketCreate, as: TroubleTicket.self).first)

            try await harness.send([
                try harness.record(.complaintCreate, Self.complaint("CP-KEY", customer: "C-KEY", circuit: circuit)),
                try harness.record(.complaintCreate, Self.complaint("CP-GOLD", customer: "C-NOCIRCUIT")),
            ])
            try await harness.settle()
            try await outputs.wait("both complaints") { $0.filter { $0.type == .complaintStateChange }.count == 2 }
            let first = try outputs.all(.complaintStateChange, as: ComplaintStatus.self)
            let key = try #require(first.first { $0.complaintId == "CP-KEY" })
            #expect(key.unit == "GD-GZ", "the circuit's unit handles it")
            #expect(key.ticketId == ticket.id, "linked to the circuit's open ticket")
            #expect(key.state == .received)
            #expect(first.first { $0.complaintId == "CP-GOLD" }?.unit == "JS-NJ", "no circuit: the customer's first unit")

            // Key handling limit 4 h: 50 % (2 h) the duty lead, 100 % the parent unit.
            try await harness.advance(to: t0 + 4 * 3600)
            try await outputs.wait("two escalations of the complaint") { events in
                try events.filter { $0.type == .escalationNotification }.map { try $0.payload(EscalationNotice.self) }.filter { $0.entity.kind == .complaint }.count == 2
            }
            let steps = try outputs.all(.escalationNotification, as: EscalationNotice.self).filter { $0.entity.id == "CP-KEY" }
            #expect(steps.map(\.percent) == [50, 100])
            #expect(steps.map(\.targetUnit) == ["GD-GZ", "GD"])
            #expect(steps.first?.at == t0 + 2 * 3600)
            #expect(steps.last?.remainingMinutes == 0)

            // Handled (and applied before the clock moves on): no more steps at 150 %. Every output
            // of those three hours delivered and read before asserting there is none.
            try await harness.send([try harness.record(.complaintCommand, Self.command("CP-KEY", .handle, at: t0 + 4 * 3600 + 60))])
            try await harness.settle()
            try await harness.advance(to: t0 + 7 * 3600)
            try await harness.quiesce()
            try await outputs.readToEnd()
            #expect(try outputs.all(.escalationNotification, as: EscalationNotice.self).filter { $0.entity.id == "CP-KEY" }.count == 2)
        }
    }

    @Test("bad complaints are dead-lettered naming the problem: unknown customer, another customer's circuit, a reply after closing, an empty note")
    func badInput() async throws {
        let harness = try Self.harness()
        var inventory = TestInventory()
        inventory.customer("C-A", .gold)
        let other = inventory.customer("C-B", .gold)
        try await harness.run(Self.logic(harness), reading: [.tickets]) { outputs in
            try await Self.load(inventory, into: harness)
            try await harness.send([
                try harness.record(.complaintCreate, Self.complaint("CP-1", customer: "C-NOBODY")),
                try harness.record(.complaintCreate, Self.complaint("CP-2", customer: "C-A", circuit: other.first)),
                try harness.record(.complaintCreate, Self.complaint("CP-3", customer: "C-A")),
                try harness.record(.complaintCommand, Self.command("CP-3", .reply, at: t0 + 60)),
                try harness.record(.complaintCommand, Self.command("CP-3", .reply, at: t0 + 120)),
                try harness.record(.complaintCommand, ComplaintCommand(complaintId: "CP-3", action: .note, unit: "GD-GZ", by: "x", at: t0, note: " ")),
                try harness.record(.complaintCommand, Self.command("CP-404", .acknowledge, at: t0)),
            ])
            try await harness.settle()
            try await outputs.wait("five dead letters") { $0.filter { $0.deadLetter != nil }.count == 5 }
            let messages = outputs.deadLetters.map(\.message)
            #expect(messages.contains { $0.contains("unknown customer C-NOBODY") })
            #expect(messages.contains { $0.contains("is not C-A's") })
            #expect(messages.contains { $0.contains("complaint CP-3 is closed") })
            #expect(messages.contains { $0.contains("event.note") })
            #expect(messages.contains { $0.contains("unknown complaint 'CP-404'") })
        }
    }
}
