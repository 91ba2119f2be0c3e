import Foundation
import GRDB
import OnePointContracts
import OnePointCutover
import OnePointDomain
import OnePointTestSupport
import Testing

/// Issue 17, item 1 (docs/security.md) on the cutover worker: feedback only through the
/// customer's own unit (or above), revisions and reports only by the owning unit (or above),
/// nothing dated before the plan's submission. Each refusal is a dead letter and changes nothing:
/// a later revision by Guangdong (above the owner) is the marker.
@Suite("Cutover worker: who may answer, revise and report")
struct CutoverAuthorizationTests {
    @Test("feedback from another city's unit, a revision from another province and a report dated before submission are refused; the province above may revise")
    func refusedThenMarker() async throws {
        let submitted = at("2026-11-16T10:00:00+08:00")
        let harness = try WorkerHarness.cutover(start: submitted)
        try await harness.run(harness.logic, reading: cutoverOutputs) { outputs in
            try await harness.loadInventory()
            try await harness.submit(
                plan("CO-A", start: "2026-11-25T01:00:00+08:00", end: "2026-11-25T03:00:00+08:00", elements: ["\(element)/1-1-1"], submitted: submitted))
            try await outputs.wait("the notice to the Diamond customer") { $0.filter { $0.type == .cutoverNotice }.count == 1 }
            let now = harness.clock.now()

            // Shenzhen answers for Guangzhou's Diamond customer: not its customer.
            try await harness.feedback("CO-A", "C-D-0001", .disagree, unit: "GD-SZ")
            // Jiangsu revises Guangzhou's plan.
            try await harness.send([try harness.record(.cutoverPlanAttributeValueChange, CutoverRevision(
                cutoverId: "CO-A", unit: "JS", reason: "not mine", windowStart: at("2026-11-26T01:00:00+08:00"), windowEnd: at("2026-11-26T03:00:00+08:00"),
                revisedBy: "JS NOC", revisedAt: now), unit: "JS")])
            // Guangzhou reports it started a day before it submitted the plan.
            try await harness.send([try harness.record(.cutoverExecutionReport, CutoverExecutionReport(
                cutoverId: "CO-A", unit: "GD-GZ", outcome: .started, reportedBy: "GZ NOC", at: submitted - 86_400), unit: "GD-GZ")])
            try await harness.settle()

            // The marker: Guangdong, above Guangzhou, revises the window; fresh notices follow.
            try await harness.send([try harness.record(.cutoverPlanAttributeValueChange, CutoverRevision(
                cutoverId: "CO-A", unit: "GD", reason: "province moves it", windowStart: at("2026-11-27T01:00:00+08:00"),
                windowEnd: at("2026-11-27T03:00:00+08:00"), revisedBy: "GD NOC", revisedAt: now), unit: "GD")])
            try await outputs.wait("revision 2's notice") { $0.filter { $0.type == .cutoverNotice }.count == 2 }
            try await harness.quiesce()
            try await outputs.readToEnd()

            // Feedback and plans are different topics: their dead letters may come in either order.
            let dead = outputs.deadLetters
            #expect(dead.map(\.kind).sorted() == ["unauthorized", "unauthorized", "validation"], "\(dead)")
            #expect(dead.contains { $0.kind == "unauthorized" && $0.message.contains("feedback of C-D-0001") && $0.message.contains("GD-SZ") })
            #expect(dead.contains { $0.kind == "unauthorized" && $0.message.contains("revision of cutover CO-A belongs to GD-GZ; JS") })
            #expect(dead.contains { $0.kind == "validation" && $0.message.contains("before the plan's submission") })
            let states = try outputs.all(.cutoverStateChange, as: CutoverStatus.self).map(\.state)
            #expect(!states.contains(.renegotiating), "the refused disagreement did not renegotiate")
            #expect(!states.contains(.executing), "the back-dated report did not start it")
            let notices = try outputs.all(.cutoverNotice, as: CutoverNotice.self)
            #expect(notices.map(\.windowStart) == [at("2026-11-25T01:00:00+08:00"), at("2026-11-27T01:00:00+08:00")], "never Jiangsu's window")
            let answer = try await harness.read { db in
                try String.fetchOne(db, sql: "SELECT answer FROM cutover_notices WHERE notice_id = 'CO-A/C-D-0001/r1'")
            }
            #expect(answer == nil, "no answer recorded from Shenzhen")
        }
    }
}
