import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointFault
import Testing

@Suite("Fault worker: one root cause, one ticket")
struct CorrelationTests {
    @Test("a fibre cut over 100 circuits of 30 customers opens one parent ticket with a child per customer; alarms that hurt no customer are recorded, not ticketed")
    func fibreCut() async throws {
        let harness = try FaultHarness()
        var inventory = TestInventory()
        let levels: [CustomerLevel] = [.key, .diamond, .gold, .silver, .bronze]
        var circuits: [String] = []
        for n in 0..<30 {
            // 100 circuits over 30 customers: the first ten customers have four, the others three.
            circuits += inventory.customer("C-\(100 + n)", levels[n % 5], circuits: n < 10 ? 4 : 3)
        }
        #expect(circuits.count == 100)
        inventory.element("GD-FIBRE-01", .fibreCable, unit: "GD", circuits: circuits)
        inventory.element(
            "GZ-PTN-01", unit: "GD-GZ",
            ports: [.init(id: "1-1-1", circuitIds: Array(circuits[0..<50])), .init(id: "1-1-2", circuitIds: Array(circuits[50...]))],
            circuits: circuits)
        inventory.element("GZ-IDLE-09", unit: "GD-GZ", circuits: [])
        try await harness.run { outputs in
            try await harness.load(inventory)
            // The storm, in the order an NMS might send it: a port first, then the fibre, the circuits, the other port.
            var records: [EventRecord] = []
            func raise(_ object: Alarm.AlarmedObject, _ offset: TimeInterval) throws {
                records.append(try harness.record(.alarmCreate, NMS.alarm(.raised, on: object, raised: t0 + offset)))
            }
            try raise(.init(id: "GZ-PTN-01/1-1-1", type: .port), 1)
            try raise(.init(id: "GD-FIBRE-01", type: .fibre), 0)
            for circuit in circuits { try raise(.init(id: circuit, type: .circuit), 2) }
            try raise(.init(id: "GZ-PTN-01/1-1-2", type: .port), 1)
            for repeatCount in 1...5 {
                records.append(try harness.record(
                    .alarmAttributeValueChange,
                    NMS.alarm(.updated, on: .init(id: "GD-FIBRE-01", type: .fibre), raised: t0, changed: t0 + Double(repeatCount))))
            }
            try raise(.init(id: "GZ-IDLE-09", type: .networkElement), 3)
            try await harness.send(records)
            try await harness.settle()
            #expect(try await outputs.wait { _ in outputs.latest.values.first?.relatedAlarms.count == 103 })

            #expect(outputs.creates.count == 1, "one root cause, one ticket")
            let ticket = try #require(outputs.latest.values.first)
            #expect(outputs.latest.count == 1)
            #expect(ticket.circuitIds.count == 100)
            #expect(Set(ticket.circuitIds) == Set(circuits))
            #expect(ticket.customers.count == 30)
            #expect(ticket.startedAt == t0, "the clock starts at the earliest alarm (the fibre's)")
            #expect(ticket.description == "lossOfSignal on fibre GD-FIBRE-01: 100 circuits of 30 customers", "named by the widest cause, not the port read first")
            #expect(ticket.unit == "GD", "handled by the fibre's unit, not the port's (GD-GZ) read first")
            for impact in ticket.customers {
                let limit = [CustomerLevel.key: 90, .diamond: 120, .gold: 240, .silver: 360, .bronze: 480][impact.customer.level]
                #expect(impact.limitMinutes == limit)
                #expect(impact.handledAtLevel == impact.customer.level)
                #expect(impact.circuitIds.allSatisfy { $0.hasPrefix(impact.customer.id + "-") })
            }
            #expect(ticket.customers.map(\.circuitIds.count).reduce(0, +) == 100)
            #expect(ticket.relatedAlarms.first?.reductionKey.hasPrefix("circuit:") == false, "element alarms are listed first")

            let rows = try await harness.read { db in
                try Row.fetchAll(db, sql: "SELECT reduction_key, disposition, count FROM fault_alarms").map {
                    (key: $0["reduction_key"] as String, disposition: $0["disposition"] as String, count: $0["count"] as Int)
                }
            }
            let byKey = Dictionary(uniqueKeysWithValues: rows.map { ($0.key, $0) })
            #expect(byKey["fibre:GD-FIBRE-01:lossOfSignal"]?.count == 6, "repeats are counted on the one alarm")
            #expect(byKey["networkElement:GZ-IDLE-09:lossOfSignal"]?.disposition == "noImpact")
            #expect(rows.count == 104)
        }
    }

    @Test("alarms on one element within the correlation window join the ticket; later ones open their own")
    func correlationWindow() async throws {
        let harness = try FaultHarness()
        var inventory = TestInventory()
        let x = inventory.customer("C-X", .gold)
        let y = inventory.customer("C-Y", .silver)
        let z = inventory.customer("C-Z", .bronze)
        inventory.element(
            "SZ-PTN-02", unit: "GD-SZ",
            ports: [.init(id: "1", circuitIds: x), .init(id: "2", circuitIds: y), .init(id: "3", circuitIds: z)], circuits: x + y + z)
        try await harness.run { outputs in
            try await harness.load(inventory)
            try await harness.raise(.init(id: "SZ-PTN-02/1", type: .port), at: t0)
            try await harness.settle()
            try await harness.advance(to: t0 + 90)
            try await harness.raise(.init(id: "SZ-PTN-02/2", type: .port), at: t0 + 90)
            try await harness.settle()
            try await harness.advance(to: t0 + minutes(10))
            try await harness.raise(.init(id: "SZ-PTN-02/3", type: .port), at: t0 + minutes(10))
            try await harness.settle()
            #expect(try await outputs.wait { _ in outputs.creates.count == 2 && outputs.latest.values.contains { $0.circuitIds.count == 2 } })
            let first = try #require(outputs.latest[outputs.creates[0].id])
            #expect(Set(first.customers.map(\.customer.id)) == ["C-X", "C-Y"])
            #expect(first.customers.first { $0.customer.id == "C-Y" }?.deadline == t0 + 90 + minutes(360), "each child has its own clock")
            #expect(outputs.creates[1].customers.map(\.customer.id) == ["C-Z"])
        }
    }

    @Test("a customer report joins the alarm ticket of its circuit and starts the clock earlier; an alarm joins a report's ticket")
    func reportJoinsAlarmTicket() async throws {
        let harness = try FaultHarness()
        var inventory = TestInventory()
        let a = inventory.customer("C-A", .diamond)
        let b = inventory.customer("C-B", .gold)
        try await harness.run { outputs in
            try await harness.load(inventory)
            try await harness.advance(to: t0 + minutes(5))
            try await harness.raise(.init(id: a[0], type: .circuit), at: t0 + minutes(5))
            #expect(try await outputs.wait { _ in outputs.creates.count == 1 })
            let report = FaultReport(
                reportId: "FR-1", circuitId: a[0], customerId: "C-A", unit: "GD-GZ", channel: .phone,
                reportedBy: Contact(name: "IT desk", phone: "1"), reportedAt: t0, description: "link down since 10:00")
            try await harness.send(.faultReportCreate, report)
            try await harness.settle()
            #expect(try await outputs.wait { _ in outputs.latest.values.first?.faultReportIds == ["FR-1"] })
            let joined = try #require(outputs.latest[outputs.creates[0].id])
            #expect(joined.startedAt == t0, "the clock starts at the earlier of report and alarm")
            #expect(joined.customers.first?.deadline == t0 + minutes(120))

            // A report on another circuit opens a ticket; the alarm that follows joins it.
            try await harness.send(.faultReportCreate, FaultReport(
                reportId: "FR-2", circuitId: b[0], customerId: "C-B", unit: "GD-GZ", channel: .portal,
                reportedBy: Contact(name: "B", phone: "2"), reportedAt: t0 + minutes(5), description: "slow"))
            try await harness.settle()
            try await harness.raise(.init(id: b[0], type: .circuit), at: t0 + minutes(6))
            try await harness.settle()
            #expect(try await outputs.wait { _ in outputs.latest.values.contains { $0.faultReportIds == ["FR-2"] && $0.relatedAlarms.count == 1 } })
            #expect(outputs.creates.count == 2)
            let second = try #require(outputs.latest[outputs.creates[1].id])
            #expect(second.description == "lossOfSignal on circuit \(b[0]): 1 circuit of 1 customer", "the alarm names the ticket the report opened")
            #expect(joined.description.hasPrefix("lossOfSignal on circuit \(a[0])"), "a report does not take over an alarm's ticket")
        }
    }
}
