import Foundation
import OnePointContracts
import OnePointDomain
import OnePointReporting
import OnePointTestSupport
import Testing

/// Open work at the month's end (DOMAIN.md §7): an order past its deadline and not complete
/// counts as late in the month its deadline passed; the final figure replaces it.
@Suite("Reporting open work", .serialized)
struct OpenWorkTests {
    func overdue(_ h: WorkerHarness, _ order: String, deadline: String, leg: String? = nil) throws -> EventRecord {
        try h.record(
            .serviceOrderOverdue,
            OrderDeadlineStep(
                orderId: order, workOrderId: leg, unit: "GD-SZ", level: .gold, percent: 100, target: .coordinatingParty, targetUnit: "GD-SZ",
                deadline: at(deadline), at: h.clock.now(), overdueOccurrences: 1),
            unit: "GD-SZ")
    }

    @Test("an overdue order open at the month's end counts late there (50 of 51: 6 points); its on-time fact in December revises November back to 10")
    func overdueOrder() async throws {
        let h = try WorkerHarness.reporting(start: at("2026-11-26T10:00:00+08:00"))
        try await h.run(h.logic, reading: reportingOutputs) { outputs in
            var records = try h.tally(.provisioningOnTime, "GD-SZ", met: 50, of: 50, prefix: "SO-SZ")
            records.append(try overdue(h, "SO-OPEN", deadline: "2026-11-25T18:00:00+08:00"))
            records.append(try overdue(h, "SO-LEG", deadline: "2026-11-25T18:00:00+08:00", leg: "WO-SO-LEG-1"))  // a late leg: not the order
            try await h.send(records)
            try await h.settle()
            try await h.advance(to: at("2026-12-01T00:00:00+08:00"))
            try await outputs.wait("Shenzhen's November draft") { try !$0.reports("GD-SZ", "2026-11").isEmpty }
            let draft = try #require(try outputs.events.reports("GD-SZ", "2026-11").last)
            // 50 of 51 is 98.03 %: 980 ‰, no full 0.1 % above 98 %: 6 points.
            #expect(draft.scorecard.parts.first { $0.part == .provisioningOnTime }?.detail == "50 of 51 (98.0 %)")
            #expect(draft.scorecard[.provisioningOnTime] == 6)
            #expect(draft.problems.count == 1 && draft.problems[0].contains("SO-OPEN"))

            // The order completes late on 3 December: a December fact; November's open count is replaced.
            try await h.advance(to: at("2026-12-03T10:00:00+08:00"))
            try await h.send([try h.fact(.provisioningOnTime, "GD-SZ", "SO-OPEN", month: "2026-12", met: false)])
            try await h.settle()
            try await outputs.wait("Shenzhen's November revised") { try $0.reports("GD-SZ", "2026-11").count == 2 }
            let revised = try #require(try outputs.events.reports("GD-SZ", "2026-11").last)
            #expect(revised.revision == 2 && revised.scorecard[.provisioningOnTime] == 10 && revised.problems.isEmpty)
            #expect(revised.changes?.contains("total: 71 → 75") == true)
            try await h.advance(to: at("2027-01-01T00:00:00+08:00"))
            try await outputs.wait("Shenzhen's December draft") { try !$0.reports("GD-SZ", "2026-12").isEmpty }
            let december = try #require(try outputs.events.scorecards("GD-SZ", "2026-12").last)
            #expect(december.parts.first { $0.part == .provisioningOnTime }?.detail == "0 of 1 (0.0 %)")
        }
    }

    /// Shenzhen's Gold survey PS-OPEN, requested Thursday 26 November 10:00 and due Monday 30
    /// November 17:00, and its deadline step (100 %): the request, then the step.
    static func survey(_ h: WorkerHarness) throws -> [EventRecord] {
        let request = ResourceCheckRequest(
            id: "PS-OPEN", kind: .existingNetworkSurvey, customer: CustomerReference(id: "C-1", name: "客户 C-1", level: .gold),
            serviceType: .ethernetPrivateLine, bandwidthKbps: 100_000, accessPoints: [], requestingUnit: "GD-SZ", assignedUnit: "GD-SZ",
            customerManager: Contact(name: "经理", phone: "+86 138 0000 0001"), requestedAt: at("2026-11-26T10:00:00+08:00"))
        let step = EscalationNotice(
            entity: EntityReference(kind: .resourceCheck, id: "PS-OPEN"), level: 1, percent: 100, target: .parentUnit, targetUnit: "GD",
            handlingUnit: "GD-SZ", customerLevel: .gold, limit: "3 working days", startedAt: at("2026-11-26T10:00:00+08:00"),
            deadline: at("2026-11-30T17:00:00+08:00"), elapsedMinutes: 1440, remainingMinutes: 0, at: at("2026-11-30T17:00:00+08:00"))
        return [try h.record(.resourceCheckRequest, request, unit: "GD-SZ"), try h.record(.escalationNotification, step, unit: "GD-SZ")]
    }

    @Test("a survey past its deadline and unanswered at the month's end counts with its working minutes so far; its answer in December revises November")
    func openSurvey() async throws {
        let h = try WorkerHarness.reporting(start: at("2026-11-26T10:00:00+08:00"))
        try await h.run(h.logic, reading: reportingOutputs) { outputs in
            // Due Monday 30 November 17:00; the working day ends at 18:00: 60 working minutes
            // over at the month's end, Gold's 30-minute steps: 2 steps, 0.4 off.
            try await h.send(try Self.survey(h))
            try await h.settle()
            try await h.advance(to: at("2026-12-01T00:00:00+08:00"))
            try await outputs.wait("Shenzhen's November draft") { try !$0.reports("GD-SZ", "2026-11").isEmpty }
            let draft = try #require(try outputs.events.reports("GD-SZ", "2026-11").last)
            #expect(draft.scorecard[.existingNetworkSurvey] == pts("9.6"))
            #expect(draft.scorecard.parts.first { $0.part == .existingNetworkSurvey }?.detail == "1 item(s), 1 over the limit, 2 step(s), 0.4 off")
            #expect(draft.problems.count == 1 && draft.problems[0].contains("PS-OPEN") && draft.problems[0].contains("60 min over"))

            // Answered on 2 December: a December fact; November's open count is replaced.
            try await h.advance(to: at("2026-12-02T10:00:00+08:00"))
            try await h.send([try h.fact(.existingNetworkSurvey, "GD-SZ", "PS-OPEN", month: "2026-12", level: .gold, overrun: 600)])
            try await h.settle()
            try await outputs.wait("Shenzhen's November revised") { try $0.reports("GD-SZ", "2026-11").count == 2 }
            let revised = try #require(try outputs.events.reports("GD-SZ", "2026-11").last)
            #expect(revised.scorecard[.existingNetworkSurvey] == 10 && revised.problems.isEmpty)
        }
    }
}
