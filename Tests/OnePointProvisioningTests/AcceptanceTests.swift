import Foundation
import OnePointContracts
import OnePointDomain
import Testing

/// DOMAIN.md §5: accept point by point, then as a whole. Each leg's in-progress inspection goes
/// with its engineering; each leg's own preliminary acceptance follows its local completion; the
/// whole order's follows end-to-end completion and every point's.
@Suite("Provisioning: acceptance point by point, then as a whole")
struct AcceptanceTests {
    /// A Silver order in Guangzhou and Shenzhen raised by Shenzhen: legs GD (backbone, files the
    /// end-to-end report), GD-GZ and GD-SZ.
    static func submit(_ id: String, _ harness: ProvisioningHarness) async throws {
        try await harness.send(
            .serviceOrderCreate, try Fixtures.order(id, level: .silver, points: ["GD-GZ", "GD-SZ"], initiator: "GD-SZ", at: harness.clock.now()),
            from: "GD-SZ")
        try await harness.events(.workOrderCreate, as: WorkOrder.self, count: 3)
    }

    static func deadLetters(_ harness: ProvisioningHarness, containing text: String) -> Int {
        harness.deadLetterMessages.filter { $0.contains(text) }.count
    }

    @Test("the inspection goes with engineering, points are accepted one by one, then the whole order")
    func pointByPoint() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"))
        let id = "SO-POINTS-1"
        try await harness.run {
            try await Self.submit(id, harness)
            // Inspection before engineering: refused, it goes with engineering.
            try await harness.accept(id, "GD-GZ", .inProgressInspection)
            try await harness.wait("the early inspection refused") { _ in
                Self.deadLetters(harness, containing: "goes with engineering; the work order is in resourceDispatch") == 1
            }
            try await harness.stage(id, "GD-GZ", .engineering)
            // Leaving engineering without a passed inspection: refused, once before any
            // inspection and once after a failed one.
            let notInspected = "cannot move from engineering to configurationActivation before its in-progress inspection"
            try await harness.stage(id, "GD-GZ", .configurationActivation)
            try await harness.wait("configuration refused before the inspection") { _ in Self.deadLetters(harness, containing: notInspected) == 1 }
            try await harness.accept(id, "GD-GZ", .inProgressInspection, passed: false)
            try await harness.stage(id, "GD-GZ", .configurationActivation)
            try await harness.wait("configuration refused after a failed inspection") { _ in Self.deadLetters(harness, containing: notInspected) == 2 }
            #expect(try harness.workOrders(of: id)["GD-GZ"]?.stage == .engineering)
            try await harness.accept(id, "GD-GZ", .inProgressInspection)
            try await harness.stage(id, "GD-GZ", .configurationActivation)
            try await harness.waitStage(id, "GD-GZ", .configurationActivation)
            try await harness.file(id, "GD-GZ", report: "TR-\(id)-GD-GZ", stage: .local, scope: .crossCity)
            try await harness.stage(id, "GD-GZ", .localCompletion)
            try await harness.events(.serviceOrderLegCompleted, as: LegCompletion.self)

            // A point is accepted after its own local completion, while other legs still work.
            try await harness.accept(id, "GD-SZ", .preliminaryAcceptance)
            try await harness.wait("a point refused before its local completion") { _ in
                Self.deadLetters(harness, containing: "follows its local completion") == 1
            }
            try await harness.accept(id, "GD-GZ", .preliminaryAcceptance)
            try await harness.waitStage(id, "GD-GZ", .preliminaryAcceptance)
            for unit: UnitID in ["GD", "GD-SZ"] { try await harness.completeLeg(id, unit, scope: .crossCity) }
            try await harness.events(.serviceOrderLegCompleted, as: LegCompletion.self, count: 3)
            try await harness.file(id, "GD", report: "TR-E2E", stage: .endToEnd, scope: .crossCity)
            try await harness.stage(id, "GD", .endToEndCompletion)
            try await harness.accept(id, "GD", .preliminaryAcceptance)
            try await harness.waitStage(id, "GD", .preliminaryAcceptance)
            // GD's point is accepted; its next preliminary acceptance is the whole order's,
            // refused while Shenzhen's point is not accepted.
            try await harness.accept(id, "GD", .preliminaryAcceptance)
            try await harness.wait("the whole refused before every point") { _ in
                Self.deadLetters(harness, containing: "comes after every point's; not yet accepted: GD-SZ") == 1
            }
            #expect(try harness.seen(.assessmentRecord, as: AssessmentRecord.self).filter { $0.part == .acceptancePass }.isEmpty)
            try await harness.accept(id, "GD-SZ", .preliminaryAcceptance)
            try await harness.waitStage(id, "GD-SZ", .preliminaryAcceptance)
            for step in [WorkOrderStage.preliminaryAcceptance, .trialOperation, .finalAcceptance] { try await harness.accept(id, "GD", step) }
            let done = try await harness.events(.serviceOrderCompleted, as: OrderCompletion.self)[0]
            #expect(done.orderId == id)
            let facts = try harness.seen(.assessmentRecord, as: AssessmentRecord.self)
            #expect(facts.filter { $0.part == .acceptancePass }.map(\.met) == [true], "scored once, at the whole order's acceptance")
            #expect(harness.deadLetterMessages.count == 5, "\(harness.deadLetterMessages)")
        }
    }

    @Test("a failed point returns that leg to engineering and counts against the pass rate at once; the order still completes")
    func failedPoint() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"))
        let id = "SO-POINTS-2"
        try await harness.run {
            try await Self.submit(id, harness)
            for unit: UnitID in ["GD-GZ", "GD", "GD-SZ"] { try await harness.completeLeg(id, unit, scope: .crossCity) }
            try await harness.events(.serviceOrderLegCompleted, as: LegCompletion.self, count: 3)
            try await harness.accept(id, "GD-GZ", .preliminaryAcceptance, passed: false)
            let fact = try await harness.events(.assessmentRecord, as: AssessmentRecord.self)[0]
            #expect(fact.part == .acceptancePass)
            #expect(fact.met == false)
            #expect(fact.unit == "GD-SZ", "the coordinating unit's")
            try await harness.wait("Guangzhou back in engineering") { _ in
                (try? harness.workOrders(of: id)["GD-GZ"]).map { $0?.stage == .engineering && $0?.acceptanceFailures == 1 } ?? false
            }
            // The rework: inspected again, tested and completed locally again.
            try await harness.accept(id, "GD-GZ", .inProgressInspection)
            try await harness.stage(id, "GD-GZ", .configurationActivation)
            try await harness.waitStage(id, "GD-GZ", .configurationActivation)
            try await harness.file(id, "GD-GZ", report: "TR-\(id)-GD-GZ-2", stage: .local, scope: .crossCity)
            try await harness.stage(id, "GD-GZ", .localCompletion)
            try await harness.events(.serviceOrderLegCompleted, as: LegCompletion.self, count: 4)
            try await harness.file(id, "GD", report: "TR-E2E", stage: .endToEnd, scope: .crossCity)
            try await harness.stage(id, "GD", .endToEndCompletion)
            try await harness.acceptAll(id, "GD")
            try await harness.events(.serviceOrderCompleted, as: OrderCompletion.self)
            let facts = try harness.seen(.assessmentRecord, as: AssessmentRecord.self)
            #expect(facts.filter { $0.part == .acceptancePass }.map(\.met) == [false], "scored once, at the first failure")
            #expect(harness.deadLetterMessages.isEmpty, "\(harness.deadLetterMessages)")
        }
    }
}
