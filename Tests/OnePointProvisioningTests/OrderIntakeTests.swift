import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import Testing

/// Intake: rejections that name every problem, cease orders, pre-sale resource checks, data
/// configuration, and a restart in the middle of an order.
@Suite("Provisioning: intake, cease, resource checks, restart")
struct OrderIntakeTests {
    /// The JSON of `order` as the CRM would send it, with `change` applied to the payload.
    static func json(_ order: ServiceOrder, at instant: Date, _ change: (inout [String: Any]) -> Void) throws -> [UInt8] {
        let envelope = EventEnvelope(.serviceOrderCreate, event: order, eventTime: instant, source: EventSource(unit: "GD-GZ", worker: "crm"))
        var object = try JSONSerialization.jsonObject(with: Data(try envelope.encoded())) as? [String: Any] ?? [:]
        var event = object["event"] as? [String: Any] ?? [:]
        change(&event)
        object["event"] = event
        return Array(try JSONSerialization.data(withJSONObject: object))
    }

    @Test("invalid orders are answered with a rejection naming every problem, never dropped")
    func rejections() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"))
        let now = harness.clock.now()
        try await harness.run {
            // Three problems the schema finds: an unknown service type, an unknown unit, no customer.
            let broken = try Self.json(try Fixtures.order("SO-BAD-1", level: .gold, points: ["GD-GZ", "GD-SZ"], initiator: "GD-GZ", at: now), at: now) {
                $0["serviceType"] = "X.25"
                var points = $0["accessPoints"] as? [[String: Any]] ?? []
                points[1]["unit"] = "GD-XX"
                $0["accessPoints"] = points
                $0["customer"] = nil
            }
            try await harness.sendRaw(topic: Topic.serviceOrders.defaultName, key: "SO-BAD-1", value: broken)
            // Business rules: a province is no access point, a bandwidth must be positive.
            var province = try Fixtures.order("SO-BAD-2", level: .gold, points: ["GD"], initiator: "GD", at: now)
            province.bandwidthKbps = 0
            try await harness.send(.serviceOrderCreate, province, from: "GD")
            try await harness.send(.serviceOrderCreate, try Fixtures.order("SO-BAD-3", level: .gold, points: [], initiator: "JS", at: now), from: "JS")
            // (A deadline in a year with no calendar loaded is no reason to refuse: see
            // ProvisionalDeadlineTests.)
            let rejections = try await harness.events(.serviceOrderRejected, as: OrderRejection.self, count: 3)
            let byOrder = Dictionary(uniqueKeysWithValues: rejections.map { ($0.orderId, $0) })
            let first = try #require(byOrder["SO-BAD-1"])
            #expect(Set(first.problems.map(\.field)) == ["serviceType", "accessPoints[1].unit", "customer"])
            #expect(first.problems.first { $0.field == "accessPoints[1].unit" }?.message.contains("GD-XX") == true)
            #expect(first.initiatingUnit == "GD-GZ")
            #expect(byOrder["SO-BAD-2"]?.problems.map(\.code) == ["invalid-value", "not-a-city"])
            #expect(byOrder["SO-BAD-3"]?.problems.map(\.code) == ["no-access-point"])
            #expect(rejections.allSatisfy { $0.state == .rejected })
            #expect(harness.distinct(harness.outputs, .serviceOrderAccepted).isEmpty)
        }
    }

    @Test("a cease order closes the service: ceased, deleted from the inventory and tombstoned; an unknown circuit is refused")
    func cease() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"))
        try await harness.run {
            let circuit = Circuit(
                id: "GZSZ-ETH-000123", customerId: "C-BANK", serviceType: .ethernetPrivateLine, bandwidthKbps: 100_000,
                aEnd: .init(unit: "GD-GZ", address: "天河路 1 号", port: "GZ-TH-PTN-03/1-2-7"), zEnd: .init(unit: "GD-SZ", address: "深南大道 2 号"),
                assurance: .aa, scope: .crossCity)
            try await harness.send(.circuitUpdate, circuit, from: "GD-GZ", worker: "inventory")
            // The cease order travels on another topic: send it once the worker holds the circuit.
            try await harness.waitForState("the worker to hold circuit \(circuit.id)") { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM prov_circuits WHERE circuit_id = ?", arguments: [circuit.id]) == 1
            }
            try await harness.send(
                .serviceOrderCreate,
                try Fixtures.order("SO-CEASE-1", level: .gold, points: [], initiator: "GD-GZ", at: harness.clock.now(), action: .delete, circuitId: circuit.id),
                from: "GD-GZ")
            let ceased = try await harness.events(.serviceOrderCeased, as: OrderCease.self)[0]
            #expect(ceased.circuitId == circuit.id)
            #expect(ceased.releasedResources == ["GZ-TH-PTN-03/1-2-7"])
            #expect(try await harness.events(.circuitDelete, as: CircuitDeletion.self)[0].circuitId == circuit.id)
            try await harness.wait("the tombstone") { outputs in
                outputs.contains { $0.topic == Topic.inventory.defaultName && $0.key == "circuit:\(circuit.id)" && $0.value == nil }
            }
            // The circuit is gone: ceasing it again is refused.
            try await harness.send(
                .serviceOrderCreate,
                try Fixtures.order("SO-CEASE-2", level: .gold, points: [], initiator: "GD-GZ", at: harness.clock.now(), action: .delete, circuitId: circuit.id),
                from: "GD-GZ")
            let refused = try await harness.events(.serviceOrderRejected, as: OrderRejection.self)[0]
            #expect(refused.problems.map(\.code) == ["unknown-circuit"])
        }
    }

    @Test("resource checks: the limit scales beyond 5 access points, a late answer scores its overrun, an unanswered one escalates at its deadline")
    func resourceChecks() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"))
        func request(_ id: String, _ kind: ResourceCheckRequest.Kind, level: CustomerLevel, points: Int) -> ResourceCheckRequest {
            ResourceCheckRequest(
                id: id, kind: kind, customer: CustomerReference(id: "C-\(id)", name: "某某集团", level: level), serviceType: .mplsVpn, bandwidthKbps: 20_000,
                accessPoints: (1...points).map { AccessPoint(id: "AP-\($0)", unit: "ZJ-NB", address: "site \($0)") }, requestingUnit: "ZJ",
                assignedUnit: "ZJ-NB", customerManager: Fixtures.manager, requestedAt: cst("2026-11-23 09:00"))
        }
        try await harness.run {
            // Bronze construction survey, 8 points: 4 × 8 / 5 = 6.4 → 6.5 working days = 52 h:
            // six full days to Monday 11-30, then 4 h of Tuesday 12-01: due 14:00.
            try await harness.send(.resourceCheckRequest, request("PS-1", .constructionSurvey, level: .bronze, points: 8), from: "ZJ")
            // Key existing-network survey: 1 working day, due Monday 18:00.
            try await harness.send(.resourceCheckRequest, request("PS-2", .existingNetworkSurvey, level: .key, points: 2), from: "ZJ")
            try await harness.wait("both deadlines set") { _ in (try? harness.openTimers()) == 2 }
            try await harness.advance(to: cst("2026-11-23 18:00"))
            let escalation = try await harness.events(.escalationNotification, as: EscalationNotice.self)[0]
            #expect(escalation.entity == EntityReference(kind: .resourceCheck, id: "PS-2"))
            #expect(escalation.deadline == cst("2026-11-23 18:00"))
            #expect(escalation.targetUnit == "ZJ")
            #expect(escalation.remainingMinutes == 0)
            try await harness.advance(to: cst("2026-12-01 15:30"))
            let answer = ResourceCheckResult(
                requestId: "PS-1", kind: .constructionSurvey, unit: "ZJ-NB", outcome: .constructionNeeded, solution: "new fibre to site 6",
                construction: .init(investmentYuan: 120_000, workingDays: 15, description: "fibre"), answeredBy: "survey team",
                answeredAt: cst("2026-12-01 15:30"))
            try await harness.send(.resourceCheckResult, answer, from: "ZJ-NB")
            let fact = try await harness.events(.assessmentRecord, as: AssessmentRecord.self)[0]
            #expect(fact.part == .constructionSurvey)
            #expect(fact.overrunMinutes == 90, "14:00 to 15:30 of working time")
            #expect(fact.unit == "ZJ-NB")
            #expect(fact.month == "2026-12")
        }
    }

    @Test("data configuration started 45 minutes after its notice is recorded 15 minutes late")
    func dataConfiguration() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"))
        let id = "SO-DATA-1"
        try await harness.run {
            try await harness.send(
                .serviceOrderCreate, try Fixtures.order(id, level: .gold, points: ["SC-MY"], initiator: "SC-MY", at: harness.clock.now()), from: "SC-MY")
            try await harness.events(.workOrderCreate, as: WorkOrder.self)
            let start = WorkOrderDataConfiguration(
                workOrderId: "\(id)/SC-MY", orderId: id, unit: "SC-MY", noticeAt: cst("2026-11-24 10:00"), startedAt: cst("2026-11-24 10:45"),
                reportedBy: "data team")
            // Reported once the worker's clock is there: a report dated in the future is refused.
            try await harness.advance(to: start.startedAt)
            try await harness.send(.workOrderDataConfigurationStarted, start, from: "SC-MY")
            let fact = try await harness.events(.assessmentRecord, as: AssessmentRecord.self)[0]
            #expect(fact.part == .dataConfiguration)
            #expect(fact.overrunMinutes == 15)
        }
    }

    @Test("a worker restarted in the middle of an order picks up where it stopped: nothing lost, nothing repeated")
    func restartMidOrder() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"))
        let id = "SO-RESTART-1"
        try await harness.run {
            try await harness.send(
                .serviceOrderCreate, try Fixtures.order(id, level: .gold, points: ["GD-GZ", "GD-FS"], initiator: "GD-GZ", at: harness.clock.now()),
                from: "GD-GZ")
            try await harness.events(.workOrderCreate, as: WorkOrder.self, count: 3)
            try await harness.completeLeg(id, "GD-GZ", scope: .crossCity)
            try await harness.events(.serviceOrderLegCompleted, as: LegCompletion.self)
        }
        // Down across the 80 % instant: the warning fires once, right after the restart.
        harness.moveClock(to: cst("2026-11-30 18:00"))
        try await harness.run {
            try await harness.events(.serviceOrderOverdueWarning, as: OrderDeadlineStep.self)
            for unit: UnitID in ["GD-FS", "GD"] { try await harness.completeLeg(id, unit, scope: .crossCity) }
            try await harness.events(.serviceOrderLegCompleted, as: LegCompletion.self, count: 3)
            try await harness.file(id, "GD", report: "TR-E2E", stage: .endToEnd, scope: .crossCity)
            try await harness.stage(id, "GD", .endToEndCompletion)
            try await harness.acceptAll(id, "GD")
            try await harness.events(.serviceOrderCompleted, as: OrderCompletion.self)
            try await harness.refresh()
        }
        #expect(harness.distinct(harness.outputs, .workOrderCreate).count == 3)
        #expect(harness.distinct(harness.outputs, .serviceOrderAccepted).count == 1)
        #expect(try harness.seen(.serviceOrderLegCompleted, as: LegCompletion.self).map(\.remainingUnits.count) == [2, 1, 0])
        #expect(harness.distinct(harness.outputs, .serviceOrderOverdueWarning).count == 1)
        #expect(harness.distinct(harness.outputs, .serviceOrderCompleted).count == 1)
        #expect(harness.deadLetterMessages.isEmpty)
    }
}
