import Foundation
import OnePointDomain
import Testing

@Suite struct DelayApplicationTests {
    typealias F = TimeFixtures

    @Test func customerCausesAndResourceConstruction() {
        #expect(ClockStopReason.allCases.filter { !$0.isCustomerCause } == [.resourceConstruction])
        #expect(ClockStopReason.allCases.count == 7)
    }

    @Test func acceptedOnlyForCustomerCauseBeforeDeadline() throws {
        let deadline = try F.at("2026-12-03 16:00")
        let early = DelayApplication(reason: .propertyAccessDenied, filedAt: try F.at("2026-12-03 15:59"))
        #expect(early.decide(deadline: deadline) == .accepted)
        #expect(early.decide(deadline: deadline).isAccepted)
        #expect(early.rejectionError(deadline: deadline) == nil)

        let atDeadline = DelayApplication(reason: .machineRoomNotReady, filedAt: deadline)
        #expect(atDeadline.decide(deadline: deadline) == .rejected(.filedAfterDeadline))
        let lateError = atDeadline.rejectionError(deadline: deadline)
        #expect(lateError?.code == .delayRejected)
        #expect(lateError?.message.contains("machineRoomNotReady") == true)

        let notCustomer = DelayApplication(reason: .resourceConstruction, filedAt: try F.at("2026-11-21 10:00"))
        #expect(notCustomer.decide(deadline: deadline) == .rejected(.notCustomerCause))
        let lateAndNotCustomer = DelayApplication(reason: .resourceConstruction, filedAt: try F.at("2026-12-04 10:00"))
        #expect(lateAndNotCustomer.decide(deadline: deadline) == .rejected(.notCustomerCause))
    }

    @Test func occurrencesAccumulate() throws {
        let deadline = try F.at("2026-12-03 16:00")
        var tally = OverdueTally()
        tally.record(DelayApplication(reason: .customerRequestedDateChange, filedAt: try F.at("2026-12-01 10:00")), deadline: deadline)
        #expect(tally.occurrences == 0)
        tally.record(DelayApplication(reason: .buildingNotReady, filedAt: try F.at("2026-12-04 10:00")), deadline: deadline)
        tally.record(DelayApplication(reason: .resourceConstruction, filedAt: try F.at("2026-12-01 10:00")), deadline: deadline)
        #expect(tally.occurrences == 2)
        // The refusal before the deadline already counted the lateness at the deadline.
        tally.recordDeadlinePassed()
        #expect(tally.occurrences == 2)
        #expect(tally.rejections == [.filedAfterDeadline, .notCustomerCause])
        let data = try JSONEncoder().encode(tally)
        #expect(try JSONDecoder().decode(OverdueTally.self, from: data) == tally)
        #expect(throws: DomainError.self) {
            try JSONDecoder().decode(OverdueTally.self, from: Data(#"{"occurrences": 0, "rejections": ["notCustomerCause"]}"#.utf8))
        }
    }
}
