import Foundation
import OnePointContracts
import OnePointDomain
import OnePointProvisioning
import Testing

/// An order whose limit reaches a year whose holiday notice is not loaded (2027 in the shipped
/// calendar.yaml) is accepted on a **provisional** deadline (DOMAIN.md §9), its events say so,
/// and its timers run on it.
@Suite("Provisioning: provisional deadlines in a year not loaded")
struct ProvisionalDeadlineTests {
    @Test("a Bronze order dispatched 2026-12-20 reaching 2027 is accepted provisional; its warning and overdue fire on the provisional calendar")
    func bronzeIntoUnloadedYear() async throws {
        // Sunday 2026-12-20 10:00: the clock starts Monday 12-21 09:00. Bronze, 1 point: 10
        // working days = 80 h. Dec 21–25 (5), Dec 28–31 (9), Fri 2027-01-01 off (fixed-date
        // holiday), Sat/Sun off, Mon 2027-01-04 (10): due 2027-01-04 18:00. The 80 % warning
        // (64 h = 8 working days: Dec 21–25, 28–30) is due Wednesday 2026-12-30 18:00.
        let harness = try await ProvisioningHarness(start: cst("2026-12-20 10:00"))
        let id = "SO-BRONZE-2027"
        try await harness.run {
            try await harness.send(
                .serviceOrderCreate, try Fixtures.order(id, level: .bronze, points: ["SC-CD"], initiator: "SC-CD", at: harness.clock.now()),
                from: "SC-CD")
            let accepted = try await harness.events(.serviceOrderAccepted, as: OrderAcceptance.self)[0]
            #expect(accepted.limit == "10 working days")
            #expect(accepted.deadline == cst("2027-01-04 18:00"))
            #expect(accepted.provisional == true)
            let dispatch = try await harness.events(.serviceOrderDispatched, as: OrderDispatch.self)[0]
            #expect(dispatch.provisional == true)
            let workOrders = try await harness.events(.workOrderCreate, as: WorkOrder.self, count: 1)
            #expect(workOrders.allSatisfy { $0.provisional == true && $0.deadline == cst("2027-01-04 18:00") })
            #expect(try harness.seen(.serviceOrderRejected, as: OrderRejection.self).isEmpty)

            // `onepoint order show` reads this: the deadline and the year counted provisionally.
            let status = try #require(
                try OrderStatus.load(statePath: harness.state, orderId: id, configuration: harness.domain, now: harness.clock.now()))
            #expect(status.deadline == cst("2027-01-04 18:00"))
            #expect(status.provisionalYears == [2027])
            #expect(status.provisionalNote == "provisional: no holiday notice loaded for 2027; counted Monday to Friday except Jan 1, May 1–2, Oct 1–3")

            try await harness.advance(to: cst("2026-12-30 17:59"))
            try await harness.refresh()
            #expect(try harness.seen(.serviceOrderOverdueWarning, as: OrderDeadlineStep.self).isEmpty)
            try await harness.advance(to: cst("2026-12-30 18:00"))
            let warning = try await harness.events(.serviceOrderOverdueWarning, as: OrderDeadlineStep.self)[0]
            #expect(warning.percent == 80)
            #expect(warning.at == cst("2026-12-30 18:00"))
            #expect(warning.deadline == cst("2027-01-04 18:00"))
            #expect(warning.provisional == true)

            // Friday 2027-01-01 is off provisionally: nothing is due before Monday 18:00.
            try await harness.advance(to: cst("2027-01-04 17:59"))
            try await harness.refresh()
            #expect(try harness.seen(.serviceOrderOverdue, as: OrderDeadlineStep.self).isEmpty)
            try await harness.advance(to: cst("2027-01-04 18:00"))
            let overdue = try await harness.events(.serviceOrderOverdue, as: OrderDeadlineStep.self)[0]
            #expect(overdue.at == cst("2027-01-04 18:00"))
            #expect(overdue.provisional == true)
        }
    }

    @Test("a survey reaching 2027 gets a provisional deadline; its escalation fires on it and says provisional")
    func surveyIntoUnloadedYear() async throws {
        // Bronze construction survey, 1 point: 4 working days from Wednesday 2026-12-30 09:00:
        // Dec 30 (1), Dec 31 (2), Fri 2027-01-01 off provisionally, Mon Jan 4 (3), Tue Jan 5 (4):
        // due Tuesday 2027-01-05 18:00.
        let harness = try await ProvisioningHarness(start: cst("2026-12-30 09:00"))
        let request = ResourceCheckRequest(
            id: "PS-2027", kind: .constructionSurvey, customer: CustomerReference(id: "C-PS-2027", name: "某某集团", level: .bronze),
            serviceType: .mplsVpn, bandwidthKbps: 20_000, accessPoints: [AccessPoint(id: "AP-1", unit: "ZJ-NB", address: "site 1")],
            requestingUnit: "ZJ", assignedUnit: "ZJ-NB", customerManager: Fixtures.manager, requestedAt: cst("2026-12-30 09:00"))
        try await harness.run {
            try await harness.send(.resourceCheckRequest, request, from: "ZJ")
            try await harness.wait("the survey's deadline set") { _ in (try? harness.openTimers()) == 1 }
            try await harness.advance(to: cst("2027-01-05 17:59"))
            try await harness.refresh()
            #expect(try harness.seen(.escalationNotification, as: EscalationNotice.self).isEmpty)
            try await harness.advance(to: cst("2027-01-05 18:00"))
            let escalation = try await harness.events(.escalationNotification, as: EscalationNotice.self)[0]
            #expect(escalation.entity == EntityReference(kind: .resourceCheck, id: "PS-2027"))
            #expect(escalation.deadline == cst("2027-01-05 18:00"))
            #expect(escalation.provisional == true)
        }
    }

    @Test("an order inside loaded years carries no provisional flag")
    func loadedYearsAreFinal() async throws {
        // Bronze from Monday 2026-11-23 09:00: ten working days to Friday 12-04 18:00, all in 2026.
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"))
        try await harness.run {
            try await harness.send(
                .serviceOrderCreate,
                try Fixtures.order("SO-BRONZE-2026", level: .bronze, points: ["SC-CD"], initiator: "SC-CD", at: harness.clock.now()), from: "SC-CD")
            let accepted = try await harness.events(.serviceOrderAccepted, as: OrderAcceptance.self)[0]
            #expect(accepted.deadline == cst("2026-12-04 18:00"))
            #expect(accepted.provisional == nil)
        }
    }
}
