import Foundation
import GRDB
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointKafka
import OnePointTestSupport
import Testing

/// The cutover worker as operators run it (a real `onepoint-cutover` process on the embedded
/// cluster, the system clock), killed with SIGKILL while it decides plans.
@Suite("Cutover worker killed mid-plan (real process, embedded cluster)", .serialized)
struct CrashTests {
    @Test("SIGKILLed three times while 60 plans and 20 revisions arrive: every plan decided, every notice sent once")
    func killedMidPlans() async throws {
        // Every instance runs the same clock: real speed from 2026-11-16 10:00 on, so the
        // decisions do not depend on the day the test runs.
        let clockStart = at("2026-11-16T10:00:00+08:00")
        let fixture = try WorkerProcessFixture(.cutover, configDirectory: configDirectory, clockStart: clockStart)
        func send(_ records: [EventRecord]) async throws { try await fixture.send(records) }
        func worker() throws -> LoggedProcess { try fixture.start() }

        let elements = inventory().elements
        try await send(try Self.inventoryRecords(fixture))

        let plans = 60
        let (inputs, revised) = try Self.plansAndRevisions(plans, fixture: fixture, clockStart: clockStart)

        let seed = UInt64.random(in: 1...UInt64.max)
        var random = SeededGenerator(seed: seed)
        var kills: [Int] = []
        let waves = 4
        for wave in 0..<waves {
            let process = try worker()
            #expect(await process.waitForLog("assigned", timeout: .seconds(90)), "worker \(wave) got its partitions: \(process.output)")
            if wave == 0 {
                try await fixture.waitForCount("SELECT COUNT(*) FROM cutover_elements", equals: elements.count)
            }
            try await send(Array(inputs[(wave * inputs.count / waves)..<((wave + 1) * inputs.count / waves)]))
            let delay = Int(random.next() % 350) + 50
            try await Task.sleep(for: .milliseconds(delay))
            if process.isRunning {
                process.kill9()
                kills.append(delay)
            }
        }
        print("cutover crash test: seed \(seed), SIGKILLs after \(kills) ms")
        #expect(kills.count >= 3, "the worker was running when killed (seed \(seed))")

        let last = try worker()
        try await fixture.waitForCount("SELECT COUNT(*) FROM cutover_notices", equals: (plans + revised) * 4, timeout: .seconds(120))
        // Every event is read once, by id; a decision made again after a crash re-emits the same ids.
        let consumer = try KafkaConsumer(configuration: .init(bootstrapServers: fixture.cluster.bootstrapServers, groupID: nil), logger: harnessLogger)
        var assignment: [KafkaTopicPartition: KafkaOffset] = [:]
        for topic in [Topic.cutoverNotices, .deadLetters] {
            for p in 0..<3 { assignment[KafkaTopicPartition(topic: topic.defaultName, partition: Int32(p))] = .beginning }
        }
        try consumer.assign(assignment)
        var ids: Set<String> = []
        var noticeIds: [String: Int] = [:]
        var approvals: [String: Int] = [:]
        var deadLetters = 0
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, noticeIds.count < (plans + revised) * 4 || approvals.values.reduce(0, +) < plans + revised {
            for message in try await consumer.poll(maxMessages: 5000, timeout: .milliseconds(100)) {
                if message.headers.string("onepoint.error.kind") != nil { deadLetters += 1; continue }
                guard let id = message.headers.string("eventId"), ids.insert(id).inserted, let value = message.value,
                    let type = message.headers.string("eventType")
                else { continue }
                if type == EventType.cutoverNotice.rawValue { noticeIds[try EventEnvelope<CutoverNotice>.decode(value).event.noticeId, default: 0] += 1 }
                if type == EventType.cutoverApproved.rawValue { approvals[try EventEnvelope<CutoverDecision>.decode(value).event.cutoverId, default: 0] += 1 }
            }
        }
        #expect(await last.stop() == 0, "SIGTERM exits 0")
        await consumer.close()
        await fixture.close()
        #expect(noticeIds.count == (plans + revised) * 4, "every notice sent (seed \(seed))")
        #expect(noticeIds.values.allSatisfy { $0 == 1 }, "no notice id under two event ids (seed \(seed))")
        #expect(approvals.count == plans)
        #expect(approvals.values.reduce(0, +) == plans + revised, "one approval per plan and per revision (seed \(seed))")
        #expect(deadLetters == 0)
    }

    /// The test inventory's records (customers, circuits, elements).
    static func inventoryRecords(_ fixture: WorkerProcessFixture) throws -> [EventRecord] {
        let (customers, circuits, elements) = inventory()
        return try customers.map { try fixture.record(.customerUpdate, $0, unit: "GD-GZ") } + circuits.map { try fixture.record(.circuitUpdate, $0, unit: "GD-GZ") }
            + elements.map { try fixture.record(.networkElementUpdate, $0, unit: "GD-GZ") }
    }

    /// `count` plans by Guangzhou on the test element (four customers each), windows from
    /// Wednesday 2026-11-25 01:00 (in time for any lead on a clock started at `clockStart`, a
    /// Monday), every third one revised a day later: the records in order, and how many revisions.
    static func plansAndRevisions(_ count: Int, fixture: WorkerProcessFixture, clockStart: Date) throws -> (inputs: [EventRecord], revised: Int) {
        let base = at("2026-11-25T01:00:00+08:00")
        var inputs: [EventRecord] = []
        var revised = 0
        for n in 0..<count {
            let id = "CO-CRASH-\(n)"
            let start = base.addingTimeInterval(Double(n % 5) * 86_400)
            inputs.append(try fixture.record(.cutoverPlanCreate, CutoverPlan(
                cutoverId: id, title: "t", reason: "r", kind: .cutover, network: .localNetwork, unit: "GD-GZ", windowStart: start,
                windowEnd: start.addingTimeInterval(7200), expectedInterruptionMinutes: 30, elementIds: [element],
                contact: Contact(name: "郑工", phone: "+86 138 2222 0303"), submittedBy: "test", submittedAt: clockStart), unit: "GD-GZ"))
            if n % 3 == 0 {
                // A revised window one day later (same topic and key, so after its plan): fresh
                // notices for every customer.
                inputs.append(try fixture.record(.cutoverPlanAttributeValueChange, CutoverRevision(
                    cutoverId: id, unit: "GD-GZ", reason: "moved", windowStart: start.addingTimeInterval(86_400), windowEnd: start.addingTimeInterval(86_400 + 7200),
                    revisedBy: "test", revisedAt: clockStart), unit: "GD-GZ"))  // on the workers' clock: a revision dated in the future is refused
                revised += 1
            }
        }
        return (inputs, revised)
    }
}
