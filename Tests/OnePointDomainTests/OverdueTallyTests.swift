import Foundation
import OnePointDomain
import Testing

/// DOMAIN.md §5: every missed event counts one overdue occurrence, and no event counts twice.
@Suite("overdue tally: one occurrence per missed event")
struct OverdueTallyTests {
    typealias F = TimeFixtures

    static func application(_ reason: ClockStopReason, at text: String) throws -> DelayApplication {
        DelayApplication(reason: reason, filedAt: try F.at(text))
    }

    @Test("a delay refused before the deadline and the deadline passing are one lateness: 1 occurrence")
    func refusedBeforeThenDeadline() throws {
        let deadline = try F.at("2026-12-09 16:00")
        var tally = OverdueTally()
        let decision = tally.record(try Self.application(.resourceConstruction, at: "2026-12-01 10:00"), deadline: deadline)
        #expect(decision == .rejected(.notCustomerCause))
        #expect(tally.deadlineLatenessCounted)
        #expect(tally.occurrences == 1)
        let counted = tally.recordDeadlinePassed()
        #expect(!counted)
        #expect(tally.occurrences == 1)
    }

    @Test("the deadline passing counts once, however often it is noticed (100 %, later steps, a late completion)")
    func deadlineOnce() {
        var tally = OverdueTally()
        let first = tally.recordDeadlinePassed()
        let second = tally.recordDeadlinePassed()
        let third = tally.recordDeadlinePassed()
        #expect(first && !second && !third)
        #expect(tally.occurrences == 1)
    }

    @Test("an application filed after the deadline is one more missed event: 2 occurrences")
    func lateApplicationCountsOneMore() throws {
        let deadline = try F.at("2026-12-09 16:00")
        var tally = OverdueTally()
        tally.recordDeadlinePassed()
        let decision = tally.record(try Self.application(.propertyAccessDenied, at: "2026-12-10 09:30"), deadline: deadline)
        #expect(decision == .rejected(.filedAfterDeadline))
        #expect(tally.occurrences == 2)
        // A non-customer cause filed after the deadline: also a missed event, also one more.
        tally.record(try Self.application(.resourceConstruction, at: "2026-12-10 09:31"), deadline: deadline)
        #expect(tally.occurrences == 3)
        #expect(tally.rejections == [.filedAfterDeadline, .notCustomerCause])
    }

    @Test("two refusals before the deadline are two events; the deadline adds none")
    func twoRefusals() throws {
        let deadline = try F.at("2026-12-09 16:00")
        var tally = OverdueTally()
        tally.record(try Self.application(.resourceConstruction, at: "2026-12-01 10:00"), deadline: deadline)
        tally.record(try Self.application(.resourceConstruction, at: "2026-12-02 10:00"), deadline: deadline)
        tally.recordDeadlinePassed()
        #expect(tally.occurrences == 2)
    }

    @Test("an accepted delay counts nothing; the deadline passing later still counts one")
    func acceptedThenLate() throws {
        let deadline = try F.at("2026-12-09 16:00")
        var tally = OverdueTally()
        let decision = tally.record(try Self.application(.customerEquipmentNotDelivered, at: "2026-12-01 10:00"), deadline: deadline)
        #expect(decision == .accepted)
        #expect(tally.occurrences == 0)
        let counted = tally.recordDeadlinePassed()
        #expect(counted)
        #expect(tally.occurrences == 1)
    }

    @Test("a tally stored before the lateness flag existed: an occurrence beyond the rejections was the deadline")
    func decodesOlderTallies() throws {
        let decoder = JSONDecoder()
        var deadlineCounted = try decoder.decode(OverdueTally.self, from: Data(#"{"occurrences": 2, "rejections": ["filedAfterDeadline"]}"#.utf8))
        #expect(deadlineCounted.deadlineLatenessCounted)
        let countedAgain = deadlineCounted.recordDeadlinePassed()
        #expect(!countedAgain)
        let onlyRefused = try decoder.decode(OverdueTally.self, from: Data(#"{"occurrences": 1, "rejections": ["notCustomerCause"]}"#.utf8))
        #expect(!onlyRefused.deadlineLatenessCounted)
        let roundTrip = try decoder.decode(OverdueTally.self, from: JSONEncoder().encode(deadlineCounted))
        #expect(roundTrip == deadlineCounted)
    }
}
