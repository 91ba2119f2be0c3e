import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointFault
import Testing

@Suite("Fault worker: alarm to ticket to closed, through the real runtime on a simulated clock")
struct TicketLifecycleTests {
    @Test("raise → ticket with the level's clock → clear → restored at the clear → confirmed → closed; unconfirmed tickets close by timeout")
    func raiseToClosed() async throws {
        let harness = try FaultHarness()
        var inventory = TestInventory()
        let gold = inventory.customer("C-GOLD", .gold)
        let silver = inventory.customer("C-SILVER", .silver)
        let goldCircuit = Alarm.AlarmedObject(id: gold[0], type: .circuit)
        let silverCircuit = Alarm.AlarmedObject(id: silver[0], type: .circuit)
        try await harness.run { outputs in
            try await harness.load(inventory)
            try await harness.raise(goldCircuit, at: t0)
            try await harness.raise(silverCircuit, at: t0)
            #expect(try await outputs.wait { $0.compactMap(\.ticket).count >= 2 })
            let created = outputs.creates
            #expect(created.count == 2)
            let goldTicket = try #require(created.first { $0.circuitIds == [gold[0]] })
            #expect(goldTicket.status == .acknowledged)
            #expect(goldTicket.startedAt == t0)
            #expect(goldTicket.unit == "GD-GZ")
            #expect(goldTicket.customers.map(\.limitMinutes) == [240], "Gold: 4 h")
            #expect(goldTicket.customers.first?.deadline == t0 + minutes(240))
            #expect(goldTicket.relatedAlarms.map(\.reductionKey) == ["circuit:\(gold[0]):lossOfSignal"])
            let silverTicket = try #require(created.first { $0.circuitIds == [silver[0]] })
            #expect(silverTicket.customers.first?.deadline == t0 + minutes(360), "Silver: 6 h")

            // An operator takes the Gold ticket, then its alarm clears at +25 min.
            try await harness.command(goldTicket.id, .acknowledge)
            #expect(try await outputs.wait { $0.contains { $0.ticket?.id == goldTicket.id && $0.ticket?.status == .inProgress } })
            try await harness.advance(to: t0 + minutes(25))
            try await harness.clear(goldCircuit, raised: t0, at: t0 + minutes(25))
            try await harness.clear(silverCircuit, raised: t0, at: t0 + minutes(25))
            try await harness.settle()
            // The clear takes effect once the flapping hold-down (60 s) has passed.
            try await harness.advance(to: t0 + minutes(26))
            #expect(try await outputs.wait { outputs in outputs.compactMap(\.ticket).filter { $0.status == .resolved }.count == 2 })
            let restored = try #require(outputs.latest[goldTicket.id])
            #expect(restored.status == .resolved)
            #expect(restored.restoredAt == t0 + minutes(25), "restoration is recorded at the clear, not at the end of the hold-down")
            #expect(restored.customers.first?.restoredAt == t0 + minutes(25))
            #expect(restored.relatedAlarms.first?.clearedAt == t0 + minutes(25))

            // The customer confirms the Gold ticket at +40 min (not before the worker's clock is
            // there: a command dated in the future is refused); the Silver one is never confirmed.
            try await harness.advance(to: t0 + minutes(40))
            try await harness.command(goldTicket.id, .confirm, by: "customer", at: t0 + minutes(40))
            #expect(try await outputs.wait { _ in outputs.latest[goldTicket.id]?.status == .closed })
            #expect(outputs.latest[goldTicket.id]?.closedAt == t0 + minutes(40))
            #expect(outputs.latest[silverTicket.id]?.status == .resolved)
            try await harness.advance(to: t0 + minutes(25) + 24 * 3600)
            #expect(try await outputs.wait { _ in outputs.latest[silverTicket.id]?.status == .closed })
            let closed = try #require(outputs.latest[silverTicket.id])
            #expect(closed.closedAt == t0 + minutes(25) + 24 * 3600, "closed when the 24 h confirmation period ran out")
            #expect(closed.statusHistory.map(\.status) == [.acknowledged, .inProgress, .resolved, .closed])
        }
    }

    @Test("a clear that arrives before its raise is kept: the raise opens the ticket and the clear restores it")
    func clearBeforeRaise() async throws {
        let harness = try FaultHarness()
        var inventory = TestInventory()
        let circuits = inventory.customer("C-DIAMOND", .diamond)
        let object = Alarm.AlarmedObject(id: circuits[0], type: .circuit)
        try await harness.run { outputs in
            try await harness.load(inventory)
            try await harness.advance(to: t0 + minutes(5))
            try await harness.clear(object, raised: t0, at: t0 + minutes(4))
            try await harness.settle()
            let kept = try await harness.read { db in
                try String.fetchOne(db, sql: "SELECT status FROM fault_alarms WHERE reduction_key = ?", arguments: ["circuit:\(circuits[0]):lossOfSignal"])
            }
            #expect(kept == "orphanClear", "the clear waits for its raise")
            try await harness.raise(object, at: t0)
            #expect(try await outputs.wait { $0.contains { $0.ticket?.status == .resolved } })
            #expect(outputs.creates.count == 1)
            let ticket = try #require(outputs.tickets.last)
            #expect(ticket.startedAt == t0)
            #expect(ticket.restoredAt == t0 + minutes(4))
        }
    }

    @Test("a flapping alarm is held down: a clear followed by a raise within 60 s neither restores nor reopens; the final clear restores once")
    func flapping() async throws {
        let harness = try FaultHarness()
        var inventory = TestInventory()
        let circuits = inventory.customer("C-BRONZE", .bronze)
        let object = Alarm.AlarmedObject(id: circuits[0], type: .circuit)
        try await harness.run { outputs in
            try await harness.load(inventory)
            try await harness.raise(object, at: t0)
            #expect(try await outputs.wait { !$0.compactMap(\.ticket).isEmpty })
            // Five flaps: clear, then raised again 20 s later, every minute.
            for flap in 0..<5 {
                let base = t0 + minutes(Double(flap + 1))
                try await harness.advance(to: base)
                try await harness.clear(object, raised: t0, at: base)
                try await harness.send(.alarmCreate, NMS.alarm(.raised, on: object, raised: base + 20))
                try await harness.settle()
            }
            try await harness.advance(to: t0 + minutes(10))
            let flaps = try await harness.read { db in
                try Row.fetchOne(db, sql: "SELECT flaps, status FROM fault_alarms WHERE reduction_key = ?", arguments: ["circuit:\(circuits[0]):lossOfSignal"])
                    .map { (flaps: $0["flaps"] as Int, status: $0["status"] as String) }
            }
            #expect(flaps?.flaps == 5)
            #expect(flaps?.status == "active")
            // Every output of the flapping delivered and read before asserting none restored the ticket.
            try await harness.quiesce()
            try await outputs.readToEnd()
            #expect(!outputs.tickets.isEmpty)
            #expect(outputs.tickets.allSatisfy { $0.status == .acknowledged }, "no restoration while it flaps")
            // It stops flapping: one clear, held 60 s, restores.
            try await harness.clear(object, raised: t0 + minutes(5) + 20, at: t0 + minutes(11))
            try await harness.settle()
            try await harness.advance(to: t0 + minutes(12))
            #expect(try await outputs.wait { $0.contains { $0.ticket?.status == .resolved } })
            #expect(outputs.creates.count == 1)
            #expect(outputs.tickets.filter { $0.status == .resolved }.count == 1)
            #expect(outputs.tickets.last?.restoredAt == t0 + minutes(11))
        }
    }

    @Test("a new alarm on a restored circuit within the reopen window reopens the ticket; the restored time does not count")
    func reopen() async throws {
        let harness = try FaultHarness()
        var inventory = TestInventory()
        let circuits = inventory.customer("C-KEY", .key)
        let object = Alarm.AlarmedObject(id: circuits[0], type: .circuit)
        try await harness.run { outputs in
            try await harness.load(inventory)
            try await harness.raise(object, at: t0)
            #expect(try await outputs.wait { !$0.compactMap(\.ticket).isEmpty })
            try await harness.advance(to: t0 + minutes(20))
            try await harness.clear(object, raised: t0, at: t0 + minutes(20))
            try await harness.settle()
            try await harness.advance(to: t0 + minutes(21))
            #expect(try await outputs.wait { $0.contains { $0.ticket?.status == .resolved } })
            // Two hours later it fails again.
            try await harness.advance(to: t0 + minutes(140))
            try await harness.raise(object, at: t0 + minutes(140))
            #expect(try await outputs.wait { $0.contains { $0.ticket?.status == .inProgress } })
            #expect(outputs.creates.count == 1, "reopened, not a new ticket")
            let reopened = try #require(outputs.tickets.last)
            #expect(reopened.reopenCount == 1)
            #expect(reopened.restoredAt == nil)
            #expect(reopened.statusHistory.last?.reason?.contains("reopened") == true)
            // Key limit 90 min: 20 min used before restoration, so 70 min remain from the reopen.
            #expect(reopened.customers.first?.deadline == t0 + minutes(140 + 70))
        }
    }
}
