import Foundation
import OnePointContracts
import OnePointDomain
import Testing

/// Orders carried from intake to completion across city, province and HQ units, through the
/// real worker runtime on an embedded cluster with a simulated clock.
@Suite("Provisioning: orders across the tiers")
struct OrderFlowTests {
    @Test("a local order in one city: one work order, the city files both tests, Gold gets a maintenance manager")
    func localOrder() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"))
        let id = "SO-LOCAL-1"
        try await harness.run {
            try await harness.send(
                .serviceOrderCreate, try Fixtures.order(id, level: .gold, points: ["GD-GZ", "GD-GZ"], initiator: "GD-GZ", at: harness.clock.now()),
                from: "GD-GZ", worker: "crm")
            let accepted = try await harness.events(.serviceOrderAccepted, as: OrderAcceptance.self)[0]
            #expect(accepted.scope == .local)
            #expect(accepted.coordinator == "GD-GZ")
            #expect(accepted.endToEndReporter == "GD-GZ")
            #expect(accepted.limit == "7 working days")
            #expect(accepted.deadline == cst("2026-12-01 18:00"))
            let created = try await harness.events(.workOrderCreate, as: WorkOrder.self)
            #expect(created.map(\.id) == ["\(id)/GD-GZ"])
            #expect(created[0].accessPoints.count == 2)
            #expect(harness.distinct(harness.outputs, .workOrderCreate).map(\.unit) == ["GD-GZ"])

            try await harness.completeLeg(id, "GD-GZ", scope: .local)
            let leg = try await harness.events(.serviceOrderLegCompleted, as: LegCompletion.self)[0]
            #expect(leg.remainingUnits.isEmpty)
            #expect(leg.onTime)
            let e2e = try await harness.file(id, "GD-GZ", report: "TR-E2E", stage: .endToEnd, scope: .local)
            #expect(e2e.outcome == .passed)
            try await harness.stage(id, "GD-GZ", .endToEndCompletion)
            try await harness.acceptAll(id, "GD-GZ")
            let done = try await harness.events(.serviceOrderCompleted, as: OrderCompletion.self)[0]
            #expect(done.onTime)
            #expect(done.overdueOccurrences == 0)
            #expect(done.maintenanceManager != nil)
            let circuits = try await harness.events(.circuitUpdate, as: Circuit.self)
            #expect(circuits.map(\.id) == ["CKT-\(id)"])
            #expect(harness.distinct(harness.outputs, .circuitUpdate).map(\.key) == ["circuit:CKT-\(id)"])
            let facts = try harness.seen(.assessmentRecord, as: AssessmentRecord.self)
            #expect(facts.filter { $0.part == .provisioningOnTime }.map(\.met) == [true])
            #expect(facts.filter { $0.part == .acceptancePass }.map(\.met) == [true])
            #expect(try harness.openTimers() == 0, "no ladder timer outlives the order")
            #expect(harness.deadLetterMessages.isEmpty)
        }
    }

    @Test("a cross-city order inside one province: a backbone leg for the province, which files the end-to-end report")
    func crossCityOrder() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"))
        let id = "SO-XCITY-1"
        try await harness.run {
            try await harness.send(
                .serviceOrderCreate, try Fixtures.order(id, level: .silver, points: ["GD-GZ", "GD-SZ"], initiator: "GD-SZ", at: harness.clock.now()),
                from: "GD-SZ")
            let accepted = try await harness.events(.serviceOrderAccepted, as: OrderAcceptance.self)[0]
            #expect(accepted.scope == .crossCity)
            #expect(accepted.coordinator == "GD-SZ", "the initiator coordinates cross-domain business")
            #expect(accepted.endToEndReporter == "GD")
            let created = try await harness.events(.workOrderCreate, as: WorkOrder.self, count: 3)
            #expect(Set(created.map(\.unit)) == ["GD", "GD-GZ", "GD-SZ"])
            #expect(created.first { $0.unit == "GD" }?.role == .provincialBackbone)
            // Each work order is keyed by its id and addressed to its unit.
            for output in harness.distinct(harness.outputs, .workOrderCreate) {
                #expect(output.key.hasSuffix("/\(output.unit ?? "?")"))
            }
            for unit: UnitID in ["GD-GZ", "GD", "GD-SZ"] { try await harness.completeLeg(id, unit, scope: .crossCity) }
            let legs = try await harness.events(.serviceOrderLegCompleted, as: LegCompletion.self, count: 3)
            #expect(legs.map(\.remainingUnits.count) == [2, 1, 0])
            // Only the province files the end-to-end report; a city's is refused, saying who files it.
            let wrong = ServiceTestReport(
                reportId: "TR-E2E-SZ", workOrderId: "\(id)/GD-SZ", orderId: id, unit: "GD-SZ", stage: .endToEnd,
                test: Fixtures.test(scope: .crossCity, at: harness.clock.now()), filedAt: harness.clock.now())
            try await harness.send(.testReportCreate, wrong, from: "GD-SZ")
            try await harness.wait("the refused report") { _ in
                harness.deadLetterMessages.contains { $0.contains("the end-to-end report is filed by GD, not GD-SZ") }
            }
            #expect(try await harness.file(id, "GD", report: "TR-E2E", stage: .endToEnd, scope: .crossCity).outcome == .passed)
            try await harness.stage(id, "GD", .endToEndCompletion)
            try await harness.acceptAll(id, "GD")
            let done = try await harness.events(.serviceOrderCompleted, as: OrderCompletion.self)[0]
            #expect(done.coordinator == "GD-SZ")
            #expect(done.maintenanceManager == nil, "Silver deliveries name no maintenance manager")
        }
    }

    @Test("a cross-province order: HQ's trunk leg, both provinces' backbones, and HQ assembles the provinces' reports")
    func crossProvinceOrder() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"))
        let id = "SO-XPROV-1"
        try await harness.run {
            try await harness.send(
                .serviceOrderCreate, try Fixtures.order(id, level: .diamond, points: ["GD-GZ", "JS-NJ"], initiator: "GD-GZ", at: harness.clock.now()),
                from: "GD-GZ")
            let accepted = try await harness.events(.serviceOrderAccepted, as: OrderAcceptance.self)[0]
            #expect(accepted.scope == .crossProvince)
            #expect(accepted.endToEndReporter == "HQ")
            let dispatch = try await harness.events(.serviceOrderDispatched, as: OrderDispatch.self)[0]
            #expect(dispatch.legs.map(\.unit) == ["HQ", "GD", "JS", "GD-GZ", "JS-NJ"])
            #expect(dispatch.legs.map(\.role) == [.interProvincialTrunk, .provincialBackbone, .provincialBackbone, .access, .access])
            for unit: UnitID in ["GD-GZ", "JS-NJ", "GD", "JS", "HQ"] { try await harness.completeLeg(id, unit, scope: .crossProvince) }
            try await harness.events(.serviceOrderLegCompleted, as: LegCompletion.self, count: 5)

            let partial = try await harness.file(
                id, "HQ", report: "TR-E2E-1", stage: .endToEnd, scope: .crossProvince, assembledFrom: ["TR-\(id)-GD"])
            #expect(partial.outcome == .rejected)
            #expect(partial.problems.contains { $0.contains("TR-\(id)-JS") && $0.contains("JS") })
            let final = try await harness.file(
                id, "HQ", report: "TR-E2E-2", stage: .endToEnd, scope: .crossProvince, assembledFrom: ["TR-\(id)-GD", "TR-\(id)-JS"])
            #expect(final.outcome == .passed)
            try await harness.stage(id, "HQ", .endToEndCompletion)
            try await harness.acceptAll(id, "HQ")
            let done = try await harness.events(.serviceOrderCompleted, as: OrderCompletion.self)[0]
            #expect(done.coordinator == "GD-GZ")
            let workOrders = try harness.workOrders(of: id)
            #expect(workOrders.count == 5)
            #expect(workOrders.values.allSatisfy { $0.milestones.endToEndCompletion != nil })
            #expect(harness.deadLetterMessages.isEmpty)
        }
    }

    @Test("a rejected test report names the missing metric, a failed one the threshold, and neither moves the work order")
    func testReports() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"))
        let id = "SO-TEST-1"
        try await harness.run {
            try await harness.send(
                .serviceOrderCreate, try Fixtures.order(id, level: .gold, points: ["ZJ-HZ"], initiator: "ZJ-HZ", at: harness.clock.now()), from: "ZJ-HZ")
            try await harness.events(.workOrderCreate, as: WorkOrder.self)
            try await harness.stage(id, "ZJ-HZ", .engineering)
            try await harness.accept(id, "ZJ-HZ", .inProgressInspection)
            try await harness.stage(id, "ZJ-HZ", .configurationActivation)
            try await harness.waitStage(id, "ZJ-HZ", .configurationActivation)
            let missing = try await harness.file(id, "ZJ-HZ", report: "TR-1", stage: .local, scope: .local, measurements: [.throughput: 99.9])
            #expect(missing.outcome == .rejected)
            #expect(missing.missingMetrics == [.frameLoss])
            #expect(missing.problems.contains("missing metric frameLoss"))
            let failed = try await harness.file(id, "ZJ-HZ", report: "TR-2", stage: .local, scope: .local, measurements: [.throughput: 95, .frameLoss: 0])
            #expect(failed.outcome == .failed)
            #expect(failed.failedMetrics.map(\.metric) == [.throughput])
            #expect(failed.failedMetrics.first?.limit == 99)
            // Local completion is refused without a passed local test.
            try await harness.stage(id, "ZJ-HZ", .localCompletion)
            try await harness.wait("the refused local completion") { _ in
                harness.deadLetterMessages.contains { $0.contains("local completion needs a passed local test report") }
            }
            #expect(try harness.workOrders(of: id)["ZJ-HZ"]?.stage == .configurationActivation)
            let passed = try await harness.file(id, "ZJ-HZ", report: "TR-3", stage: .local, scope: .local)
            #expect(passed.outcome == .passed)
            try await harness.wait("the work order in its local test") { _ in
                (try? harness.workOrders(of: id)["ZJ-HZ"]?.stage) == .localTest
            }
        }
    }

    @Test("a failed preliminary acceptance returns the leg to engineering, counts against the pass rate once, and the order still completes")
    func failedPreliminaryAcceptance() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"))
        let id = "SO-ACC-1"
        try await harness.run {
            try await harness.send(
                .serviceOrderCreate, try Fixtures.order(id, level: .bronze, points: ["SC-CD"], initiator: "SC-CD", at: harness.clock.now()), from: "SC-CD")
            try await harness.events(.workOrderCreate, as: WorkOrder.self)
            try await harness.completeLeg(id, "SC-CD", scope: .local)
            try await harness.events(.serviceOrderLegCompleted, as: LegCompletion.self)
            try await harness.file(id, "SC-CD", report: "TR-E2E-1", stage: .endToEnd, scope: .local)
            try await harness.stage(id, "SC-CD", .endToEndCompletion)
            try await harness.accept(id, "SC-CD", .preliminaryAcceptance, passed: false)
            try await harness.wait("the leg back in engineering") { _ in
                (try? harness.workOrders(of: id)["SC-CD"]).map { $0?.stage == .engineering && $0?.acceptanceFailures == 1 } ?? false
            }
            // The rework is inspected again before it leaves engineering.
            try await harness.accept(id, "SC-CD", .inProgressInspection)
            try await harness.stage(id, "SC-CD", .configurationActivation)
            try await harness.waitStage(id, "SC-CD", .configurationActivation)
            try await harness.file(id, "SC-CD", report: "TR-LOCAL-2", stage: .local, scope: .local)
            try await harness.stage(id, "SC-CD", .localCompletion)
            try await harness.events(.serviceOrderLegCompleted, as: LegCompletion.self, count: 2)
            try await harness.file(id, "SC-CD", report: "TR-E2E-2", stage: .endToEnd, scope: .local)
            try await harness.stage(id, "SC-CD", .endToEndCompletion)
            try await harness.acceptAll(id, "SC-CD")
            let done = try await harness.events(.serviceOrderCompleted, as: OrderCompletion.self)[0]
            #expect(done.maintenanceManager == nil, "Bronze deliveries name no maintenance manager")
            let facts = try harness.seen(.assessmentRecord, as: AssessmentRecord.self)
            #expect(facts.filter { $0.part == .acceptancePass }.map(\.met) == [false])
            #expect(facts.filter { $0.part == .provisioningOnTime }.count == 1)
            #expect(harness.deadLetterMessages.isEmpty)
        }
    }
}
