import Foundation
import OnePointConfig
import OnePointContracts
import OnePointCutover
import OnePointDomain
import OnePointRuntime
import OnePointTestSupport
import Testing

/// Issue 17, item 2 (docs/security.md, "Identity") on the cutover worker: with
/// `commands.unitTopics` on, it reads every unit's cutover-plan and feedback topics, and a record
/// there must name the topic's unit.
@Suite("Cutover worker: per-unit plan and feedback topics")
struct CutoverUnitTopicsTests {
    static let at = Date(timeIntervalSince1970: 1_795_399_200)

    static func logic(unitTopics: Bool) throws -> CutoverLogic {
        let directory = unitTopics
            ? try ConfigFolder.copy(of: configDirectory, writing: [SecurityConfiguration.fileName: ConfigFolder.unitTopicsSecurity])
            : configDirectory
        return CutoverLogic(
            domain: try DomainConfiguration.load(directory: directory), settings: try CutoverConfiguration.load(directory: directory), topics: TopicNames())
    }

    static func feedback(_ unit: UnitID) throws -> EventRecord {
        try EventRecord(
            EventEnvelope(
                .cutoverFeedback, event: CutoverFeedback(cutoverId: "CO-1", customerId: "C-1", unit: unit, answer: .agree, receivedAt: at), eventTime: at,
                source: EventSource(unit: unit, worker: "test")),
            topology: try DomainConfiguration.load(directory: configDirectory).topology)
    }

    @Test("on: every unit's plan and feedback topics are read; feedback naming GD-GZ is read from GD-GZ's topic and refused from GD-SZ's")
    func on() throws {
        let logic = try Self.logic(unitTopics: true)
        #expect(logic.additionalInputTopics.count == 30, "15 units × 2 kinds")
        #expect(logic.additionalInputTopics.contains("onepoint.GD-GZ.cutover-feedback"))
        #expect(logic.additionalInputTopics.contains("onepoint.JS.cutover-plans"))
        _ = try logic.decode(try Self.feedback("GD-GZ").input(on: "onepoint.GD-GZ.cutover-feedback"))
        #expect {
            _ = try logic.decode(try Self.feedback("GD-GZ").input(on: "onepoint.GD-SZ.cutover-feedback"))
        } throws: { error in
            guard let rejection = error as? InputRejection else { return false }
            return rejection.kind == .unauthorized && rejection.message.contains("onepoint.GD-SZ.cutover-feedback")
                && rejection.message.contains("GD-SZ may not act as GD-GZ")
        }
    }

    @Test("off: no unit topics are read")
    func off() throws {
        #expect(try Self.logic(unitTopics: false).additionalInputTopics.isEmpty)
    }
}
