import Foundation
import GRDB
import OnePointContracts
import OnePointCutover
import OnePointDomain
import OnePointTestSupport
import Testing

/// Who is affected, the lead they need, and approval or refusal (DOMAIN.md §6.2), on the real
/// runtime and mock cluster with a simulated clock.
@Suite("Cutover decisions", .serialized)
struct DecisionTests {
    @Test("several customers of different levels on one element: the longest lead, one notice each, to each manager's unit")
    func approvedWithNotices() async throws {
        // Monday 2026-11-16 10:00; window Wednesday 2026-11-25 01:00: Diamond and Key need 5
        // working days, so the latest send date is Tuesday 2026-11-17.
        let harness = try WorkerHarness.cutover(start: at("2026-11-16T10:00:00+08:00"))
        try await harness.run(harness.logic, reading: cutoverOutputs) { outputs in
            try await harness.loadInventory()
            try await harness.submit(plan("CO-1", start: "2026-11-25T01:00:00+08:00", end: "2026-11-25T03:00:00+08:00", submitted: harness.clock.now()))
            try await outputs.wait("approval, four notices and the outage") { events in
                events.contains { $0.type == .plannedOutage } && events.filter { $0.type == .cutoverNotice }.count == 4
            }
            let approval = try #require(try outputs.all(.cutoverApproved, as: CutoverDecision.self).first)
            #expect(approval.requiredWorkingDays == 5)
            #expect(approval.latestSendDate.description == "2026-11-17")
            #expect(approval.affectedCustomers == 4)
            #expect(approval.affectedCircuits == 5)
            #expect(approval.problems.isEmpty)
            #expect(approval.noticeIds == ["CO-1/C-B-0004", "CO-1/C-D-0001", "CO-1/C-K-0002", "CO-1/C-S-0003"])

            let noticeEvents = outputs.events.filter { $0.type == .cutoverNotice }
            let notices = try noticeEvents.map { try $0.payload(CutoverNotice.self) }
            let byCustomer = Dictionary(uniqueKeysWithValues: notices.map { ($0.customer.id, $0) })
            #expect(byCustomer["C-D-0001"]?.affectedCircuits.map(\.circuitId) == ["D-1", "D-2"])
            #expect(byCustomer["C-D-0001"]?.requiredWorkingDays == 5)
            #expect(byCustomer["C-S-0003"]?.requiredWorkingDays == 3)
            #expect(byCustomer["C-B-0004"]?.requiredWorkingDays == 2)
            #expect(notices.allSatisfy { $0.inTime && $0.revision == 1 && $0.supersedes == nil })
            // Feedback is due at the end of the working day before the window's day.
            #expect(notices.allSatisfy { $0.feedbackDueAt == at("2026-11-24T18:00:00+08:00") })
            // Each notice is addressed (unit header) to its customer manager's unit.
            let units = Dictionary(uniqueKeysWithValues: zip(notices.map(\.customer.id), noticeEvents.map(\.unit)))
            #expect(units["C-K-0002"] == "GD-SZ")
            #expect(units["C-D-0001"] == "GD-GZ")

            let outage = try #require(try outputs.all(.plannedOutage, as: PlannedOutage.self).first)
            #expect(outage.status == .scheduled)
            #expect(outage.elementIds == [element])
            #expect(outage.circuitIds == ["B-1", "D-1", "D-2", "K-1", "S-1"])
            #expect(outputs.deadLetters.isEmpty)
        }
    }

    @Test("a late plan is refused with the earliest window start in time; a shorter lead is in time for the same window")
    func latePlanRefused() async throws {
        // Wednesday 2026-11-18 10:00: too late for Diamond's 5 working days before Wednesday
        // 2026-11-25 (latest 11-17); the five working days after 11-18 end Wednesday 11-25, so
        // the earliest window in time starts Thursday 2026-11-26 00:00.
        let harness = try WorkerHarness.cutover(start: at("2026-11-18T10:00:00+08:00"))
        try await harness.run(harness.logic, reading: cutoverOutputs) { outputs in
            try await harness.loadInventory()
            try await harness.submit(plan("CO-LATE", start: "2026-11-25T01:00:00+08:00", end: "2026-11-25T02:00:00+08:00", submitted: harness.clock.now()))
            // Silver needs 3: latest send date Thursday 11-19, so 11-18 is in time.
            try await harness.submit(
                plan("CO-SILVER", start: "2026-11-25T01:00:00+08:00", end: "2026-11-25T02:00:00+08:00", elements: [], circuits: ["S-1"],
                     submitted: harness.clock.now()))
            try await outputs.wait("a refusal and an approval") { events in
                events.contains { $0.type == .cutoverRejected } && events.contains { $0.type == .cutoverApproved }
            }
            let refusal = try #require(try outputs.all(.cutoverRejected, as: CutoverDecision.self).first)
            #expect(refusal.cutoverId == "CO-LATE")
            #expect(refusal.earliestWindowStart == at("2026-11-26T00:00:00+08:00"))
            #expect(refusal.latestSendDate.description == "2026-11-17")
            #expect(refusal.problems.count == 1)
            #expect(refusal.problems.first?.contains("too late") == true)
            #expect(refusal.problems.first?.contains("2026-11-26T00:00:00+08:00") == true)
            let silver = try #require(try outputs.all(.cutoverApproved, as: CutoverDecision.self).first)
            #expect(silver.cutoverId == "CO-SILVER")
            #expect(silver.requiredWorkingDays == 3)
            #expect(silver.latestSendDate.description == "2026-11-19")
            #expect(silver.noticeIds == ["CO-SILVER/C-S-0003"])
        }
    }

    @Test("a window right after National Day 2026: the holidays before it are not counted")
    func nationalDay() async throws {
        // Window Thursday 2026-10-08 02:00, Diamond lead 5. Counting back: Oct 1–7 off, Wed 9-30,
        // Tue 9-29, Mon 9-28, Sep 25–27 off, Thu 9-24, Wed 9-23: latest send date Tue 2026-09-22.
        let harness = try WorkerHarness.cutover(start: at("2026-09-22T17:00:00+08:00"))
        try await harness.run(harness.logic, reading: cutoverOutputs) { outputs in
            try await harness.loadInventory()
            try await harness.submit(
                plan("CO-ND1", start: "2026-10-08T02:00:00+08:00", end: "2026-10-08T03:00:00+08:00", elements: ["\(element)/1-1-1"], submitted: harness.clock.now()))
            try await harness.advance(to: at("2026-09-23T09:00:00+08:00"))
            try await harness.submit(
                plan("CO-ND2", start: "2026-10-08T02:00:00+08:00", end: "2026-10-08T03:00:00+08:00", elements: ["\(element)/1-1-1"], submitted: harness.clock.now()))
            try await outputs.wait("both decisions") { $0.filter { $0.type == .cutoverApproved || $0.type == .cutoverRejected }.count == 2 }
            let approved = try #require(try outputs.all(.cutoverApproved, as: CutoverDecision.self).first)
            #expect(approved.cutoverId == "CO-ND1")
            #expect(approved.latestSendDate.description == "2026-09-22")
            // Sent 9-23: Thu 9-24, Mon 9-28, Tue 9-29, Wed 9-30, Thu 10-8 are the five working
            // days, so the earliest window in time starts Friday 2026-10-09.
            let refused = try #require(try outputs.all(.cutoverRejected, as: CutoverDecision.self).first)
            #expect(refused.cutoverId == "CO-ND2")
            #expect(refused.earliestWindowStart == at("2026-10-09T00:00:00+08:00"))
            // Feedback on the first is due at the end of Wednesday 9-30, the last working day before.
            let notice = try #require(try outputs.all(.cutoverNotice, as: CutoverNotice.self).first)
            #expect(notice.feedbackDueAt == at("2026-09-30T18:00:00+08:00"))
        }
    }
}
