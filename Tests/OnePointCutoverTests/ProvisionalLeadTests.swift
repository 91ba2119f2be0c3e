import Foundation
import OnePointContracts
import OnePointCutover
import OnePointDomain
import OnePointTestSupport
import Testing

/// A notice lead that reaches a year whose holiday notice is not loaded (2027 in the shipped
/// calendar.yaml) is counted on the provisional calendar (DOMAIN.md §9: Monday to Friday except
/// Jan 1, May 1–2, Oct 1–3), and the decision and notices say so.
@Suite("Cutover: notice lead on the provisional calendar", .serialized)
struct ProvisionalLeadTests {
    @Test("a window in an unloaded year is decided on the provisional calendar; its decision and notices say provisional")
    func approvedProvisionally() async throws {
        // Monday 2026-12-21 10:00; window Tuesday 2027-01-05 01:00. Diamond/Key lead 5, counting
        // back: Mon 2027-01-04 (1), Fri 01-01 off (fixed-date holiday), Thu 12-31 (2), Wed 12-30
        // (3), Tue 12-29 (4), Mon 12-28 (5): latest send date Sunday 2026-12-27, so in time.
        // Silver's 3: Jan 4, Dec 31, Dec 30 → Tue 12-29. Bronze's 2: Jan 4, Dec 31 → Wed 12-30.
        let harness = try WorkerHarness.cutover(start: at("2026-12-21T10:00:00+08:00"))
        try await harness.run(harness.logic, reading: cutoverOutputs) { outputs in
            try await harness.loadInventory()
            try await harness.submit(plan("CO-2027", start: "2027-01-05T01:00:00+08:00", end: "2027-01-05T03:00:00+08:00", submitted: harness.clock.now()))
            try await outputs.wait("approval, four notices and the outage") { events in
                events.contains { $0.type == .plannedOutage } && events.filter { $0.type == .cutoverNotice }.count == 4
            }
            #expect(try outputs.all(.cutoverRejected, as: CutoverDecision.self).isEmpty)
            let approval = try #require(try outputs.all(.cutoverApproved, as: CutoverDecision.self).first)
            #expect(approval.requiredWorkingDays == 5)
            #expect(approval.latestSendDate.description == "2026-12-27")
            #expect(approval.problems.isEmpty)
            #expect(approval.provisional == true)

            let notices = try outputs.all(.cutoverNotice, as: CutoverNotice.self)
            let byCustomer = Dictionary(uniqueKeysWithValues: notices.map { ($0.customer.id, $0) })
            #expect(byCustomer["C-D-0001"]?.latestSendDate.description == "2026-12-27")
            #expect(byCustomer["C-S-0003"]?.latestSendDate.description == "2026-12-29")
            #expect(byCustomer["C-B-0004"]?.latestSendDate.description == "2026-12-30")
            #expect(notices.count == 4)
            #expect(notices.allSatisfy { $0.inTime && $0.provisional == true })
            // Feedback is due at the end of the working day before the window's day: Monday
            // 2027-01-04 on the provisional calendar.
            #expect(notices.allSatisfy { $0.feedbackDueAt == at("2027-01-04T18:00:00+08:00") })
            #expect(outputs.deadLetters.isEmpty)
        }
    }

    @Test("too late for a window in an unloaded year: refused with the earliest window on the provisional calendar, saying so")
    func refusedProvisionally() async throws {
        // Monday 2026-12-28 10:00, same window: the latest send date 12-27 has passed. Five working
        // days after 12-28: Dec 29, 30, 31, (Jan 1 off) Jan 4, Jan 5, so the earliest window in
        // time starts Wednesday 2027-01-06 00:00.
        let harness = try WorkerHarness.cutover(start: at("2026-12-28T10:00:00+08:00"))
        try await harness.run(harness.logic, reading: cutoverOutputs) { outputs in
            try await harness.loadInventory()
            try await harness.submit(plan("CO-2027-LATE", start: "2027-01-05T01:00:00+08:00", end: "2027-01-05T02:00:00+08:00", submitted: harness.clock.now()))
            try await outputs.wait("a refusal") { events in events.contains { $0.type == .cutoverRejected } }
            let refusal = try #require(try outputs.all(.cutoverRejected, as: CutoverDecision.self).first)
            #expect(refusal.latestSendDate.description == "2026-12-27")
            #expect(refusal.earliestWindowStart == at("2027-01-06T00:00:00+08:00"))
            #expect(refusal.provisional == true)
            #expect(refusal.problems.count == 1)
            #expect(refusal.problems.first?.contains("too late") == true)
            #expect(refusal.problems.first?.contains("provisional: no holiday notice loaded for 2027") == true)
            #expect(refusal.problems.allSatisfy { !$0.contains("cannot be counted") })
        }
    }
}
