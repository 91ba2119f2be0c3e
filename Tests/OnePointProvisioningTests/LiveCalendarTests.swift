import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointProvisioning
import OnePointState
import OnePointTestSupport
import Testing

/// A year's calendar loaded without a restart (DOMAIN.md §9, issue 19 part 2): the provisioning
/// worker applies it from the `calendar` topic like any input, recounts every open clock that
/// reaches the year, moves its timers and publishes the change. The 2027 calendar here is made
/// up for the tests (``TestCalendar2027``).
///
/// The order: Bronze, ten access points in Chengdu, so 20 working days (10 × 10 / 5), dispatched
/// Sunday 2026-12-20 10:00; the clock starts Monday 12-21 09:00 and counts 9 days in 2026
/// (Dec 21–25, 28–31).
/// - Provisional 2027 (Jan 1 off): 80 % (16 days) Tue 2027-01-12 18:00, due Mon 2027-01-18 18:00.
/// - Test 2027 (Jan 1–3 and Fri Jan 8 off): 80 % Wed 2027-01-13 18:00, due Tue 2027-01-19 18:00.
@Suite("Provisioning: calendar years loaded live")
struct LiveCalendarTests {
    static let points: [UnitID] = Array(repeating: "SC-CD", count: 10)

    static func order(_ id: String, at instant: Date) throws -> ServiceOrder {
        try Fixtures.order(id, level: .bronze, points: points, initiator: "SC-CD", at: instant)
    }

    /// The due instant of the order's ladder step `percent`, as the worker's state holds it.
    static func step(_ percent: Int, of orderId: String, in harness: ProvisioningHarness) throws -> Date? {
        try StateProbe.open(harness.state).read { db in try StateTables.timer(db, id: "order:\(orderId):step:\(percent)") }
    }

    @Test("2026-12-20 order reaching 2027: provisional, then the loaded 2027 moves deadline and warning and publishes it; restarts keep both")
    func loadMovesDeadlineAndWarning() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-12-20 10:00"))
        let id = "SO-LIVE-2027"

        // 1. Accepted on the provisional rule, its warning timer set.
        try await harness.run {
            try await harness.send(.serviceOrderCreate, try Self.order(id, at: harness.clock.now()), from: "SC-CD")
            let accepted = try await harness.events(.serviceOrderAccepted, as: OrderAcceptance.self)[0]
            #expect(accepted.limit == "20 working days")
            #expect(accepted.deadline == cst("2027-01-18 18:00"))
            #expect(accepted.provisional == true)
            try await harness.wait("the ladder's timers") { _ in (try? harness.openTimers()) == 2 }
            #expect(try Self.step(80, of: id, in: harness) == cst("2027-01-12 18:00"))
            #expect(try Self.step(100, of: id, in: harness) == cst("2027-01-18 18:00"))
        }

        // 2. A restart, then the 2027 calendar is loaded (published on the calendar topic).
        try await harness.run {
            try await harness.send(.calendarYearUpdate, try TestCalendar2027.update(), from: "HQ", worker: "onepoint-cli")
            let change = try await harness.events(.deadlineChanged, as: DeadlineChange.self)[0]
            #expect(change.entity == EntityReference(kind: .serviceOrder, id: id))
            #expect(change.unit == "SC-CD")
            #expect(change.previousDeadline == cst("2027-01-18 18:00"))
            #expect(change.deadline == cst("2027-01-19 18:00"))
            #expect(change.provisional == nil)
            #expect(change.reason == .calendarLoaded)
            #expect(change.calendarYear == 2027)
            // Units see the new deadline on their work order.
            let legs = try await harness.wait("the work order published again") { outputs in
                harness.distinct(outputs, .workOrderStateChange).count >= 1
            }
            let workOrder = try #require(harness.distinct(legs, .workOrderStateChange).last).event(WorkOrder.self)
            #expect(workOrder.deadline == cst("2027-01-19 18:00"))
            #expect(workOrder.provisional == nil)
            // The warning and the overdue timers moved.
            #expect(try Self.step(80, of: id, in: harness) == cst("2027-01-13 18:00"))
            #expect(try Self.step(100, of: id, in: harness) == cst("2027-01-19 18:00"))
            // `onepoint order show` reads the same: final, no longer provisional.
            let status = try #require(
                try OrderStatus.load(statePath: harness.state, orderId: id, configuration: harness.domain, now: harness.clock.now()))
            #expect(status.deadline == cst("2027-01-19 18:00"))
            #expect(status.provisionalYears.isEmpty)
            #expect(status.provisionalNote == nil)
        }

        // 3. Another restart: the loaded year is kept (state, not memory), applied once, and the
        //    timers fire on it.
        try await harness.run {
            try await harness.advance(to: cst("2027-01-12 18:00"))
            try await harness.refresh()
            #expect(try harness.seen(.serviceOrderOverdueWarning, as: OrderDeadlineStep.self).isEmpty, "the provisional warning instant is gone")
            #expect(try harness.seen(.deadlineChanged, as: DeadlineChange.self).count == 1, "the calendar is applied once")
            try await harness.advance(to: cst("2027-01-13 18:00"))
            let warning = try await harness.events(.serviceOrderOverdueWarning, as: OrderDeadlineStep.self)[0]
            #expect(warning.at == cst("2027-01-13 18:00"))
            #expect(warning.deadline == cst("2027-01-19 18:00"))
            #expect(warning.provisional == nil)
            try await harness.advance(to: cst("2027-01-19 17:59"))
            try await harness.refresh()
            #expect(try harness.seen(.serviceOrderOverdue, as: OrderDeadlineStep.self).isEmpty)
            try await harness.advance(to: cst("2027-01-19 18:00"))
            let overdue = try await harness.events(.serviceOrderOverdue, as: OrderDeadlineStep.self)[0]
            #expect(overdue.deadline == cst("2027-01-19 18:00"))
        }

        // New work after the load counts on it from the start: not provisional.
        try await harness.run {
            try await harness.send(.serviceOrderCreate, try Self.order("SO-LIVE-2027-B", at: harness.clock.now()), from: "SC-CD")
            try await harness.wait("the second order accepted") { outputs in harness.distinct(outputs, .serviceOrderAccepted).count >= 2 }
            let second = try harness.seen(.serviceOrderAccepted, as: OrderAcceptance.self).first { $0.orderId == "SO-LIVE-2027-B" }
            #expect(second?.provisional == nil)
        }
    }

    @Test("an amended 2027 notice corrects the loaded year: the deadline and warning move again, the change says corrected; a survey's deadline turns final")
    func correctionRecountsAgain() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-12-20 10:00"))
        let id = "SO-CORRECTED-2027"
        // Bronze construction survey, 1 point, 4 working days from Wednesday 2026-12-30 09:00:
        // due Tuesday 2027-01-05 18:00 both provisionally and on the test calendar (Jan 1–3 off).
        let survey = ResourceCheckRequest(
            id: "PS-LIVE-2027", kind: .constructionSurvey, customer: CustomerReference(id: "C-PS-LIVE", name: "某某集团", level: .bronze),
            serviceType: .mplsVpn, bandwidthKbps: 20_000, accessPoints: [AccessPoint(id: "AP-1", unit: "ZJ-NB", address: "site 1")],
            requestingUnit: "ZJ", assignedUnit: "ZJ-NB", customerManager: Fixtures.manager, requestedAt: cst("2026-12-30 09:00"))
        try await harness.run {
            try await harness.send(.serviceOrderCreate, try Self.order(id, at: harness.clock.now()), from: "SC-CD")
            try await harness.send(.resourceCheckRequest, survey, from: "ZJ")
            try await harness.events(.serviceOrderAccepted, as: OrderAcceptance.self)
            try await harness.wait("the ladder's and the survey's timers") { _ in (try? harness.openTimers()) == 3 }

            try await harness.send(.calendarYearUpdate, try TestCalendar2027.update(), from: "HQ", worker: "onepoint-cli")
            let loaded = try await harness.events(.deadlineChanged, as: DeadlineChange.self, count: 2)
            let surveyChange = try #require(loaded.first { $0.entity.kind == .resourceCheck })
            #expect(surveyChange.entity.id == "PS-LIVE-2027")
            #expect(surveyChange.unit == "ZJ-NB")
            #expect(surveyChange.previousDeadline == cst("2027-01-05 18:00"))
            #expect(surveyChange.deadline == cst("2027-01-05 18:00"), "the same instant, but no longer provisional")
            #expect(surveyChange.provisional == nil)
            #expect(surveyChange.reason == .calendarLoaded)
            #expect(try Self.step(80, of: id, in: harness) == cst("2027-01-13 18:00"))

            // The amended notice: 2027-01-08 is a working day after all.
            try await harness.send(.calendarYearUpdate, try TestCalendar2027.correction(), from: "HQ", worker: "onepoint-cli")
            let changes = try await harness.events(.deadlineChanged, as: DeadlineChange.self, count: 3)
            let corrected = try #require(changes.last)
            #expect(corrected.entity == EntityReference(kind: .serviceOrder, id: id))
            #expect(corrected.previousDeadline == cst("2027-01-19 18:00"))
            #expect(corrected.deadline == cst("2027-01-18 18:00"))
            #expect(corrected.provisional == nil)
            #expect(corrected.reason == .calendarCorrected)
            #expect(try Self.step(80, of: id, in: harness) == cst("2027-01-12 18:00"))
            #expect(try Self.step(100, of: id, in: harness) == cst("2027-01-18 18:00"))
            // The survey's deadline did not move with the correction: no change published for it.
            try await harness.refresh()
            #expect(try harness.seen(.deadlineChanged, as: DeadlineChange.self).filter { $0.entity.kind == .resourceCheck }.count == 1)

            // Loading the same notice again changes nothing and publishes nothing.
            try await harness.send(.calendarYearUpdate, try TestCalendar2027.correction(), from: "HQ", worker: "onepoint-cli")
            try await harness.refresh()
            #expect(try harness.seen(.deadlineChanged, as: DeadlineChange.self).count == 3)
        }
    }

    @Test("a calendar record that breaks the rules is dead-lettered with the reason; the worker goes on counting provisionally")
    func badRecordIsDeadLettered() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-12-20 10:00"))
        // Made up: a make-up working day on a Monday, which no notice can have.
        let bad = CalendarYearUpdate(
            year: 2027, daysOff: [try CivilDate(year: 2027, month: 1, day: 1)], makeUpWorkingDays: [try CivilDate(year: 2027, month: 1, day: 4)])
        try await harness.run {
            try await harness.send(.calendarYearUpdate, bad, from: "HQ", worker: "onepoint-cli")
            let outputs = try await harness.wait("the dead letter") { outputs in outputs.contains { $0.topic == Topic.deadLetters.defaultName } }
            let letter = try #require(outputs.first { $0.topic == Topic.deadLetters.defaultName })
            #expect(letter.errorMessage?.contains("2027-01-04 as a make-up working day, but it is not a Saturday or Sunday") == true)
            try await harness.send(.serviceOrderCreate, try Self.order("SO-AFTER-BAD", at: harness.clock.now()), from: "SC-CD")
            let accepted = try await harness.events(.serviceOrderAccepted, as: OrderAcceptance.self)[0]
            #expect(accepted.provisional == true)
            #expect(accepted.deadline == cst("2027-01-18 18:00"))
        }
    }
}
