import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointFault
import Testing

@Suite("Fault worker: restoration clocks, escalation ladder, progress feedback, key-assurance periods")
struct ClockTests {
    @Test("the escalation ladder fires at 50/100/150/200 % of each level's limit, up the tiers; feedback at each level's interval until restoration")
    func ladderAndFeedback() async throws {
        let harness = try FaultHarness()
        var inventory = TestInventory()
        let levels: [CustomerLevel] = [.key, .diamond, .gold, .silver, .bronze]
        let limits = [CustomerLevel.key: 90, .diamond: 120, .gold: 240, .silver: 360, .bronze: 480]
        let intervals = [CustomerLevel.key: 30, .diamond: 30, .gold: 60, .silver: 120, .bronze: 240]
        var circuitOf: [CustomerLevel: String] = [:]
        for level in levels { circuitOf[level] = inventory.customer("C-\(level.rawValue.uppercased())", level)[0] }
        try await harness.run { outputs in
            try await harness.load(inventory)
            for level in levels { try await harness.raise(.init(id: circuitOf[level] ?? "", type: .circuit), at: t0) }
            try await harness.settle()
            #expect(try await outputs.wait { _ in outputs.creates.count == 5 })
            let ticketOf = Dictionary(uniqueKeysWithValues: outputs.creates.compactMap { ticket in
                ticket.customers.first.map { ($0.customer.level, ticket.id) }
            })
            // Before anything fires, each ticket holds one escalation timer: its first step's
            // instant (each step sets the next as it fires).
            let escalationTimers = try await harness.read { db in
                try Int64.fetchAll(db, sql: "SELECT due_at FROM runtime_timers WHERE timer_id LIKE '%:escalation:50' ORDER BY due_at")
            }
            let allEscalationTimers = try await harness.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runtime_timers WHERE timer_id LIKE '%:escalation:%'")
            }
            let expectedDue = levels.map { level in Int64((t0.timeIntervalSince1970 + Double((limits[level] ?? 0) * 60 * 50 / 100)) * 1000) }.sorted()
            #expect(escalationTimers == expectedDue)
            #expect(allEscalationTimers == levels.count)

            // 16 hours in steps of 15 minutes.
            for step in 1...64 { try await harness.advance(to: t0 + minutes(Double(step * 15))) }
            let expectedFeedback = levels.map { 16 * 60 / (intervals[$0] ?? 1) }.reduce(0, +)
            #expect(try await outputs.wait { $0.compactMap(\.escalation).count >= 20 && $0.compactMap(\.feedback).count >= expectedFeedback })

            for level in levels {
                let ticket = try #require(ticketOf[level])
                let limit = try #require(limits[level])
                let steps = outputs.escalations.filter { $0.entity.id == ticket }.sorted { $0.level < $1.level }
                #expect(steps.map(\.percent) == [50, 100, 150, 200], "\(level)")
                #expect(steps.map(\.at) == [50, 100, 150, 200].map { t0 + minutes(Double(limit * $0 / 100)) }, "\(level)")
                #expect(steps.map(\.target) == [.dutyLead, .parentUnit, .unitAbove, .hqLeadership])
                #expect(steps.map(\.targetUnit) == ["GD-GZ", "GD", "HQ", "HQ"], "duty lead of the city, the province, the unit above (HQ), HQ")
                #expect(steps.map(\.elapsedMinutes) == [50, 100, 150, 200].map { limit * $0 / 100 })
                #expect(steps.map(\.remainingMinutes) == [50, 100, 150, 200].map { limit - limit * $0 / 100 })
                #expect(steps.allSatisfy { $0.customerLevel == level && $0.deadline == t0 + minutes(Double(limit)) })

                let interval = try #require(intervals[level])
                let feedback = outputs.feedbacks.filter { $0.entity.id == ticket }.sorted { $0.sequence < $1.sequence }
                #expect(feedback.count == 16 * 60 / interval, "\(level): every \(interval) min for 16 h")
                #expect(feedback.map(\.at) == (1...feedback.count).map { t0 + minutes(Double($0 * interval)) })
                #expect(feedback.map(\.sequence) == Array(1...feedback.count))
                #expect(feedback.allSatisfy { $0.customerManager.name == "Manager of C-\(level.rawValue.uppercased())" && $0.intervalMinutes == interval })
            }
            #expect(outputs.escalations.count == 20)
            #expect(outputs.feedbacks.count == expectedFeedback)

            // Restored: the clocks stop.
            for level in levels { try await harness.clear(.init(id: circuitOf[level] ?? "", type: .circuit), raised: t0, at: t0 + minutes(16 * 60)) }
            try await harness.settle()
            try await harness.advance(to: t0 + minutes(16 * 60 + 2))
            #expect(try await outputs.wait { _ in outputs.latest.values.filter { $0.status == .resolved }.count == 5 })
            for step in 1...8 { try await harness.advance(to: t0 + minutes(Double(16 * 60 + step * 30))) }
            // Every output of those four hours delivered and read before asserting none is feedback.
            try await harness.quiesce()
            try await outputs.readToEnd()
            let open = try await harness.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runtime_timers WHERE timer_id LIKE '%:feedback:%' OR timer_id LIKE '%:escalation:%'")
            }
            #expect(open == 0, "no feedback or escalation is pending after restoration")
            #expect(outputs.feedbacks.count == expectedFeedback)
            #expect(outputs.latest.values.allSatisfy { $0.escalationLevel == 4 })
        }
    }

    @Test("during a key-assurance period covered customers are handled at Key level; a summary of its faults follows its end")
    func keyAssurancePeriod() async throws {
        let harness = try FaultHarness()
        var inventory = TestInventory()
        let covered = inventory.customer("C-S1", .silver)
        let other = inventory.customer("C-S2", .silver)
        try await harness.run { outputs in
            try await harness.load(inventory)
            try await harness.send(.assurancePeriodCreate, AssurancePeriod(
                periodId: "AP-TEST", name: "重保 test", units: ["GD"], customerIds: ["C-S1"], from: t0, to: t0 + minutes(360), declaredBy: "HQ duty"))
            try await harness.settle()
            try await harness.advance(to: t0 + minutes(10))
            try await harness.raise(.init(id: covered[0], type: .circuit), at: t0 + minutes(10))
            try await harness.raise(.init(id: other[0], type: .circuit), at: t0 + minutes(10))
            try await harness.settle()
            #expect(try await outputs.wait { _ in outputs.creates.count == 2 })
            let keyTicket = try #require(outputs.creates.first { $0.circuitIds == covered })
            #expect(keyTicket.customers.first?.handledAtLevel == .key)
            #expect(keyTicket.customers.first?.customer.level == .silver)
            #expect(keyTicket.customers.first?.limitMinutes == 90)
            let plain = try #require(outputs.creates.first { $0.circuitIds == other })
            #expect(plain.customers.first?.handledAtLevel == .silver)
            #expect(plain.customers.first?.limitMinutes == 360)

            try await harness.advance(to: t0 + minutes(40))
            try await harness.clear(.init(id: covered[0], type: .circuit), raised: t0 + minutes(10), at: t0 + minutes(40))
            try await harness.settle()
            try await harness.advance(to: t0 + minutes(360))
            #expect(try await outputs.wait { $0.contains { if case .summary = $0 { true } else { false } } })
            let summary = try #require(outputs.events.compactMap { if case .summary(let s) = $0 { s } else { nil } }.first)
            #expect(summary.periodId == "AP-TEST")
            #expect(summary.ticketIds == [keyTicket.id])
            #expect(summary.restoredInTime == 1)
            #expect(summary.longestRestorationMinutes == 30)
            #expect(summary.to == t0 + minutes(360))
        }
    }
}
