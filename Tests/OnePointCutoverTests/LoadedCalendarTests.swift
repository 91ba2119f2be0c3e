import Foundation
import GRDB
import OnePointContracts
import OnePointCutover
import OnePointDomain
import OnePointTestSupport
import Testing

/// The cutover worker applies a year's calendar from the `calendar` topic (`onepoint calendar
/// load`) and decides later plans on it: no longer provisional. The 2027 here is made up for the
/// test (Monday 2027-01-04 off besides Jan 1–3), never the real notice.
@Suite("Cutover: a calendar year loaded live", .serialized)
struct LoadedCalendarTests {
    static func madeUp2027() throws -> CalendarYearUpdate {
        CalendarYearUpdate(
            year: 2027, daysOff: try (1...4).map { try CivilDate(year: 2027, month: 1, day: $0) },
            makeUpWorkingDays: [try CivilDate(year: 2027, month: 2, day: 20)], source: "made up for tests")
    }

    @Test("a plan after the load counts its notice lead on the loaded year and is not provisional")
    func planAfterLoad() async throws {
        // Monday 2026-12-21 10:00; window Tuesday 2027-01-05 01:00. Diamond/Key lead 5 on the
        // made-up 2027 (Jan 1–4 off): Dec 31 (1), 30 (2), 29 (3), 28 (4), Fri 12-25 (5): latest
        // send date Thursday 2026-12-24 (provisionally it was Sunday 12-27). Feedback is due at
        // the end of the working day before the window's day: Thursday 2026-12-31 18:00.
        let harness = try WorkerHarness.cutover(start: at("2026-12-21T10:00:00+08:00"))
        try await harness.run(harness.logic, reading: cutoverOutputs) { outputs in
            try await harness.loadInventory()
            try await harness.send([try harness.record(.calendarYearUpdate, try Self.madeUp2027())])
            try await harness.settle()
            let stored = try await harness.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cutover_calendar_years") ?? 0 }
            #expect(stored == 1)
            try await harness.submit(plan("CO-2027-LOADED", start: "2027-01-05T01:00:00+08:00", end: "2027-01-05T03:00:00+08:00", submitted: harness.clock.now()))
            try await outputs.wait("approval and four notices") { events in
                events.contains { $0.type == .cutoverApproved } && events.filter { $0.type == .cutoverNotice }.count == 4
            }
            let approval = try #require(try outputs.all(.cutoverApproved, as: CutoverDecision.self).first)
            #expect(approval.latestSendDate.description == "2026-12-24")
            #expect(approval.provisional == nil)
            let notices = try outputs.all(.cutoverNotice, as: CutoverNotice.self)
            #expect(notices.allSatisfy { $0.provisional == nil })
            #expect(notices.allSatisfy { $0.feedbackDueAt == at("2026-12-31T18:00:00+08:00") })
            #expect(outputs.deadLetters.isEmpty)
        }
    }

    /// The current notices of `cutover` as the worker's state holds them, by customer.
    static func notices(_ cutover: String, in harness: WorkerHarness) async throws -> [String: (notice: CutoverNotice, inTime: Bool)] {
        let rows = try await harness.read { db in
            try Row.fetchAll(db, sql: "SELECT customer_id, in_time, notice FROM cutover_notices WHERE cutover_id = ? AND superseded_by IS NULL", arguments: [cutover])
                .map { (id: $0["customer_id"] as String, inTime: ($0["in_time"] as Int) != 0, notice: $0["notice"] as String) }
        }
        var result: [String: (notice: CutoverNotice, inTime: Bool)] = [:]
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970  // the worker's text columns
        for row in rows { result[row.id] = (try decoder.decode(CutoverNotice.self, from: Data(row.notice.utf8)), row.inTime) }
        return result
    }

    /// The due instant of the plan's feedback timer, as the runtime's table holds it.
    static func feedbackTimer(_ cutover: String, in harness: WorkerHarness) async throws -> Date? {
        try await harness.read { db in
            try Int64.fetchOne(db, sql: "SELECT due_at FROM runtime_timers WHERE timer_id = ?", arguments: ["cutover:\(cutover):feedback"])
                .map { Date(timeIntervalSince1970: Double($0) / 1000) }
        }
    }

    @Test("a plan approved provisionally is counted again when 2027 is loaded: latest send dates, feedback due and its timer move, the status says why")
    func approvedPlanRecounted() async throws {
        // As in ProvisionalLeadTests: Monday 2026-12-21, window Tuesday 2027-01-05 01:00, Diamond
        // latest send date Sunday 12-27 and feedback due Monday 2027-01-04 18:00 provisionally.
        // On the made-up 2027 (Jan 1–4 off): Diamond and Key 12-24, Silver (3) 12-28, Bronze (2)
        // 12-29; feedback due Thursday 2026-12-31 18:00. Sent 12-21: all still in time.
        let harness = try WorkerHarness.cutover(start: at("2026-12-21T10:00:00+08:00"))
        let id = "CO-2027-RECOUNT"
        try await harness.run(harness.logic, reading: cutoverOutputs) { outputs in
            try await harness.loadInventory()
            try await harness.submit(plan(id, start: "2027-01-05T01:00:00+08:00", end: "2027-01-05T03:00:00+08:00", submitted: harness.clock.now()))
            try await outputs.wait("approval and four notices") { events in events.filter { $0.type == .cutoverNotice }.count == 4 }
            #expect(try await Self.feedbackTimer(id, in: harness) == at("2027-01-04T18:00:00+08:00"))

            try await harness.send([try harness.record(.calendarYearUpdate, try Self.madeUp2027())])
            try await outputs.wait("the plan's status after the recount") { events in events.contains { $0.type == .cutoverStateChange } }
            let status = try #require(try outputs.all(.cutoverStateChange, as: CutoverStatus.self).first)
            #expect(status.state == .approved && status.previousState == .approved)
            #expect(status.reason.hasPrefix("notice lead counted again on the 2027 calendar now loaded: "), "\(status.reason)")
            #expect(status.reason.contains("C-D-0001: latest send date 2026-12-27 → 2026-12-24"), "\(status.reason)")
            #expect(status.reason.contains("C-S-0003: latest send date 2026-12-29 → 2026-12-28"), "\(status.reason)")

            let notices = try await Self.notices(id, in: harness)
            #expect(notices.count == 4)
            #expect(notices["C-D-0001"]?.notice.latestSendDate.description == "2026-12-24")
            #expect(notices["C-B-0004"]?.notice.latestSendDate.description == "2026-12-29")
            #expect(notices.values.allSatisfy { $0.inTime && $0.notice.inTime && $0.notice.provisional == nil })
            #expect(notices.values.allSatisfy { $0.notice.feedbackDueAt == at("2026-12-31T18:00:00+08:00") })
            #expect(try await Self.feedbackTimer(id, in: harness) == at("2026-12-31T18:00:00+08:00"))

            // The moved timer fires: silence counts from Thursday 12-31 18:00, not Monday.
            try await harness.advance(to: at("2026-12-31T18:00:00+08:00"))
            try await outputs.wait("feedback reminders") { events in
                (try? outputs.all(.cutoverReminder, as: CutoverReminder.self).filter { $0.kind == .feedbackMissing }.count) == 4
            }
            #expect(outputs.deadLetters.isEmpty)
        }
    }

    @Test("a notice in time only provisionally is counted late once 2027 is loaded; its fact at the window's start says late")
    func noticeTurnsLate() async throws {
        // Friday 2026-12-25 10:00: provisionally Diamond's and Key's latest send date is 12-27, so
        // in time; on the made-up 2027 it is Thursday 12-24: late. Silver's 12-28 and Bronze's
        // 12-29 stay in time.
        let harness = try WorkerHarness.cutover(start: at("2026-12-25T10:00:00+08:00"))
        let id = "CO-2027-LATE-NOW"
        try await harness.run(harness.logic, reading: cutoverOutputs) { outputs in
            try await harness.loadInventory()
            try await harness.submit(plan(id, start: "2027-01-05T01:00:00+08:00", end: "2027-01-05T03:00:00+08:00", submitted: harness.clock.now()))
            try await outputs.wait("approval and four notices") { events in events.filter { $0.type == .cutoverNotice }.count == 4 }
            #expect(try outputs.all(.cutoverNotice, as: CutoverNotice.self).allSatisfy { $0.inTime && $0.provisional == true })

            try await harness.send([try harness.record(.calendarYearUpdate, try Self.madeUp2027())])
            try await outputs.wait("the plan's status after the recount") { events in events.contains { $0.type == .cutoverStateChange } }
            let status = try #require(try outputs.all(.cutoverStateChange, as: CutoverStatus.self).first)
            #expect(status.reason.contains("C-D-0001: latest send date 2026-12-27 → 2026-12-24, now late"), "\(status.reason)")
            let notices = try await Self.notices(id, in: harness)
            #expect(notices["C-D-0001"]?.inTime == false)
            #expect(notices["C-K-0002"]?.inTime == false)
            #expect(notices["C-S-0003"]?.inTime == true)
            #expect(notices["C-B-0004"]?.inTime == true)

            // At the window's start each notice becomes a fact; the recounted ones count late.
            try await harness.advance(to: at("2027-01-05T01:00:00+08:00"))
            try await outputs.wait("four information-notice facts") { events in events.filter { $0.type == .assessmentRecord }.count == 4 }
            let facts = Dictionary(
                uniqueKeysWithValues: try outputs.all(.assessmentRecord, as: AssessmentRecord.self).map { ($0.reference, $0.met) })
            #expect(facts["\(id)/C-D-0001"] == false)
            #expect(facts["\(id)/C-K-0002"] == false)
            #expect(facts["\(id)/C-S-0003"] == true)
            #expect(facts["\(id)/C-B-0004"] == true)
        }
    }
}
