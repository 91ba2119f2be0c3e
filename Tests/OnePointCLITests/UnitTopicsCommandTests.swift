import Foundation
import GRDB
import OnePointTestSupport
import Testing

/// Issue 17, item 2 (docs/security.md, "Identity"): with `commands.unitTopics: true`,
/// `onepoint dev` creates every unit's own command topics, the workers read them, and the CLI
/// sends a unit's commands there, not to the shared topics.
@Suite("onepoint with per-unit command topics (commands.unitTopics: true)", .serialized)
struct UnitTopicsCommandTests {
    @Test("dev creates and the workers read every unit's topics; fault report and ticket note from GD-SZ go to GD-SZ's own topics and are applied; the shared topics stay empty")
    func unitCommandsGoToTheUnitsTopics() async throws {
        let shipped = FileManager.default.currentDirectoryPath + "/config"
        let folder = try ConfigFolder.copy(of: shipped, writing: ["security.yaml": ConfigFolder.unitTopicsSecurity])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = ["--config", folder + "/onepoint.yaml"]
        let dev = try FaultCommandTests.Dev(arguments: config)
        defer { dev.stop() }
        try await dev.waitUntilReady()

        let list = try await BuiltExecutables.run("onepoint", ["topics", "list"] + config)
        #expect(list.status == 0, "\(list.output)")
        #expect(list.output.contains("onepoint.GD-SZ.ticket-commands"), "\(list.output)")
        #expect(list.output.contains("onepoint.HQ.cutover-feedback"), "\(list.output)")
        #expect(list.output.contains("105, 15 units × 7 kinds"), "\(list.output)")

        let inventory = try await dev.onepoint(["inventory", "load", "config/inventory.sample.json"] + config)
        #expect(inventory.status == 0, "\(inventory.output)")
        try await dev.waitForState("fault", "the fault worker to hold circuit SZGZ-ETH-000202 and customer C-SZ-0002") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fault_circuits WHERE id = 'SZGZ-ETH-000202'") == 1
                && Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fault_customers WHERE id = 'C-SZ-0002'") == 1
        }
        let report = try await dev.onepoint(
            ["fault", "report", "--circuit", "SZGZ-ETH-000202", "--customer", "C-SZ-0002", "--unit", "GD-SZ", "--id", "FR-UNIT-1"] + config)
        #expect(report.status == 0, "\(report.output)")
        try await dev.waitForState("fault", "a ticket for FR-UNIT-1") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fault_tickets") == 1
        }
        let ticket = try #require(try await StateProbe.open(dev.stateDir + "/fault/state.sqlite").read { db in
            try String.fetchOne(db, sql: "SELECT id FROM fault_tickets")
        })

        let note = try await dev.onepoint(["ticket", "note", ticket, "sent on Shenzhen's own topic", "--by", "duty-sz", "--unit", "GD-SZ"] + config)
        #expect(note.status == 0, "\(note.output)")
        try await dev.waitForState("fault", "the note on \(ticket)") { db in
            try String.fetchOne(db, sql: "SELECT notes FROM fault_tickets WHERE id = ?", arguments: [ticket])?.contains("sent on Shenzhen's own topic") == true
        }

        let own = try await dev.onepoint(
            ["tail", "onepoint.GD-SZ.ticket-commands", "onepoint.GD-SZ.fault-reports", "--from-beginning", "--idle-exit", "3", "--json"] + config)
        #expect(own.status == 0, "\(own.output)")
        #expect(own.output.contains("TroubleTicketCommandEvent") && own.output.contains("sent on Shenzhen's own topic"), "\(own.output)")
        #expect(own.output.contains("FaultReportCreateEvent") && own.output.contains("FR-UNIT-1"), "\(own.output)")
        let shared = try await dev.onepoint(["tail", "ticket-commands", "fault-reports", "dead-letters", "--from-beginning", "--idle-exit", "3", "--json"] + config)
        #expect(shared.status == 0, "\(shared.output)")
        #expect(!shared.output.contains("TroubleTicketCommandEvent") && !shared.output.contains("FaultReportCreateEvent"), "\(shared.output)")
        #expect(!shared.output.contains("unauthorized"), "nothing refused: \(shared.output)")
    }
}
