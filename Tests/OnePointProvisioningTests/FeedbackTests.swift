import Foundation
import OnePointContracts
import OnePointDomain
import Testing

/// DOMAIN.md §5: the response centre reports progress, next steps and what the customer must do
/// to the customer manager. A stage report with a note becomes a ProgressFeedbackNotificationEvent
/// addressed to the customer manager's unit (where the requirement was raised).
@Suite("Provisioning: progress feedback to the customer manager")
struct FeedbackTests {
    static func report(_ id: String, _ stage: WorkOrderStage, note: String?, at instant: Date) -> WorkOrderStageReport {
        WorkOrderStageReport(workOrderId: "\(id)/GD-GZ", orderId: id, unit: "GD-GZ", stage: stage, at: instant, reportedBy: "duty", note: note)
    }

    @Test("stage reports with a note, during and after a customer-caused clock stop; none without a note")
    func feedback() async throws {
        // A Gold order (7 working days = 3360 working minutes) for Guangzhou, raised by the
        // Guangdong province (the customer manager's unit), dispatched Monday 2026-11-23 09:00.
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"))
        let id = "SO-FEEDBACK-1"
        try await harness.run {
            try await harness.send(
                .serviceOrderCreate, try Fixtures.order(id, level: .gold, points: ["GD-GZ"], initiator: "GD", at: harness.clock.now()), from: "GD")
            try await harness.events(.workOrderCreate, as: WorkOrder.self)
            try await harness.advance(to: cst("2026-11-23 10:00"))
            try await harness.send(.workOrderStageReport, Self.report(id, .engineering, note: nil, at: cst("2026-11-23 10:00")), from: "GD-GZ")
            try await harness.accept(id, "GD-GZ", .inProgressInspection)
            // The machine room is not ready from Tuesday 09:00.
            try await harness.advance(to: cst("2026-11-24 09:00"))
            let stop = WorkOrderClockStop(
                workOrderId: "\(id)/GD-GZ", orderId: id, unit: "GD-GZ", reason: .machineRoomNotReady, at: cst("2026-11-24 09:00"), reportedBy: "duty")
            try await harness.send(.workOrderClockStopStarted, stop, from: "GD-GZ")
            try await harness.advance(to: cst("2026-11-24 11:00"))
            try await harness.send(
                .workOrderStageReport, Self.report(id, .configurationActivation, note: "ports configured at the PoP", at: cst("2026-11-24 11:00")),
                from: "GD-GZ")
            let first = try await harness.events(.progressFeedbackNotification, as: ProgressFeedback.self)[0]
            #expect(first.entity == EntityReference(kind: .serviceOrder, id: id))
            #expect(first.sequence == 1, "the engineering report had no note: no feedback")
            #expect(first.unit == "GD", "the customer manager's unit")
            #expect(harness.distinct(harness.outputs, .progressFeedbackNotification).map(\.unit) == ["GD"])
            #expect(first.customerManager == Fixtures.manager)
            #expect(first.progress == "GD-GZ reached configurationActivation (业务配置与激活): ports configured at the PoP")
            #expect(first.nextSteps == "local test (本地测试): the local test report")
            #expect(first.customerActions == "get the machine room ready (机房未就绪)")
            // Monday 8 working hours; Tuesday 09:00–11:00 stopped: 480 minutes used, 2880 left.
            #expect(first.elapsedMinutes == 480)
            #expect(first.remainingMinutes == 2880)
            #expect(first.intervalMinutes == 0, "sent on a stage report, not on an interval")
            #expect(first.at == cst("2026-11-24 11:00"))

            // The room is ready at 14:00; the local test passes; local completion Wednesday 10:00.
            try await harness.advance(to: cst("2026-11-24 14:00"))
            var restart = stop
            restart.at = cst("2026-11-24 14:00")
            try await harness.send(.workOrderClockStopEnded, restart, from: "GD-GZ")
            try await harness.waitStage(id, "GD-GZ", .configurationActivation)
            try await harness.file(id, "GD-GZ", report: "TR-\(id)", stage: .local, scope: .local)
            try await harness.advance(to: cst("2026-11-25 10:00"))
            try await harness.send(
                .workOrderStageReport, Self.report(id, .localCompletion, note: "local test passed", at: cst("2026-11-25 10:00")), from: "GD-GZ")
            let second = try await harness.events(.progressFeedbackNotification, as: ProgressFeedback.self, count: 2)[1]
            #expect(second.sequence == 2)
            #expect(second.customerActions == nil, "nothing waits on the customer any more")
            #expect(second.nextSteps?.contains("end-to-end test (全程测试)") == true)
            // Monday 8 h; Tuesday 8 h less 4 h stopped (09:00–12:00, 13:00–14:00); Wednesday 1 h: 13 h.
            #expect(second.elapsedMinutes == 780)
            #expect(second.remainingMinutes == 2580)
            #expect(harness.deadLetterMessages.isEmpty, "\(harness.deadLetterMessages)")
        }
    }
}
