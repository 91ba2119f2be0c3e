import Foundation
import OnePointContracts
import OnePointDomain
import Testing

/// The order's clock: its deadline in working time, clock stops, delay applications, and the
/// warning and escalation timers, by the simulated clock. Expected instants are worked by hand
/// from DOMAIN.md (09:00–12:00 and 13:00–18:00 on working days, 2026's holidays).
@Suite("Provisioning: deadlines, clock stops, delays, warnings and escalations")
struct OrderClockTests {
    /// A Silver order with 7 access points in Guangzhou and 2 in Shenzhen, dispatched Friday
    /// 2026-11-20 16:00. Points count per city (同一地市同一客户), so the limit is scaled for
    /// Guangzhou's 7: 9 × 7 / 5 = 12.6 → 13 working days = 104 working hours (all 9 together
    /// would give 16.5). Friday gives 2 h, twelve working days to Tuesday 12-08 give 96 h, and
    /// 6 h of Wednesday 12-09: due 16:00.
    static let silverStart = "2026-11-20 16:00"
    static let silverPoints: [UnitID] = Array(repeating: "GD-GZ", count: 7) + ["GD-SZ", "GD-SZ"]

    /// Submits the 7-point Silver order and waits for its three work orders.
    static func submitSilver(_ id: String, _ harness: ProvisioningHarness) async throws {
        try await harness.send(
            .serviceOrderCreate, try Fixtures.order(id, level: .silver, points: silverPoints, initiator: "GD-SZ", at: harness.clock.now()),
            from: "GD-SZ")
        try await harness.events(.workOrderCreate, as: WorkOrder.self, count: 3)
    }

    @Test("3 + 3 access points in two cities keep the base limit: a Silver order is due after 9 working days")
    func threePlusThreeAtBase() async throws {
        // 9 working days = 72 working hours from Friday 2026-11-20 16:00 (the DOMAIN.md §9 worked
        // example): due Thursday 12-03 16:00. Counting all 6 points would give 11 working days.
        let harness = try await ProvisioningHarness(start: cst(Self.silverStart))
        let id = "SO-SILVER-3-3"
        let points: [UnitID] = ["GD-GZ", "GD-SZ", "GD-GZ", "GD-SZ", "GD-GZ", "GD-SZ"]
        try await harness.run {
            try await harness.send(
                .serviceOrderCreate, try Fixtures.order(id, level: .silver, points: points, initiator: "GD-SZ", at: harness.clock.now()), from: "GD-SZ")
            let accepted = try await harness.events(.serviceOrderAccepted, as: OrderAcceptance.self)[0]
            #expect(accepted.limit == "9 working days")
            #expect(accepted.deadline == cst("2026-12-03 16:00"))
            try await harness.events(.workOrderCreate, as: WorkOrder.self, count: 3)
            #expect(try harness.workOrders(of: id).values.allSatisfy { $0.limit == "9 working days" && $0.deadline == cst("2026-12-03 16:00") })
        }
    }

    @Test("7 + 2 access points in two cities: scaled for the 7, due after 13 working days, warned at 80 % across the weekend and escalated at 100 %")
    func sevenPointSilver() async throws {
        let harness = try await ProvisioningHarness(start: cst(Self.silverStart))
        let id = "SO-SILVER-7"
        try await harness.run {
            try await harness.send(
                .serviceOrderCreate, try Fixtures.order(id, level: .silver, points: Self.silverPoints, initiator: "GD-SZ", at: harness.clock.now()),
                from: "GD-SZ")
            let accepted = try await harness.events(.serviceOrderAccepted, as: OrderAcceptance.self)[0]
            #expect(accepted.limit == "13 working days")
            #expect(accepted.deadline == cst("2026-12-09 16:00"))
            #expect(try harness.workOrders(of: id).values.allSatisfy { $0.deadline == cst("2026-12-09 16:00") })

            // 80 % = 83.2 working hours: 2 h Friday, ten working days to Friday 12-04 (80 h),
            // then 72 minutes of Monday 12-07, past the weekend: 10:12.
            try await harness.advance(to: cst("2026-12-07 10:11"))
            try await harness.refresh()
            #expect(try harness.seen(.serviceOrderOverdueWarning, as: OrderDeadlineStep.self).isEmpty)
            try await harness.advance(to: cst("2026-12-07 10:12"))
            let warning = try await harness.events(.serviceOrderOverdueWarning, as: OrderDeadlineStep.self)[0]
            #expect(warning.percent == 80)
            #expect(warning.target == .coordinatingParty)
            #expect(warning.targetUnit == "GD-SZ")
            #expect(warning.at == cst("2026-12-07 10:12"))

            try await harness.advance(to: cst("2026-12-09 15:59"))
            try await harness.refresh()
            #expect(try harness.seen(.serviceOrderOverdue, as: OrderDeadlineStep.self).isEmpty)
            try await harness.advance(to: cst("2026-12-09 16:00"))
            let overdue = try await harness.events(.serviceOrderOverdue, as: OrderDeadlineStep.self)[0]
            #expect(overdue.overdueOccurrences == 1)
            #expect(overdue.at == cst("2026-12-09 16:00"))
            let escalated = try await harness.events(.serviceOrderEscalated, as: OrderDeadlineStep.self)[0]
            #expect(escalated.target == .parentUnit)
            #expect(escalated.targetUnit == "GD", "the parent of the coordinating city")
            #expect(harness.distinct(harness.outputs, .serviceOrderEscalated).map(\.unit) == ["GD"])
            #expect(try harness.openTimers() == 0)
        }
    }

    @Test("a Gold order dispatched before National Day: the warning and the escalation skip the holiday and count the make-up Saturday")
    func acrossTheHoliday() async throws {
        // 7 working days = 56 h from Wednesday 09-30 09:00: 8 h on 09-30; Oct 1–7 off; Oct 8, 9,
        // 10 (make-up Saturday), 12, 13, 14 give the other 48 h: due Wednesday 10-14 18:00.
        // 80 % = 44.8 h: 09-30, 10-08, 10-09, 10-10, 10-12 give 40 h, then 4 h 48 min of 10-13:
        // 09:00–12:00 and 13:00–14:48.
        let harness = try await ProvisioningHarness(start: cst("2026-09-30 09:00"))
        let id = "SO-GOLD-HOLIDAY"
        try await harness.run {
            try await harness.send(
                .serviceOrderCreate, try Fixtures.order(id, level: .gold, points: ["JS-SZ"], initiator: "JS-SZ", at: harness.clock.now()), from: "JS-SZ")
            let accepted = try await harness.events(.serviceOrderAccepted, as: OrderAcceptance.self)[0]
            #expect(accepted.deadline == cst("2026-10-14 18:00"))
            try await harness.advance(to: cst("2026-10-13 14:47"))
            try await harness.refresh()
            #expect(try harness.seen(.serviceOrderOverdueWarning, as: OrderDeadlineStep.self).isEmpty)
            try await harness.advance(to: cst("2026-10-13 14:48"))
            #expect(try await harness.events(.serviceOrderOverdueWarning, as: OrderDeadlineStep.self)[0].at == cst("2026-10-13 14:48"))
            try await harness.advance(to: cst("2026-10-14 17:59"))
            try await harness.refresh()
            #expect(try harness.seen(.serviceOrderOverdue, as: OrderDeadlineStep.self).isEmpty)
            try await harness.advance(to: cst("2026-10-14 18:00"))
            let escalated = try await harness.events(.serviceOrderEscalated, as: OrderDeadlineStep.self)[0]
            #expect(escalated.at == cst("2026-10-14 18:00"))
            #expect(escalated.targetUnit == "JS")
        }
    }

    @Test("a customer-caused clock stop moves the deadline by the working time inside it, and no timer runs while stopped")
    func clockStop() async throws {
        let harness = try await ProvisioningHarness(start: cst(Self.silverStart))
        let id = "SO-PAUSE-1"
        try await harness.run {
            try await Self.submitSilver(id, harness)
            #expect(try harness.openTimers() == 2, "the 80 % and 100 % steps")
            try await harness.advance(to: cst("2026-11-23 09:00"))
            let stop = WorkOrderClockStop(
                workOrderId: "\(id)/GD-GZ", orderId: id, unit: "GD-GZ", reason: .customerEquipmentNotDelivered, at: cst("2026-11-23 09:00"),
                reportedBy: "duty", note: "customer router arrives Tuesday")
            try await harness.send(.workOrderClockStopStarted, stop, from: "GD-GZ")
            try await harness.wait("the stop on the work order") { _ in
                (try? harness.workOrders(of: id)["GD-GZ"]?.clockStops.count) == 1
            }
            #expect(try harness.openTimers() == 0)
            try await harness.advance(to: cst("2026-11-24 09:00"))
            var restart = stop
            restart.at = cst("2026-11-24 09:00")
            try await harness.send(.workOrderClockStopEnded, restart, from: "GD-GZ")
            // One working day (8 h) stopped: 12-09 16:00 becomes 12-10 16:00, for every leg.
            try await harness.wait("the moved deadline on every leg") { _ in
                (try? harness.workOrders(of: id).values.allSatisfy { $0.deadline == cst("2026-12-10 16:00") }) == true
            }
            #expect(try harness.workOrders(of: id)["GD-GZ"]?.clockStops.first?.end == cst("2026-11-24 09:00"))
            #expect(try harness.openTimers() == 2)
        }
    }

    @Test("a delay refused before the deadline and the 100 % step for the same lateness count one overdue occurrence")
    func refusedBeforeDeadlineCountsOnce() async throws {
        let harness = try await ProvisioningHarness(start: cst(Self.silverStart))
        let id = "SO-REFUSED-1"
        try await harness.run {
            try await Self.submitSilver(id, harness)
            try await harness.advance(to: cst("2026-12-01 10:00"))
            // Resources must be built: not a customer cause, refused although in time.
            let refused = WorkOrderDelayApplication(
                workOrderId: "\(id)/GD-GZ", orderId: id, unit: "GD-GZ", reason: .resourceConstruction, filedAt: cst("2026-12-01 10:00"),
                requestedWorkingHalfDays: 4, reportedBy: "duty")
            try await harness.send(.workOrderDelayApplication, refused, from: "GD-GZ")
            let first = try await harness.events(.serviceOrderOverdue, as: OrderDeadlineStep.self)[0]
            #expect(first.workOrderId == "\(id)/GD-GZ")
            #expect(first.overdueOccurrences == 1)
            #expect(first.deadline == cst("2026-12-09 16:00"), "a refused delay moves nothing")
            // The deadline passes: the same lateness, so the 100 % step still says 1.
            try await harness.advance(to: cst("2026-12-09 16:00"))
            let step = try await harness.events(.serviceOrderOverdue, as: OrderDeadlineStep.self, count: 2)[1]
            #expect(step.at == cst("2026-12-09 16:00"))
            #expect(step.overdueOccurrences == 1, "not counted twice")
            #expect(try await harness.events(.serviceOrderEscalated, as: OrderDeadlineStep.self)[0].overdueOccurrences == 1)
            // An application filed after the deadline is one more missed event.
            try await harness.advance(to: cst("2026-12-10 09:30"))
            var late = refused
            late.reason = .propertyAccessDenied
            late.filedAt = cst("2026-12-10 09:30")
            try await harness.send(.workOrderDelayApplication, late, from: "GD-GZ")
            let third = try await harness.events(.serviceOrderOverdue, as: OrderDeadlineStep.self, count: 3)[2]
            #expect(third.overdueOccurrences == 2)
        }
    }

    @Test("a delay application in time moves the deadline; one filed too late is refused and counts one more overdue occurrence")
    func delayApplications() async throws {
        let harness = try await ProvisioningHarness(start: cst(Self.silverStart))
        let id = "SO-DELAY-1"
        try await harness.run {
            try await Self.submitSilver(id, harness)
            try await harness.advance(to: cst("2026-12-01 10:00"))
            let inTime = WorkOrderDelayApplication(
                workOrderId: "\(id)/GD-SZ", orderId: id, unit: "GD-SZ", reason: .propertyAccessDenied, filedAt: cst("2026-12-01 10:00"),
                requestedWorkingHalfDays: 2, reportedBy: "duty")
            try await harness.send(.workOrderDelayApplication, inTime, from: "GD-SZ")
            try await harness.wait("the granted day") { _ in
                (try? harness.workOrders(of: id).values.allSatisfy { $0.deadline == cst("2026-12-10 16:00") && $0.limit == "14 working days" }) == true
            }
            // The deadline passes: overdue once.
            try await harness.advance(to: cst("2026-12-10 16:00"))
            try await harness.events(.serviceOrderOverdue, as: OrderDeadlineStep.self)
            try await harness.advance(to: cst("2026-12-11 09:30"))
            var late = inTime
            late.filedAt = cst("2026-12-11 09:30")
            try await harness.send(.workOrderDelayApplication, late, from: "GD-SZ")
            let refused = try await harness.events(.serviceOrderOverdue, as: OrderDeadlineStep.self, count: 2)[1]
            #expect(refused.workOrderId == "\(id)/GD-SZ")
            #expect(refused.overdueOccurrences == 2, "the missed application counts one more")
            #expect(refused.deadline == cst("2026-12-10 16:00"), "a late application moves nothing")
            // A cause that is not the customer's is refused even in time.
            let notCustomer = WorkOrderDelayApplication(
                workOrderId: "\(id)/GD-GZ", orderId: id, unit: "GD-GZ", reason: .resourceConstruction, filedAt: cst("2026-12-11 09:31"),
                requestedWorkingHalfDays: 4, reportedBy: "duty")
            try await harness.send(.workOrderDelayApplication, notCustomer, from: "GD-GZ")
            let third = try await harness.events(.serviceOrderOverdue, as: OrderDeadlineStep.self, count: 3)[2]
            #expect(third.overdueOccurrences == 3)
        }
    }
}
