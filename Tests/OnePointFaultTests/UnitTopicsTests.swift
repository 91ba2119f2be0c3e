import Foundation
import GRDB
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointFault
import OnePointKafka
import OnePointRuntime
import OnePointTestSupport
import Testing

/// Issue 17, item 2 (docs/security.md, "Identity"): with `commands.unitTopics` on, every unit
/// writes its commands on topics of its own, and a record there naming another unit is refused.
/// Off (the shipped setting), nothing changes.
@Suite("Fault worker: per-unit command topics prove the acting unit")
struct UnitTopicsTests {
    /// The package's configuration with `commands.unitTopics: true`.
    static func unitTopicsConfig() throws -> String {
        try ConfigFolder.copy(of: configDirectory, writing: [SecurityConfiguration.fileName: ConfigFolder.unitTopicsSecurity])
    }

    /// A Gold customer of Guangzhou with one circuit, its alarm raised at t0: ticket open,
    /// handled by GD-GZ.
    private static func openTicket(_ harness: FaultHarness, _ outputs: OutputCollector) async throws -> TroubleTicket {
        var inventory = TestInventory()
        let circuits = inventory.customer("C-GZ", .gold, unit: "GD-GZ")
        try await harness.load(inventory)
        try await harness.raise(Alarm.AlarmedObject(id: circuits[0], type: .circuit), at: t0)
        #expect(try await outputs.wait { $0.contains { $0.ticketEvent?.0 == .troubleTicketCreate } })
        let ticket = try #require(outputs.creates.first)
        #expect(ticket.unit == "GD-GZ")
        return ticket
    }

    private static func note(_ ticket: String, unit: UnitID, at: Date, _ text: String) -> TicketCommand {
        TicketCommand(ticketId: ticket, action: .note, unit: unit, by: "someone at \(unit)", at: at, note: text)
    }

    /// The ticket row's status, history length and notes.
    private static func state(_ harness: FaultHarness, _ id: String) async throws -> (status: String, history: Int, notes: String) {
        try await harness.read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT status, history, notes FROM fault_tickets WHERE id = ?", arguments: [id]))
            let history = try JSONSerialization.jsonObject(with: Data((row["history"] as String).utf8)) as? [Any]
            return (row["status"], history?.count ?? -1, row["notes"])
        }
    }

    /// Sends a note from GD-GZ on `topic` and waits for its ticket event: everything sent before
    /// it has been decided and read.
    private static func marker(_ harness: FaultHarness, _ outputs: OutputCollector, on ticket: String, topic: String, text: String) async throws {
        try await harness.send(.troubleTicketCommand, note(ticket, unit: "GD-GZ", at: harness.clock.now(), text), to: topic)
        #expect(try await outputs.wait { _ in outputs.latest[ticket]?.notes.contains { $0.text == text } == true })
        try await harness.quiesce()
        try await outputs.readToEnd()
    }

    @Test("on: GD-GZ's note on GD-GZ's own topic is applied; the same note naming GD-GZ on GD-SZ's topic is refused (unauthorized, both units and the topic named, counted, nothing changed); the shared topic is checked as before")
    func commandOnAnotherUnitsTopic() async throws {
        _ = testMetrics
        let worker = uniqueName("fault-unit-topics")
        let harness = try FaultHarness(config: try Self.unitTopicsConfig(), workerName: worker)
        let gz = harness.topics.name(of: .ticketCommands, unit: "GD-GZ")
        let sz = harness.topics.name(of: .ticketCommands, unit: "GD-SZ")
        let prefix = try #require(harness.names[.ticketCommands]?.split(separator: ".").first)
        #expect(gz == "\(prefix).GD-GZ.ticket-commands")
        try await harness.run { outputs in
            let ticket = try await Self.openTicket(harness, outputs)
            try await harness.advance(to: t0 + minutes(5))

            // Guangzhou writes on its own topic: applied.
            try await Self.marker(harness, outputs, on: ticket.id, topic: gz, text: "from Guangzhou's own topic")
            let before = try await Self.state(harness, ticket.id)
            let eventsBefore = outputs.tickets.filter { $0.id == ticket.id }.count
            let countedBefore = deadLetterCount(worker: worker, kind: "unauthorized")

            // The same command naming GD-GZ, on Shenzhen's topic (Shenzhen's principal posing as Guangzhou).
            try await harness.send(.troubleTicketCommand, Self.note(ticket.id, unit: "GD-GZ", at: t0 + minutes(5), "posing as Guangzhou"), to: sz)
            try await Self.marker(harness, outputs, on: ticket.id, topic: gz, text: "after the posing note")

            let dead = outputs.base.deadLetters
            #expect(dead.count == 1)
            #expect(dead.first?.kind == "unauthorized")
            let message = dead.first?.message ?? ""
            #expect(message.contains("GD-GZ") && message.contains("GD-SZ") && message.contains(sz), "\(message)")
            #expect(deadLetterCount(worker: worker, kind: "unauthorized") == countedBefore + 1, "onepoint_dead_letters_total{kind=\"unauthorized\"}")
            #expect(outputs.latest[ticket.id]?.notes.map(\.text) == ["from Guangzhou's own topic", "after the posing note"])
            #expect(outputs.tickets.filter { $0.id == ticket.id }.count == eventsBefore + 1, "only the marker's event")
            let after = try await Self.state(harness, ticket.id)
            #expect(!after.notes.contains("posing as Guangzhou"))
            #expect(after.status == before.status)
            #expect(after.history == before.history)

            // The shared topic is read as before (under the ACL layout only ops and feeds write it).
            try await harness.send(.troubleTicketCommand, Self.note(ticket.id, unit: "GD-GZ", at: t0 + minutes(6), "on the shared topic"))
            #expect(try await outputs.wait { _ in outputs.latest[ticket.id]?.notes.contains { $0.text == "on the shared topic" } == true })
        }
    }

    @Test("on: an alarm, and another kind's command, written on a unit's ticket-commands topic are refused as unauthorized")
    func otherEventsOnAUnitTopic() async throws {
        let harness = try FaultHarness(config: try Self.unitTopicsConfig())
        let gz = harness.topics.name(of: .ticketCommands, unit: "GD-GZ")
        try await harness.run { outputs in
            let ticket = try await Self.openTicket(harness, outputs)
            // Only the NMS feed writes alarms; a unit's topic carries that unit's ticket commands only.
            let alarm = NMS.alarm(.raised, on: Alarm.AlarmedObject(id: "C-OTHER-C1", type: .circuit), raised: t0 + minutes(1), id: "forged-alarm")
            try await harness.base.send([try harness.record(.alarmCreate, alarm)], to: gz)
            let complaint = ComplaintCommand(complaintId: "CP-1", action: .note, unit: "GD-GZ", by: "someone", at: t0 + minutes(1), note: "wrong topic")
            try await harness.base.send([try harness.record(.complaintCommand, complaint)], to: gz)
            try await Self.marker(harness, outputs, on: ticket.id, topic: gz, text: "after the wrong events")

            let dead = outputs.base.deadLetters
            #expect(dead.map(\.kind) == ["unauthorized", "unauthorized"])
            // Keyed differently, the two dead letters may lie on different partitions: any order.
            #expect(dead.contains { $0.message.contains(EventType.alarmCreate.rawValue) }, "\(dead)")
            #expect(dead.contains { $0.message.contains(EventType.complaintCommand.rawValue) }, "\(dead)")
            #expect(dead.allSatisfy { $0.message.contains(gz) })
            #expect(outputs.creates.count == 1, "no ticket from the forged alarm")
        }
    }

    @Test("a unit's topic name: the unit before the last part of the kind's configured name")
    func names() {
        #expect(TopicNames().name(of: .ticketCommands, unit: "GD-GZ") == "onepoint.GD-GZ.ticket-commands")
        #expect(TopicNames().name(of: .faultReports, unit: "HQ") == "onepoint.HQ.fault-reports")
        #expect(TopicNames([.ticketCommands: "acme.prod.tc"]).name(of: .ticketCommands, unit: "GD-GZ") == "acme.prod.GD-GZ.tc")
        #expect(TopicNames([.ticketCommands: "tc"]).name(of: .ticketCommands, unit: "GD-GZ") == "GD-GZ.tc")
        #expect(Topic.unitCommandTopics.count == 7)
        #expect(Topic.allCases.filter(\.isUnitCommandTopic).count == 7)
        #expect(UnitID("GD-GZ").canNameTopic && UnitID("HQ").canNameTopic)
        #expect(!UnitID("GD.GZ").canNameTopic && !UnitID("广州").canNameTopic && !UnitID("").canNameTopic)
    }

    @Test("on, decoding alone: the topic's unit is compared with event.unit; every unit's topics of the fault worker's kinds are read")
    func decodeOnUnitTopics() throws {
        let names = TopicNames()
        let domain = try DomainConfiguration.load(directory: try Self.unitTopicsConfig())
        #expect(domain.commands.unitTopics)
        let logic = FaultLogic(domain: domain, settings: .defaults, topics: names)
        let inputs = logic.additionalInputTopics
        #expect(inputs.count == domain.topology.units.count * 3, "ticket commands, complaints and fault reports of every unit")
        #expect(inputs.contains("onepoint.GD-GZ.ticket-commands"))
        #expect(inputs.contains("onepoint.HQ.fault-reports"))
        #expect(inputs.contains("onepoint.GD-SZ.complaints"))
        #expect(!inputs.contains { $0.contains("work-order-progress") || $0.contains("cutover") })

        let record = try EventRecord(
            EventEnvelope(.troubleTicketCommand, event: Self.note("TT-1", unit: "GD-GZ", at: t0, "a note"), eventTime: t0, source: EventSource(unit: "GD-GZ", worker: "test")),
            topology: domain.topology)
        func message(_ topic: String) -> InputRecord { record.input(on: topic) }
        _ = try logic.decode(message("onepoint.GD-GZ.ticket-commands"))
        _ = try logic.decode(message("onepoint.ticket-commands"))
        #expect {
            _ = try logic.decode(message("onepoint.GD-SZ.ticket-commands"))
        } throws: { error in
            guard let rejection = error as? InputRejection else { return false }
            return rejection.kind == .unauthorized && rejection.message.contains("onepoint.GD-SZ.ticket-commands")
                && rejection.message.contains("GD-SZ may not act as GD-GZ")
        }
    }

    @Test("off (the shipped setting): no unit topics are read, and no topic name is checked against the unit")
    func offChangesNothing() throws {
        let domain = try DomainConfiguration.load(directory: configDirectory)
        #expect(domain.commands == CommandPolicy.default)
        #expect(!domain.commands.unitTopics)
        let logic = FaultLogic(domain: domain, settings: .defaults, topics: TopicNames())
        #expect(logic.additionalInputTopics.isEmpty)
        let record = try EventRecord(
            EventEnvelope(.troubleTicketCommand, event: Self.note("TT-1", unit: "GD-GZ", at: t0, "a note"), eventTime: t0, source: EventSource(unit: "GD-GZ", worker: "test")),
            topology: domain.topology)
        // A topic that would be Shenzhen's is just a name when the setting is off.
        _ = try logic.decode(record.input(on: "onepoint.GD-SZ.ticket-commands"))
    }
}
