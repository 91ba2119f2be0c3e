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
}
