import Foundation
import GRDB
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointKafka
import OnePointTestSupport
import Testing

/// The reporting worker as operators run it (a real `onepoint-reporting` process on the embedded
/// cluster, a real-speed clock just before a month's end), killed with SIGKILL while facts arrive.
@Suite("Reporting worker killed mid-month (real process, embedded cluster)", .serialized)
struct CrashTests {
    @Test("SIGKILLed while 200 facts arrive and the month ends: every fact counted once, one report per revision")
    func killedMidMonth() async throws {
        // Real speed from 40 seconds before November ends, the same clock for every instance.
        let fixture = try WorkerProcessFixture(.reporting, configDirectory: configDirectory, clockStart: at("2026-11-30T23:59:20+08:00"))
        func send(_ records: [EventRecord]) async throws { try await fixture.send(records) }
        func worker() throws -> LoggedProcess { try fixture.start() }

        // Guangzhou: 98 of 100 orders on time (6 points); Shenzhen: 95 of 100 acceptances (15).
        let inputs = try Self.facts(fixture)

        let seed = UInt64.random(in: 1...UInt64.max)
        var random = SeededGenerator(seed: seed)
        var kills: [Int] = []
        let waves = 4
        for wave in 0..<waves {
            let process = try worker()
            #expect(await process.waitForLog("assigned", timeout: .seconds(90)), "worker \(wave) got its partitions: \(process.output)")
            // Each wave twice: the second copy has the same event ids (a producer's retry).
            let slice = Array(inputs[(wave * inputs.count / waves)..<((wave + 1) * inputs.count / waves)])
            try await send(slice + slice)
            let delay = Int(random.next() % 350) + 50
            try await Task.sleep(for: .milliseconds(delay))
            if process.isRunning {
                process.kill9()
                kills.append(delay)
            }
        }
        print("reporting crash test: seed \(seed), SIGKILLs after \(kills) ms")
        #expect(kills.count >= 3, "the worker was running when killed (seed \(seed))")

        let last = try worker()
        try await fixture.waitForCount("SELECT COUNT(*) FROM report_facts", equals: 200, timeout: .seconds(120))
        try await fixture.waitForCount("SELECT COUNT(*) FROM report_reports WHERE month = '2026-11'", equals: 15, timeout: .seconds(120))

        let consumer = try KafkaConsumer(configuration: .init(bootstrapServers: fixture.cluster.bootstrapServers, groupID: nil), logger: harnessLogger)
        var assignment: [KafkaTopicPartition: KafkaOffset] = [:]
        for topic in [Topic.reports, .deadLetters] {
            for p in 0..<3 { assignment[KafkaTopicPartition(topic: topic.defaultName, partition: Int32(p))] = .beginning }
        }
        try consumer.assign(assignment)
        var ids: Set<String> = []
        var reports: [MonthlyReport] = []
        var deadLetters = 0
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, Set(reports.map(\.unit)).count < 15 {
            for message in try await consumer.poll(maxMessages: 5000, timeout: .milliseconds(100)) {
                if message.headers.string("onepoint.error.kind") != nil { deadLetters += 1; continue }
                guard let id = message.headers.string("eventId"), ids.insert(id).inserted, let value = message.value,
                    message.headers.string("eventType") == EventType.monthlyReport.rawValue
                else { continue }
                reports.append(try EventEnvelope<MonthlyReport>.decode(value).event)
            }
        }
        #expect(await last.stop() == 0, "SIGTERM exits 0")
        await consumer.close()
        await fixture.close()

        // However the kills fell (before or after the month's end), the last report of each unit
        // counts every fact once, and no revision was emitted under two event ids.
        let gz = try #require(reports.last { $0.unit == "GD-GZ" })
        #expect(gz.scorecard.parts.first { $0.part == .provisioningOnTime }?.detail == "98 of 100 (98.0 %)", "seed \(seed)")
        #expect(gz.scorecard[.provisioningOnTime] == 6)
        let sz = try #require(reports.last { $0.unit == "GD-SZ" })
        #expect(sz.scorecard.parts.first { $0.part == .acceptancePass }?.detail == "95 of 100 (95.0 %)", "seed \(seed)")
        var revisions: [String: Int] = [:]
        for report in reports { revisions["\(report.unit) r\(report.revision ?? 0) \(report.status?.rawValue ?? "")", default: 0] += 1 }
        #expect(revisions.values.allSatisfy { $0 == 1 }, "one event per unit and revision: \(revisions.filter { $0.value > 1 }) (seed \(seed))")
        #expect(deadLetters == 0)
    }

    /// 200 November facts: Guangzhou's 100 orders, 98 on time (6 points), and Shenzhen's 100
    /// acceptances, 95 passed (15 points), keyed by their references.
    static func facts(_ fixture: WorkerProcessFixture) throws -> [EventRecord] {
        func fact(_ part: AssessmentPart, _ unit: UnitID, _ reference: String, met: Bool) throws -> EventRecord {
            try fixture.record(
                .assessmentRecord, AssessmentRecord(part: part, unit: unit, month: "2026-11", level: .gold, reference: reference, met: met, at: Date()),
                unit: unit)
        }
        var inputs: [EventRecord] = []
        for n in 0..<100 {
            inputs.append(try fact(.provisioningOnTime, "GD-GZ", "SO-\(n)", met: n >= 2))
            inputs.append(try fact(.acceptancePass, "GD-SZ", "AC-\(n)", met: n >= 5))
        }
        return inputs
    }
}
