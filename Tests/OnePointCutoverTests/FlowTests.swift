import Foundation
import GRDB
import OnePointContracts
import OnePointCutover
import OnePointDomain
import OnePointTestSupport
import Testing

/// Feedback, renegotiation, reminders, the window, execution and the facts for scoring.
@Suite("Cutover flow", .serialized)
struct FlowTests {
    @Test("renegotiated twice, reminded, run over its announced interruption: every notice superseded once, facts in the window's month")
    func renegotiationToCompletion() async throws {
        let harness = try WorkerHarness.cutover(start: at("2026-11-16T10:00:00+08:00"))
        try await harness.run(harness.logic, reading: cutoverOutputs) { outputs in
            try await harness.loadInventory()
            try await harness.submit(
                plan("CO-R", start: "2026-11-25T01:00:00+08:00", end: "2026-11-25T03:00:00+08:00", elements: ["\(element)/1-1-1", "GZ-BY-PTN-02"],
                     submitted: harness.clock.now()))
            try await outputs.wait("two notices") { $0.filter { $0.type == .cutoverNotice }.count == 2 }

            // The Diamond customer disagrees: renegotiation.
            try await harness.feedback("CO-R", "C-D-0001", .disagree)
            try await outputs.wait("renegotiation") { events in
                try events.filter { $0.type == .cutoverStateChange }.map { try $0.payload(CutoverStatus.self) }.contains { $0.state == .renegotiating }
            }
            // A new window: fresh notices supersede the old ones, the outage moves.
            try await harness.revise("CO-R", start: "2026-11-27T01:00:00+08:00", end: "2026-11-27T03:00:00+08:00")
            try await outputs.wait("revision 2's notices") { $0.filter { $0.type == .cutoverNotice }.count == 4 }
            try await harness.feedback("CO-R", "C-D-0001", .disagree)
            try await harness.revise("CO-R", start: "2026-11-28T01:00:00+08:00", end: "2026-11-28T03:00:00+08:00")
            try await outputs.wait("revision 3's notices") { $0.filter { $0.type == .cutoverNotice }.count == 6 }
            // The outage is on another topic, written in the same transaction: wait for it too.
            try await outputs.wait("revision 3's outage") { $0.filter { $0.type == .plannedOutage }.count >= 3 }

            let notices = try outputs.all(.cutoverNotice, as: CutoverNotice.self)
            let third = notices.filter { $0.revision == 3 }
            #expect(Set(third.map(\.noticeId)) == ["CO-R/C-B-0005/r3", "CO-R/C-D-0001/r3"])
            #expect(Set(third.compactMap(\.supersedes)) == ["CO-R/C-B-0005/r2", "CO-R/C-D-0001/r2"])
            #expect(third.allSatisfy { $0.windowStart == at("2026-11-28T01:00:00+08:00") && $0.inTime })
            // Saturday's window: feedback due at the end of Friday 11-27.
            #expect(third.allSatisfy { $0.feedbackDueAt == at("2026-11-27T18:00:00+08:00") })
            let outages = try outputs.all(.plannedOutage, as: PlannedOutage.self)
            #expect(outages.map(\.windowStart) == [at("2026-11-25T01:00:00+08:00"), at("2026-11-27T01:00:00+08:00"), at("2026-11-28T01:00:00+08:00")])

            // The Diamond customer agrees. 24 hours before the window: the cutover contact's unit
            // and both customer managers are reminded.
            try await harness.feedback("CO-R", "C-D-0001", .agree)
            try await harness.advance(to: at("2026-11-27T01:00:00+08:00"))
            try await outputs.wait("three window reminders") { $0.filter { $0.type == .cutoverReminder }.count == 3 }
            let window = try outputs.all(.cutoverReminder, as: CutoverReminder.self)
            #expect(window.allSatisfy { $0.kind == .windowStarting && $0.dueAt == at("2026-11-28T01:00:00+08:00") })
            #expect(Set(window.map { $0.customerId ?? "contact" }) == ["contact", "C-B-0005", "C-D-0001"])

            // The Bronze customer never answers: reminded when feedback falls due, its silence
            // then counts as agreement.
            try await harness.advance(to: at("2026-11-27T18:00:00+08:00"))
            try await outputs.wait("the feedback reminder") { $0.filter { $0.type == .cutoverReminder }.count == 4 }
            let missing = try outputs.all(.cutoverReminder, as: CutoverReminder.self).filter { $0.kind == .feedbackMissing }
            #expect(missing.map(\.customerId) == ["C-B-0005"])
            let answers = try await harness.read { db in
                try Row.fetchAll(db, sql: "SELECT customer_id, answer FROM cutover_notices WHERE superseded_by IS NULL ORDER BY customer_id")
                    .map { "\($0["customer_id"] as String)=\($0["answer"] as String? ?? "-")" }
            }
            #expect(answers == ["C-B-0005=silent", "C-D-0001=agree"])

            // The window starts: one fact per current notice, in time, in November.
            try await harness.advance(to: at("2026-11-28T01:00:00+08:00"))
            try await outputs.wait("two notice facts") { $0.filter { $0.type == .assessmentRecord }.count == 2 }
            let facts = try outputs.all(.assessmentRecord, as: AssessmentRecord.self)
            #expect(facts.allSatisfy { $0.part == .informationNotices && $0.month == "2026-11" && $0.met == true && $0.unit == "GD-GZ" })
            #expect(Set(facts.map(\.reference)) == ["CO-R/C-B-0005/r3", "CO-R/C-D-0001/r3"])

            // It runs 50 minutes where 30 were announced: a late notice for each customer.
            try await harness.report("CO-R", .started)
            try await harness.report("CO-R", .completed, interruption: 50)
            try await outputs.wait("completion") { events in
                try events.filter { $0.type == .cutoverStateChange }.map { try $0.payload(CutoverStatus.self) }.contains { $0.state == .completed }
            }
            let closed = try #require(try outputs.all(.cutoverStateChange, as: CutoverStatus.self).last)
            #expect(closed.actualInterruptionMinutes == 50)
            #expect(closed.interruptionOverrunMinutes == 20)
            #expect(closed.awaiting == nil)
            try await outputs.wait("two overrun facts") { $0.filter { $0.type == .assessmentRecord }.count == 4 }
            let overrun = try outputs.all(.assessmentRecord, as: AssessmentRecord.self).filter { $0.met == false }
            #expect(Set(overrun.map(\.reference)) == ["CO-R/C-B-0005/r3/overrun", "CO-R/C-D-0001/r3/overrun"])
            #expect(outputs.deadLetters.isEmpty)
        }
    }

    @Test("an emergency needs 24 clock hours and may overlap a key-assurance period; a normal plan may not")
    func emergencyAndAssurance() async throws {
        let harness = try WorkerHarness.cutover(start: at("2026-11-23T10:00:00+08:00"))
        try await harness.run(harness.logic, reading: cutoverOutputs) { outputs in
            try await harness.loadInventory()
            let period = AssurancePeriod(
                periodId: "ZB-2026-12", name: "年终重保 Year-end assurance", units: ["GD"], customerIds: ["C-D-0001"],
                from: at("2026-12-10T00:00:00+08:00"), to: at("2026-12-12T00:00:00+08:00"), declaredBy: "GD NOC")
            try await harness.send([try harness.record(.assurancePeriodCreate, period)])
            try await harness.submit(plan("CO-ZB", start: "2026-12-11T01:00:00+08:00", end: "2026-12-11T02:00:00+08:00", submitted: harness.clock.now()))
            try await harness.submit(
                plan("CO-EM", start: "2026-12-11T01:00:00+08:00", end: "2026-12-11T02:00:00+08:00", emergency: true, submitted: harness.clock.now()))
            // An emergency 20 hours ahead is too late; 30 hours ahead is in time.
            try await harness.submit(
                plan("CO-EM-LATE", start: "2026-11-24T06:00:00+08:00", end: "2026-11-24T07:00:00+08:00", emergency: true, submitted: harness.clock.now()))
            try await harness.submit(
                plan("CO-EM-OK", start: "2026-11-24T16:00:00+08:00", end: "2026-11-24T17:00:00+08:00", emergency: true, submitted: harness.clock.now()))
            try await outputs.wait("four decisions") { $0.filter { $0.type == .cutoverApproved || $0.type == .cutoverRejected }.count == 4 }
            let refused = try Dictionary(uniqueKeysWithValues: outputs.all(.cutoverRejected, as: CutoverDecision.self).map { ($0.cutoverId, $0) })
            let approved = try Set(outputs.all(.cutoverApproved, as: CutoverDecision.self).map(\.cutoverId))
            #expect(approved == ["CO-EM", "CO-EM-OK"])
            #expect(refused["CO-ZB"]?.problems == ["the window overlaps key-assurance period ZB-2026-12 (年终重保 Year-end assurance) covering C-D-0001; only an emergency may"])
            #expect(refused["CO-EM-LATE"]?.earliestWindowStart == at("2026-11-24T10:00:00+08:00"))
            // The notices go out on their own topic with the approval: read them before counting.
            try await outputs.wait("CO-EM-OK's four notices") { events in
                try events.filter { $0.type == .cutoverNotice }.map { try $0.payload(CutoverNotice.self) }.filter { $0.cutoverId == "CO-EM-OK" }.count >= 4
            }
            let emergency = try outputs.all(.cutoverNotice, as: CutoverNotice.self).filter { $0.cutoverId == "CO-EM-OK" }
            #expect(emergency.count == 4)
            #expect(emergency.allSatisfy { $0.emergency && $0.inTime && $0.requiredWorkingDays == nil })
        }
    }

    @Test("bad input: each refused or dead-lettered naming the problem, and the worker goes on")
    func badInput() async throws {
        let harness = try WorkerHarness.cutover(start: at("2026-11-16T10:00:00+08:00"))
        try await harness.run(harness.logic, reading: cutoverOutputs) { outputs in
            try await harness.loadInventory()
            try await harness.submit(plan("CO-BACK", start: "2026-11-25T03:00:00+08:00", end: "2026-11-25T01:00:00+08:00", submitted: harness.clock.now()))
            try await harness.submit(plan("CO-NEG", start: "2026-11-25T01:00:00+08:00", end: "2026-11-25T02:00:00+08:00", interruption: -5, submitted: harness.clock.now()))
            try await harness.feedback("CO-NONE", "C-D-0001", .agree)
            try await harness.submit(
                plan("CO-UNKNOWN", start: "2026-11-25T01:00:00+08:00", end: "2026-11-25T02:00:00+08:00", elements: ["NO-SUCH-NE"], circuits: ["NO-SUCH-CIRCUIT"],
                     submitted: harness.clock.now()))
            try await harness.submit(
                plan("CO-OWNER", start: "2026-11-25T01:00:00+08:00", end: "2026-11-25T02:00:00+08:00", elements: ["SZ-QH-PTN-07"], submitted: harness.clock.now()))
            try await harness.submit(
                plan("CO-PROV", start: "2026-11-25T01:00:00+08:00", end: "2026-11-25T02:00:00+08:00", unit: "GD-GZ", network: .provincialBackbone,
                     submitted: harness.clock.now()))
            try await harness.submit(plan("CO-PAST", start: "2026-11-16T09:00:00+08:00", end: "2026-11-16T09:30:00+08:00", submitted: harness.clock.now()))
            try await harness.submit(
                plan("CO-EMPTY", start: "2026-11-25T01:00:00+08:00", end: "2026-11-25T02:00:00+08:00", elements: ["GZ-EMPTY-01"], submitted: harness.clock.now()))
            try await harness.send([
                try harness.record(
                    .cutoverPlanCancel, CutoverCancellation(cutoverId: "CO-EMPTY", unit: "GD-GZ", reason: "not needed", cancelledBy: "GZ NOC", at: harness.clock.now()))
            ])
            try await harness.revise("CO-EMPTY", start: "2026-11-26T01:00:00+08:00", end: "2026-11-26T02:00:00+08:00")
            try await harness.sendRaw(.cutoverPlans, key: "CO-X", value: Array("{not json".utf8))
            try await outputs.wait("five dead letters and six decisions") { events in
                events.filter { $0.deadLetter != nil }.count == 5
                    && events.filter { $0.type == .cutoverApproved || $0.type == .cutoverRejected }.count == 5
            }
            let letters = outputs.deadLetters.map(\.message)
            #expect(letters.contains { $0.contains("CO-BACK") && $0.contains("ends") })
            #expect(letters.contains { $0.contains("CO-NEG") && $0.contains("-5 minutes is negative") })
            #expect(letters.contains { $0.contains("unknown cutover CO-NONE") })
            #expect(letters.contains { $0.contains("CO-EMPTY is cancelled") })
            #expect(outputs.deadLetters.contains { $0.kind == "malformed" })
            let refused = try Dictionary(uniqueKeysWithValues: outputs.all(.cutoverRejected, as: CutoverDecision.self).map { ($0.cutoverId, $0.problems) })
            #expect(refused["CO-UNKNOWN"] == ["unknown element NO-SUCH-NE: it is not in the inventory", "unknown circuit NO-SUCH-CIRCUIT: it is not in the inventory"])
            #expect(refused["CO-OWNER"] == ["element SZ-QH-PTN-07 is maintained by GD-SZ, outside GD-GZ"])
            #expect(refused["CO-PROV"]?.first == "GD-GZ (city) does not own the provincialBackbone; a province unit notifies and approves it")
            #expect(refused["CO-PAST"]?.contains { $0.contains("not in the future") } == true)
            let empty = try #require(try outputs.all(.cutoverApproved, as: CutoverDecision.self).first { $0.cutoverId == "CO-EMPTY" })
            #expect(empty.affectedCustomers == 0)
            #expect(empty.noticeIds == [])
        }
    }
}
