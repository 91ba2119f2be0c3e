import Foundation
import OnePointContracts
import OnePointDomain
import OnePointProvisioning
import Testing

/// Issue 17, item 1 (docs/security.md) on the provisioning worker: work-order progress only from
/// the work order's unit or one above it, never dated before the order or in the future. Each
/// refusal is a dead letter and changes nothing; Sichuan's own report is the marker.
@Suite("Provisioning: who may report progress on a work order")
struct ProgressAuthorizationTests {
    @Test("a stage report from another province's city, one dated before the order and one from the future are refused; the province above may report")
    func refusedThenMarker() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"))
        let id = "SO-AUTH-1"
        try await harness.run {
            let orderDate = harness.clock.now()
            try await harness.send(
                .serviceOrderCreate, try Fixtures.order(id, level: .gold, points: ["SC-MY"], initiator: "SC-MY", at: orderDate), from: "SC-MY")
            try await harness.events(.workOrderCreate, as: WorkOrder.self)
            try await harness.advance(to: cst("2026-11-23 10:00"))
            func report(_ unit: UnitID, at instant: Date) -> WorkOrderStageReport {
                WorkOrderStageReport(workOrderId: "\(id)/SC-MY", orderId: id, unit: unit, stage: .engineering, at: instant, reportedBy: "someone at \(unit)")
            }
            try await harness.send(.workOrderStageReport, report("GD-GZ", at: harness.clock.now()), from: "GD-GZ")
            try await harness.send(.workOrderStageReport, report("SC-MY", at: orderDate - 3600), from: "SC-MY")
            try await harness.send(.workOrderStageReport, report("SC-MY", at: harness.clock.now() + 3600), from: "SC-MY")
            try await harness.wait("three refusals") { _ in harness.deadLetterMessages.count == 3 }
            let messages = harness.deadLetterMessages
            #expect(messages.contains { $0.contains("work order \(id)/SC-MY belongs to SC-MY; GD-GZ is neither that unit nor above it") }, "\(messages)")
            #expect(messages.contains { $0.contains("before the order's date") }, "\(messages)")
            #expect(messages.contains { $0.contains("maxFutureSkewSeconds") }, "\(messages)")
            try await harness.refresh()
            #expect(try harness.workOrders(of: id)["SC-MY"]?.stage == .resourceDispatch, "no stage moved")

            // Sichuan, the province above Mianyang, reports the stage: it moves.
            try await harness.send(.workOrderStageReport, report("SC", at: harness.clock.now()), from: "SC")
            try await harness.wait("engineering") { _ in (try? harness.workOrders(of: id)["SC-MY"]?.stage) == .engineering }
            try await harness.refresh()
            #expect(harness.deadLetterMessages.count == 3)
        }
    }
}
