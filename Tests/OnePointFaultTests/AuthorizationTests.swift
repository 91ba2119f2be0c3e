import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointFault
import Testing

/// Issue 17, item 1 (docs/security.md): who may say what on a ticket. Each refused command is a
/// dead letter (`unauthorized` or `validation`) and changes nothing: after it, a later marker
/// command from an entitled unit is sent and its output awaited, then the ticket's state (its
/// events and its row) is shown to be exactly what the marker alone made of it.
@Suite("Fault worker: commands checked against the unit tree and the ticket's clock")
struct AuthorizationTests {
    /// A Gold customer of Guangzhou with one circuit, its alarm raised at t0: ticket open,
    /// handled by GD-GZ.
    private static func openTicket(_ harness: FaultHarness, _ outputs: OutputCollector) async throws -> (ticket: TroubleTicket, circuit: Alarm.AlarmedObject) {
        var inventory = TestInventory()
        let circuits = inventory.customer("C-GZ", .gold, unit: "GD-GZ")
        let object = Alarm.AlarmedObject(id: circuits[0], type: .circuit)
        try await harness.load(inventory)
        try await harness.raise(object, at: t0)
        #expect(try await outputs.wait { $0.contains { $0.ticketEvent?.0 == .troubleTicketCreate } })
        let ticket = try #require(outputs.creates.first)
        #expect(ticket.unit == "GD-GZ")
        return (ticket, object)
    }

    private static func command(_ ticket: String, _ action: TicketCommand.Action, unit: UnitID, at: Date, note: String? = nil) -> TicketCommand {
        TicketCommand(ticketId: ticket, action: action, unit: unit, by: "someone at \(unit)", at: at, note: note)
    }

    /// Sends a note from GD-GZ (entitled) and waits for its ticket event: everything sent before
    /// it has been decided.
    private static func marker(_ harness: FaultHarness, _ outputs: OutputCollector, on ticket: String, text: String) async throws {
        try await harness.send(.troubleTicketCommand, command(ticket, .note, unit: "GD-GZ", at: harness.clock.now(), note: text))
        #expect(try await outputs.wait { _ in outputs.latest[ticket]?.notes.contains { $0.text == text } == true })
        try await harness.quiesce()
        try await outputs.readToEnd()
    }

    /// The ticket's events after the create, and the row's status, history length and notes.
    private static func state(_ harness: FaultHarness, _ id: String) async throws -> (status: String, history: Int, notes: String) {
        try await harness.read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT status, history, notes FROM fault_tickets WHERE id = ?", arguments: [id]))
            let history = try JSONSerialization.jsonObject(with: Data((row["history"] as String).utf8)) as? [Any]
            return (row["status"], history?.count ?? -1, row["notes"])
        }
    }

    @Test("a confirmation from a unit that is neither the ticket's nor its customer's (nor above them) is refused: unauthorized, ticket unchanged")
    func confirmFromWrongUnit() async throws {
        let harness = try FaultHarness()
        try await harness.run { outputs in
            let (ticket, object) = try await Self.openTicket(harness, outputs)
            try await harness.advance(to: t0 + minutes(20))
            try await harness.clear(object, raised: t0, at: t0 + minutes(20))
            try await harness.settle()
            try await harness.advance(to: t0 + minutes(22))
            #expect(try await outputs.wait { _ in outputs.latest[ticket.id]?.status == .resolved })
            try await harness.quiesce()
            try await outputs.readToEnd()
            let before = try await Self.state(harness, ticket.id)
            let eventsBefore = outputs.tickets.filter { $0.id == ticket.id }.count

            // Shenzhen is a sibling of Guangzhou: it may not confirm Guangzhou's customer's ticket.
            try await harness.send(.troubleTicketCommand, Self.command(ticket.id, .confirm, unit: "GD-SZ", at: t0 + minutes(23)))
            try await Self.marker(harness, outputs, on: ticket.id, text: "after the wrong confirmation")

            let dead = outputs.base.deadLetters
            #expect(dead.count == 1)
            #expect(dead.first?.kind == "unauthorized")
            #expect(dead.first?.message.contains("GD-SZ") == true)
            #expect(outputs.latest[ticket.id]?.status == .resolved, "still restored, not closed")
            #expect(outputs.tickets.filter { $0.id == ticket.id }.count == eventsBefore + 1, "only the marker's event")
            let after = try await Self.state(harness, ticket.id)
            #expect(after.status == before.status)
            #expect(after.history == before.history, "no status change was recorded")

            // The province above Guangzhou may confirm it.
            try await harness.send(.troubleTicketCommand, Self.command(ticket.id, .confirm, unit: "GD", at: t0 + minutes(24)))
            #expect(try await outputs.wait { _ in outputs.latest[ticket.id]?.status == .closed })
        }
    }

    @Test("a note from an unknown principal (a unit the topology does not have) is refused: unauthorized, no note added")
    func noteFromUnknownPrincipal() async throws {
        let harness = try FaultHarness()
        try await harness.run { outputs in
            let (ticket, _) = try await Self.openTicket(harness, outputs)
            let before = try await Self.state(harness, ticket.id)
            // The CLI and EventRecord refuse to write such a unit; a forger writes the JSON itself.
            let forged = EventEnvelope(
                .troubleTicketCommand, event: Self.command(ticket.id, .note, unit: "XX-FORGED", at: harness.clock.now(), note: "forged note"),
                eventTime: harness.clock.now(), source: EventSource(unit: "XX-FORGED", worker: "forger"))
            try await harness.sendRaw(.ticketCommands, key: ticket.id, value: try forged.encoded())
            try await Self.marker(harness, outputs, on: ticket.id, text: "after the forged note")

            let dead = outputs.base.deadLetters
            #expect(dead.count == 1)
            #expect(dead.first?.kind == "unauthorized")
            #expect(dead.first?.message.contains("XX-FORGED") == true)
            #expect(outputs.latest[ticket.id]?.notes.map(\.text) == ["after the forged note"])
            let after = try await Self.state(harness, ticket.id)
            #expect(!after.notes.contains(#""text":"forged note""#))
            #expect(after.status == before.status)
            #expect(after.history == before.history)
        }
    }

    @Test("an acknowledgement dated before the ticket's start, or beyond the allowed skew into the future, is refused: validation, still acknowledged")
    func atBeforeTicketStart() async throws {
        let harness = try FaultHarness()
        try await harness.run { outputs in
            let (ticket, _) = try await Self.openTicket(harness, outputs)
            try await harness.advance(to: t0 + minutes(10))
            // A back-dated `at` would become the moment the ticket was taken in hand.
            try await harness.send(.troubleTicketCommand, Self.command(ticket.id, .acknowledge, unit: "GD-GZ", at: t0 - minutes(30)))
            // And one from the future (the default skew is 5 minutes).
            try await harness.send(.troubleTicketCommand, Self.command(ticket.id, .acknowledge, unit: "GD-GZ", at: t0 + minutes(10 + 6)))
            try await Self.marker(harness, outputs, on: ticket.id, text: "after the back-dated acknowledgement")

            let dead = outputs.base.deadLetters
            #expect(dead.map(\.kind) == ["validation", "validation"])
            #expect(dead.first?.message.contains("before the ticket's start") == true)
            #expect(dead.last?.message.contains("maxFutureSkewSeconds") == true)
            #expect(outputs.latest[ticket.id]?.status == .acknowledged, "not taken in hand")
            let after = try await Self.state(harness, ticket.id)
            #expect(after.status == "acknowledged")
            #expect(after.history == 1, "only the opening")
        }
    }

    @Test("a command for another province's ticket is refused: unauthorized; HQ may act on every ticket")
    func commandForAnotherProvince() async throws {
        let harness = try FaultHarness()
        try await harness.run { outputs in
            let (ticket, _) = try await Self.openTicket(harness, outputs)
            try await harness.advance(to: t0 + minutes(5))
            // Jiangsu's Nanjing, and Jiangsu itself, are not above Guangzhou.
            try await harness.send(.troubleTicketCommand, Self.command(ticket.id, .acknowledge, unit: "JS-NJ", at: t0 + minutes(5)))
            try await harness.send(.troubleTicketCommand, Self.command(ticket.id, .note, unit: "JS", at: t0 + minutes(5), note: "from Jiangsu"))
            try await Self.marker(harness, outputs, on: ticket.id, text: "after Jiangsu's commands")

            let dead = outputs.base.deadLetters
            #expect(dead.map(\.kind) == ["unauthorized", "unauthorized"])
            #expect(dead.first?.message.contains("belongs to GD-GZ") == true)
            #expect(outputs.latest[ticket.id]?.status == .acknowledged)
            #expect(outputs.latest[ticket.id]?.notes.map(\.text) == ["after Jiangsu's commands"])
            let after = try await Self.state(harness, ticket.id)
            #expect(after.status == "acknowledged")
            #expect(after.history == 1)

            // HQ acts on all.
            try await harness.send(.troubleTicketCommand, Self.command(ticket.id, .acknowledge, unit: "HQ", at: t0 + minutes(6)))
            #expect(try await outputs.wait { _ in outputs.latest[ticket.id]?.status == .inProgress })
        }
    }

    @Test("a note past fault.maxNotesPerTicket is refused: validation naming the cap; the ticket keeps its notes")
    func noteCap() async throws {
        var settings = FaultSettings.defaults
        #expect(settings.maxNotesPerTicket == 500)
        settings.maxNotesPerTicket = 2
        let harness = try FaultHarness(settings: settings)
        try await harness.run { outputs in
            let (ticket, _) = try await Self.openTicket(harness, outputs)
            try await harness.command(ticket.id, .note, note: "first")
            try await harness.command(ticket.id, .note, note: "second")
            try await harness.command(ticket.id, .note, note: "third")
            try await harness.command(ticket.id, .acknowledge)
            #expect(try await outputs.wait { _ in outputs.latest[ticket.id]?.status == .inProgress })
            try await harness.quiesce()
            try await outputs.readToEnd()

            let dead = outputs.base.deadLetters
            #expect(dead.map(\.kind) == ["validation"])
            #expect(dead.first?.message.contains("maxNotesPerTicket: 2") == true, "\(dead)")
            #expect(dead.first?.message.contains(ticket.id) == true)
            #expect(outputs.latest[ticket.id]?.notes.map(\.text) == ["first", "second"])
            let after = try await Self.state(harness, ticket.id)
            #expect(!after.notes.contains("third"))
        }
    }
}
