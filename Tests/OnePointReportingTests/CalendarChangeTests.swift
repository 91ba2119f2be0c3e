import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointReporting
import OnePointTestSupport
import Testing

/// The reporting worker and a calendar loaded live (DOMAIN.md §9): it stores the year from the
/// `calendar` topic, and an open-work row takes the deadline a `DeadlineChangedEvent` gives, so a
/// month's end counts the work in the month its deadline now falls in.
@Suite("Reporting and a calendar loaded live", .serialized)
struct CalendarChangeTests {
    @Test("an overdue order whose deadline a corrected calendar moves into December is not late in November; the year is stored")
    func overdueOrderMoved() async throws {
        let h = try WorkerHarness.reporting(start: at("2026-11-26T10:00:00+08:00"))
        try await h.run(h.logic, reading: reportingOutputs) { outputs in
            var records = try h.tally(.provisioningOnTime, "GD-SZ", met: 50, of: 50, prefix: "SO-SZ")
            records.append(
                try h.record(
                    .serviceOrderOverdue,
                    OrderDeadlineStep(
                        orderId: "SO-MOVED", unit: "GD-SZ", level: .gold, percent: 100, target: .coordinatingParty, targetUnit: "GD-SZ",
                        deadline: at("2026-11-25T18:00:00+08:00"), at: h.clock.now(), overdueOccurrences: 1),
                    unit: "GD-SZ"))
            // Made up: a correction of 2026 moving the order's deadline to 2 December.
            records.append(
                try h.record(
                    .deadlineChanged,
                    DeadlineChange(
                        entity: EntityReference(kind: .serviceOrder, id: "SO-MOVED"), unit: "GD-SZ", level: .gold, limit: "7 working days",
                        startedAt: at("2026-11-16T10:00:00+08:00"), previousDeadline: at("2026-11-25T18:00:00+08:00"),
                        deadline: at("2026-12-02T18:00:00+08:00"), reason: .calendarCorrected, calendarYear: 2026, at: h.clock.now()),
                    unit: "GD-SZ"))
            records.append(
                try h.record(
                    .calendarYearUpdate,
                    CalendarYearUpdate(year: 2027, daysOff: [try CivilDate(year: 2027, month: 1, day: 1)], makeUpWorkingDays: [], source: "made up")))
            try await h.send(records)
            try await h.settle()
            let stored = try await h.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM report_calendar_years") ?? 0 }
            #expect(stored == 1)
            let deadline = try await h.read { db in
                try Double.fetchOne(db, sql: "SELECT deadline FROM report_open WHERE item_id = 'provisioningOnTime:SO-MOVED'")
            }
            #expect(deadline == at("2026-12-02T18:00:00+08:00").timeIntervalSince1970)

            try await h.advance(to: at("2026-12-01T00:00:00+08:00"))
            try await outputs.wait("Shenzhen's November draft") { try !$0.reports("GD-SZ", "2026-11").isEmpty }
            let draft = try #require(try outputs.events.reports("GD-SZ", "2026-11").last)
            #expect(draft.scorecard.parts.first { $0.part == .provisioningOnTime }?.detail == "50 of 50 (100.0 %)")
            #expect(draft.problems.isEmpty)
            #expect(outputs.deadLetters.isEmpty)
        }
    }
}
