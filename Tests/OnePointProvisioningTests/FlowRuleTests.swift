import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointProvisioning
import Testing

/// Rules docs/provisioning.md states that no other test checked (issue 20): the dead-letter rules
/// of the flow, a test report for another service type, and the order's state during a clock
/// stop. Absences are asserted only after `refresh()` (the worker idle, every output read).
@Suite("Provisioning: documented flow rules")
struct FlowRuleTests {
    /// A Gold order in Guangzhou and Shenzhen: legs GD-GZ, GD-SZ and GD's backbone.
    static func submit(_ id: String, level: CustomerLevel = .gold, points: [UnitID] = ["GD-GZ", "GD-SZ"], _ harness: ProvisioningHarness) async throws {
        try await harness.send(
            .serviceOrderCreate, try Fixtures.order(id, level: level, points: points, initiator: "GD-GZ", at: harness.clock.now()), from: "GD-GZ")
    }

    @Test("an order id used twice, a stage out of order and an unknown work order are dead-lettered naming the rule; the first order stands, the worker goes on")
    func deadLetterRules() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"))
        let id = "SO-TWICE-1"
        try await harness.run {
            try await Self.submit(id, harness)
            try await harness.events(.workOrderCreate, as: WorkOrder.self, count: 3)
            let accepted = try await harness.events(.serviceOrderAccepted, as: OrderAcceptance.self)[0]

            // The same order id again, for another order (Silver, one access point): refused whole.
            try await Self.submit(id, level: .silver, points: ["GD-FS"], harness)
            try await harness.wait("the second order refused") { _ in harness.deadLetterMessages.count == 1 }
            // A stage that skips engineering, and a stage on a work order nobody dispatched.
            try await harness.stage(id, "GD-GZ", .configurationActivation)
            try await harness.stage("SO-NOBODY", "GD-GZ", .engineering)
            try await harness.wait("both stage reports refused") { _ in harness.deadLetterMessages.count == 3 }
            // The worker goes on: the next report in order is applied.
            try await harness.stage(id, "GD-GZ", .engineering)
            try await harness.waitStage(id, "GD-GZ", .engineering)
            try await harness.refresh()

            let letters = harness.deadLetterMessages
            #expect(letters.count == 3, "\(letters)")
            #expect(letters.contains { $0.contains("service order \(id) already exists") && $0.contains("an order id is used once") }, "\(letters)")
            #expect(
                letters.contains {
                    $0.contains("work order \(id)/GD-GZ") && $0.contains("cannot move from resourceDispatch to configurationActivation")
                }, "\(letters)")
            #expect(letters.contains { $0 == "work order SO-NOBODY/GD-GZ is not known to the provisioning worker" }, "\(letters)")
            // The first order stands: one acceptance, its three work orders, nothing for GD-FS.
            #expect(harness.distinct(harness.outputs, .serviceOrderAccepted).count == 1)
            #expect(harness.distinct(harness.outputs, .serviceOrderRejected).isEmpty, "a repeated id is not a rejection of the first order")
            #expect(try harness.workOrders(of: id).keys.sorted() == ["GD", "GD-GZ", "GD-SZ"])
            #expect(try harness.seen(.serviceOrderAccepted, as: OrderAcceptance.self).first?.limit == accepted.limit)
            let body = try await harness.read { db in try Data.fetchOne(db, sql: "SELECT body FROM prov_orders WHERE order_id = ?", arguments: [id]) }
            let stored = String(decoding: try #require(body), as: UTF8.self)
            #expect(stored.contains("\"gold\"") && !stored.contains("GD-FS"), "the stored order is the first one")
            #expect(try harness.workOrders(of: id)["GD-GZ"]?.stage == .engineering)
        }
    }

    @Test("a test report for another service type is rejected, naming both types; the work order does not move until a right one passes")
    func wrongServiceTestReport() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"))
        let id = "SO-SERVICE-1"
        try await harness.run {
            try await Self.submit(id, harness)
            try await harness.events(.workOrderCreate, as: WorkOrder.self, count: 3)
            try await harness.stage(id, "GD-GZ", .engineering)
            try await harness.accept(id, "GD-GZ", .inProgressInspection)
            try await harness.stage(id, "GD-GZ", .configurationActivation)
            try await harness.waitStage(id, "GD-GZ", .configurationActivation)

            // An MPLS VPN report, complete and within its thresholds, on an Ethernet order.
            let now = harness.clock.now()
            let mpls = TestReport(
                service: .mplsVpn, scope: .crossCity, measurements: [.erroredSeconds: 0, .averageRoundTripDelay: 10, .packetLoss: 0], tester: "王工",
                confirmation: .init(by: .customerManager, name: Fixtures.manager.name), period: .init(start: now.addingTimeInterval(-3600), end: now))
            let report = ServiceTestReport(
                reportId: "TR-MPLS", workOrderId: "\(id)/GD-GZ", orderId: id, unit: "GD-GZ", stage: .local, test: mpls, assembledFrom: [], filedAt: now)
            try await harness.send(.testReportCreate, report, from: "GD-GZ")
            let verdict = try await harness.events(.testReportEvaluated, as: TestReportEvaluation.self)[0]
            #expect(verdict.reportId == "TR-MPLS")
            #expect(verdict.outcome == .rejected)
            #expect(verdict.problems.contains("test.service: the report tests MPLS-VPN, the order is for ETHERNET"), "\(verdict.problems)")
            try await harness.refresh()
            #expect(try harness.workOrders(of: id)["GD-GZ"]?.stage == .configurationActivation, "a rejected report moves nothing")
            #expect(harness.deadLetterMessages.isEmpty, "answered with a verdict, not dead-lettered")

            let right = try await harness.file(id, "GD-GZ", report: "TR-ETH", stage: .local, scope: .crossCity)
            #expect(right.outcome == .passed)
            try await harness.waitStage(id, "GD-GZ", .localTest)
        }
    }

    @Test("during a clock stop the order is pending (customer cause) or held (resources being built), with no ladder timer; in progress again when it ends")
    func pendingAndHeld() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"))
        let id = "SO-STOPS-1"
        func waitState(_ expected: ServiceOrderState, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            try await harness.waitForState("order \(id) \(expected)", sourceLocation: sourceLocation) { db in
                try String.fetchOne(db, sql: "SELECT state FROM prov_orders WHERE order_id = ?", arguments: [id]) == expected.rawValue
            }
            // What `onepoint order show` reads says the same.
            let status = try OrderStatus.load(statePath: harness.state, orderId: id, configuration: harness.domain, now: harness.clock.now())
            #expect(status?.state == expected, sourceLocation: sourceLocation)
        }
        func stop(_ unit: UnitID, _ reason: ClockStopReason, started: Bool, at instant: String) async throws {
            let stop = WorkOrderClockStop(workOrderId: "\(id)/\(unit)", orderId: id, unit: unit, reason: reason, at: cst(instant), reportedBy: "duty")
            try await harness.send(started ? .workOrderClockStopStarted : .workOrderClockStopEnded, stop, from: unit)
        }
        try await harness.run {
            try await Self.submit(id, harness)
            try await harness.events(.workOrderCreate, as: WorkOrder.self, count: 3)
            try await waitState(.inProgress)
            #expect(try harness.openTimers() == 2, "the 80 % and 100 % steps")

            // The customer's equipment has not arrived: pending.
            try await harness.advance(to: cst("2026-11-23 10:00"))
            try await stop("GD-GZ", .customerEquipmentNotDelivered, started: true, at: "2026-11-23 10:00")
            try await waitState(.pending)
            #expect(try harness.openTimers() == 0)
            try await harness.advance(to: cst("2026-11-23 14:00"))
            try await stop("GD-GZ", .customerEquipmentNotDelivered, started: false, at: "2026-11-23 14:00")
            try await waitState(.inProgress)
            #expect(try harness.openTimers() == 2)

            // Missing resources are being built: held.
            try await harness.advance(to: cst("2026-11-24 09:00"))
            try await stop("GD-SZ", .resourceConstruction, started: true, at: "2026-11-24 09:00")
            try await waitState(.held)
            #expect(try harness.openTimers() == 0)
            try await harness.advance(to: cst("2026-11-25 09:00"))
            try await stop("GD-SZ", .resourceConstruction, started: false, at: "2026-11-25 09:00")
            try await waitState(.inProgress)
            #expect(try harness.openTimers() == 2)
            try await harness.refresh()
            #expect(harness.deadLetterMessages.isEmpty, "\(harness.deadLetterMessages)")
        }
    }
}
