import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointFault
import Testing

@Suite("Fault worker: planned outages, repeated faults, bad input")
struct OutageAndRepeatTests {
    @Test("alarms inside an approved cutover window open no ticket; one that outlasts the window opens a planned ticket at the window's end")
    func plannedOutages() async throws {
        let harness = try FaultHarness()
        var inventory = TestInventory()
        let inTime = inventory.customer("C-IN", .gold)
        let overrun = inventory.customer("C-OVER", .gold)
        inventory.element("GZ-OTN-1", unit: "GD-GZ", circuits: inTime)
        inventory.element("GZ-OTN-2", unit: "GD-GZ", circuits: overrun)
        try await harness.run { outputs in
            try await harness.load(inventory)
            for (id, element) in [("CO-1", "GZ-OTN-1"), ("CO-2", "GZ-OTN-2")] {
                try await harness.send(.plannedOutage, PlannedOutage(
                    cutoverId: id, unit: "GD-GZ", windowStart: t0, windowEnd: t0 + minutes(60), elementIds: [element], circuitIds: []))
            }
            try await harness.settle()
            try await harness.advance(to: t0 + minutes(5))
            try await harness.raise(.init(id: "GZ-OTN-1", type: .networkElement), at: t0 + minutes(5))
            try await harness.raise(.init(id: "GZ-OTN-2", type: .networkElement), at: t0 + minutes(5))
            try await harness.settle()
            try await harness.advance(to: t0 + minutes(30))
            try await harness.clear(.init(id: "GZ-OTN-1", type: .networkElement), raised: t0 + minutes(5), at: t0 + minutes(30))
            try await harness.settle()
            let planned = try await harness.read { db in
                try String.fetchAll(db, sql: "SELECT disposition FROM fault_alarms ORDER BY reduction_key")
            }
            #expect(planned == ["planned", "planned"])
            #expect(try await harness.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fault_tickets") } == 0)

            try await harness.advance(to: t0 + minutes(61))
            #expect(try await outputs.wait { _ in outputs.creates.count == 1 })
            let ticket = try #require(outputs.creates.first)
            #expect(ticket.circuitIds == overrun)
            #expect(ticket.planned)
            #expect(ticket.startedAt == t0 + minutes(60), "the clock starts when the window ends")
            #expect(ticket.customers.first?.deadline == t0 + minutes(60 + 240))
            #expect(try await harness.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fault_tickets") } == 1)
        }
    }

    @Test("when approved windows overlap, the one that started first holds the alarm, then the smaller cutover id")
    func overlappingOutages() async throws {
        let harness = try FaultHarness()
        var inventory = TestInventory()
        let first = inventory.customer("C-FIRST", .gold)
        let tied = inventory.customer("C-TIED", .gold)
        inventory.element("GZ-OTN-5", unit: "GD-GZ", circuits: first)
        inventory.element("GZ-OTN-6", unit: "GD-GZ", circuits: tied)
        try await harness.run { outputs in
            try await harness.load(inventory)
            // On GZ-OTN-5 the window that started first has the larger id and ends first; on
            // GZ-OTN-6 both start together, and the smaller id ends last (neither order of ends
            // nor of arrival decides).
            let windows: [(id: String, element: String, start: Date, end: Date)] = [
                ("CO-A", "GZ-OTN-5", t0 + minutes(2), t0 + minutes(90)), ("CO-B", "GZ-OTN-5", t0, t0 + minutes(60)),
                ("CO-D", "GZ-OTN-6", t0, t0 + minutes(60)), ("CO-C", "GZ-OTN-6", t0, t0 + minutes(90)),
            ]
            for window in windows {
                try await harness.send(.plannedOutage, PlannedOutage(
                    cutoverId: window.id, unit: "GD-GZ", windowStart: window.start, windowEnd: window.end, elementIds: [window.element], circuitIds: []))
            }
            try await harness.settle()
            try await harness.advance(to: t0 + minutes(5))
            try await harness.raise(.init(id: "GZ-OTN-5", type: .networkElement), at: t0 + minutes(5))
            try await harness.raise(.init(id: "GZ-OTN-6", type: .networkElement), at: t0 + minutes(5))
            try await harness.settle()
            let held = try await harness.read { db in
                try Row.fetchAll(db, sql: "SELECT object_id, disposition, outage_id FROM fault_alarms ORDER BY object_id").map {
                    [$0["object_id"] as String, $0["disposition"] as String, $0["outage_id"] as String? ?? "none"]
                }
            }
            #expect(held == [["GZ-OTN-5", "planned", "CO-B"], ["GZ-OTN-6", "planned", "CO-C"]])
            #expect(outputs.creates.isEmpty)
        }
    }

    @Test("a circuit with more than 2 faults in 30 days is flagged for problem management")
    func repeatedFaults() async throws {
        var settings = FaultHarness.testSettings
        settings.reopenWindow = minutes(10)
        settings.flapHoldDown = 0
        let harness = try FaultHarness(settings: settings)
        var inventory = TestInventory()
        let circuit = inventory.customer("C-REP", .silver)[0]
        let object = Alarm.AlarmedObject(id: circuit, type: .circuit)
        try await harness.run { outputs in
            try await harness.load(inventory)
            for n in 0..<3 {
                let raised = t0 + minutes(Double(n * 60))
                try await harness.advance(to: raised)
                try await harness.raise(object, at: raised)
                try await harness.settle()
                try await harness.advance(to: raised + minutes(5))
                try await harness.clear(object, raised: raised, at: raised + minutes(5))
                try await harness.settle()
            }
            // The flag and the tickets travel on different topics: wait for both.
            #expect(try await outputs.wait { events in
                events.contains { if case .repeated = $0 { true } else { false } }
                    && events.filter { $0.ticketEvent?.0 == .troubleTicketCreate }.count >= 3
            })
            #expect(outputs.creates.count == 3, "restored more than 10 min before: new tickets, not reopens")
            let flags = outputs.events.compactMap { if case .repeated(let r) = $0 { r } else { nil } }
            #expect(flags.count == 1)
            #expect(flags.first?.circuitId == circuit)
            #expect(flags.first?.faultCount == 3)
            #expect(flags.first?.periodDays == 30)
            #expect(flags.first?.ticketIds == outputs.creates.map(\.id))
        }
    }

    @Test("bad input is dead-lettered with its reason and the worker goes on")
    func badInput() async throws {
        let harness = try FaultHarness()
        var inventory = TestInventory()
        let circuit = inventory.customer("C-OK", .gold)[0]
        try await harness.run { outputs in
            try await harness.load(inventory)
            try await harness.sendRaw(.alarms, key: "x", value: Array("{not json".utf8))
            try await harness.command("TT-NOPE", .acknowledge)
            try await harness.command("TT-NOPE", .note)
            try await harness.raise(.init(id: circuit, type: .circuit), at: t0)
            try await harness.settle()
            #expect(try await outputs.wait { events in
                events.filter { if case .deadLetter = $0 { true } else { false } }.count >= 3 && !events.compactMap(\.ticket).isEmpty
            })
            let kinds = outputs.events.compactMap { if case .deadLetter(let kind, _) = $0 { kind } else { nil } }
            #expect(kinds.sorted() == ["malformed", "missing-field", "validation"])
            #expect(outputs.creates.count == 1)
        }
    }
}
