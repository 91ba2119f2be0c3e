import Foundation
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointProvisioning
import OnePointRuntime
import OnePointTestSupport
import Testing

/// Issue 17, item 2 (docs/security.md, "Identity") on the provisioning worker: with
/// `commands.unitTopics` on, it reads every unit's work-order progress and test-report topics,
/// and a record there must name the topic's unit.
@Suite("Provisioning: per-unit progress and test-report topics")
struct ProvisioningUnitTopicsTests {
    static let at = Date(timeIntervalSince1970: 1_795_399_200)

    static func logic(unitTopics: Bool) throws -> ProvisioningLogic {
        let directory = unitTopics
            ? try ConfigFolder.copy(of: configDirectory, writing: [SecurityConfiguration.fileName: ConfigFolder.unitTopicsSecurity])
            : configDirectory
        return ProvisioningLogic(configuration: try DomainConfiguration.load(directory: directory), topics: TopicNames())
    }

    static func record<P: EventPayload>(_ type: EventType, _ payload: P, unit: UnitID) throws -> EventRecord {
        try EventRecord(
            EventEnvelope(type, event: payload, eventTime: at, source: EventSource(unit: unit, worker: "test")),
            topology: try DomainConfiguration.load(directory: configDirectory).topology)
    }

    static func stage(_ unit: UnitID) throws -> EventRecord {
        try record(
            .workOrderStageReport,
            WorkOrderStageReport(workOrderId: "SO-1/SC-MY", orderId: "SO-1", unit: unit, stage: .engineering, at: at, reportedBy: "someone"), unit: unit)
    }

    static func refusal(_ logic: ProvisioningLogic, _ record: EventRecord, on topic: String) -> InputRejection? {
        do {
            _ = try logic.decode(record.input(on: topic))
            return nil
        } catch {
            return error
        }
    }

    @Test("on: every unit's work-order-progress and test-reports topics are read; a stage report naming SC-MY is read from SC-MY's topic, refused from its province's or another kind's")
    func on() throws {
        let logic = try Self.logic(unitTopics: true)
        let inputs = logic.additionalInputTopics
        #expect(inputs.count == 30, "15 units × 2 kinds: \(inputs)")
        #expect(inputs.contains("onepoint.SC-MY.work-order-progress"))
        #expect(inputs.contains("onepoint.HQ.test-reports"))
        #expect(!inputs.contains { $0.contains("ticket-commands") })

        #expect(Self.refusal(logic, try Self.stage("SC-MY"), on: "onepoint.SC-MY.work-order-progress") == nil)
        #expect(Self.refusal(logic, try Self.stage("SC-MY"), on: "onepoint.work-order-progress") == nil, "the shared topic, checked as before")
        // Sichuan may act on Mianyang's work, but as itself: its topic proves it is Sichuan.
        let posing = Self.refusal(logic, try Self.stage("SC-MY"), on: "onepoint.SC.work-order-progress")
        #expect(posing?.kind == .unauthorized)
        #expect(posing?.message.contains("SC may not act as SC-MY") == true, "\(String(describing: posing))")
        let wrongKind = Self.refusal(logic, try Self.stage("SC-MY"), on: "onepoint.SC-MY.test-reports")
        #expect(wrongKind?.kind == .unauthorized)
        #expect(wrongKind?.message.contains(EventType.workOrderStageReport.rawValue) == true)
    }

    @Test("off: no unit topics are read")
    func off() throws {
        let logic = try Self.logic(unitTopics: false)
        #expect(logic.additionalInputTopics.isEmpty)
        #expect(Self.refusal(logic, try Self.stage("SC-MY"), on: "onepoint.SC.work-order-progress") == nil)
    }
}
