import Foundation
import OnePointConfig
import OnePointContracts
import OnePointDomain
import Testing

/// The month of an assessment fact follows `calendar.yaml`'s time zone (DOMAIN.md §7), read by
/// the worker from its configuration.
@Suite("Provisioning: the month of a fact follows calendar.yaml's time zone")
struct MonthOfFactTests {
    /// The shipped configuration with `calendar.timeZone: UTC`.
    static func utcConfiguration() throws -> DomainConfiguration {
        let path = ConfigFile.calendar.path(in: configDirectory)
        let yaml = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "timeZone: Asia/Shanghai", with: "timeZone: UTC")
        let calendar = try ConfigReader.calendar(yaml: yaml, file: path)
        let shipped = shippedConfiguration
        return DomainConfiguration(
            directory: configDirectory, calendar: calendar, sla: SLAConfiguration(policy: shipped.sla, levelQuota: shipped.levelQuota, complaints: shipped.complaints),
            topology: shipped.topology, testThresholds: shipped.testThresholds, assessment: shipped.assessment, coordination: shipped.coordination)
    }

    @Test("data configuration started 2026-12-01 07:00 +08:00 (2026-11-30 23:00 UTC) counts in November on a UTC calendar")
    func utcMonth() async throws {
        let domain = try Self.utcConfiguration()
        #expect(domain.calendar.timeZone.secondsFromGMT() == 0, "the calendar is on UTC")
        let harness = try await ProvisioningHarness(start: cst("2026-11-30 10:00"), domain: domain)
        let id = "SO-MONTH-1"
        try await harness.run {
            try await harness.send(
                .serviceOrderCreate, try Fixtures.order(id, level: .gold, points: ["SC-MY"], initiator: "SC-MY", at: harness.clock.now()), from: "SC-MY")
            try await harness.events(.workOrderCreate, as: WorkOrder.self)
            let start = WorkOrderDataConfiguration(
                workOrderId: "\(id)/SC-MY", orderId: id, unit: "SC-MY", noticeAt: cst("2026-12-01 06:50"), startedAt: cst("2026-12-01 07:00"),
                reportedBy: "data team")
            try await harness.advance(to: start.startedAt)  // a report dated in the future is refused
            try await harness.send(.workOrderDataConfigurationStarted, start, from: "SC-MY")
            let fact = try await harness.events(.assessmentRecord, as: AssessmentRecord.self)[0]
            #expect(fact.part == .dataConfiguration)
            #expect(fact.month == "2026-11", "the calendar's zone, not +08:00 (which would say 2026-12)")
        }
    }

    @Test("the same start counts in December on the shipped Asia/Shanghai calendar")
    func shanghaiMonth() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-30 10:00"))
        let id = "SO-MONTH-2"
        try await harness.run {
            try await harness.send(
                .serviceOrderCreate, try Fixtures.order(id, level: .gold, points: ["SC-MY"], initiator: "SC-MY", at: harness.clock.now()), from: "SC-MY")
            try await harness.events(.workOrderCreate, as: WorkOrder.self)
            let start = WorkOrderDataConfiguration(
                workOrderId: "\(id)/SC-MY", orderId: id, unit: "SC-MY", noticeAt: cst("2026-12-01 06:50"), startedAt: cst("2026-12-01 07:00"),
                reportedBy: "data team")
            try await harness.advance(to: start.startedAt)  // a report dated in the future is refused
            try await harness.send(.workOrderDataConfigurationStarted, start, from: "SC-MY")
            let fact = try await harness.events(.assessmentRecord, as: AssessmentRecord.self)[0]
            #expect(fact.month == "2026-12")
        }
    }
}
