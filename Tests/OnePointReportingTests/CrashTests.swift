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
        let cluster = try EmbeddedKafkaCluster(brokers: 1, logger: harnessLogger)
        for topic in Set(WorkerKind.reporting.inputs + WorkerKind.reporting.outputs + [.deadLetters]) {
            try cluster.createTopic(KafkaTopicSpec(name: topic.defaultName, partitions: 3))
        }
        let domain = try DomainConfiguration.load(directory: configDirectory)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: harnessLogger)
        let stateDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-reporting-crash-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        func send(_ records: [EventRecord]) async throws {
            let results = await producer.send(records.map { record in
                KafkaProducerRecord(
                    topic: record.topic.defaultName, key: record.key, value: record.value, headers: record.headers.map { KafkaHeader(key: $0.name, string: $0.value) })
            })
            for result in results { _ = try result.get() }
        }
        func fact(_ part: AssessmentPart, _ unit: UnitID, _ reference: String, met: Bool) throws -> EventRecord {
            try EventRecord(
                EventEnvelope(
                    .assessmentRecord, event: AssessmentRecord(part: part, unit: unit, month: "2026-11", level: .gold, reference: reference, met: met, at: Date()),
                    eventTime: Date(), source: EventSource(unit: unit, worker: "test")),
                topology: domain.topology)
        }
        // Real speed from 40 seconds before November ends.
        let clockStart = at("2026-11-30T23:59:20+08:00")
        let origin = ISOTime.format(Date(), in: domain.calendar.timeZone)
        func worker() throws -> LoggedProcess {
            try LoggedProcess(
                "onepoint-reporting",
                [
                    "--config", configDirectory + "/onepoint.yaml", "--bootstrap-servers", cluster.bootstrapServers, "--state-dir", stateDirectory,
                    "--http-port", "0", "--log-level", "info", "--clock", "accelerated", "--clock-start", ISOTime.format(clockStart, in: domain.calendar.timeZone),
                    "--clock-factor", "1", "--clock-origin", origin,
                ],
                log: stateDirectory + "/reporting-\(UUID().uuidString.prefix(6)).log")
        }

        // Guangzhou: 98 of 100 orders on time (6 points); Shenzhen: 95 of 100 acceptances (15).
        var inputs: [EventRecord] = []
        for n in 0..<100 {
            inputs.append(try fact(.provisioningOnTime, "GD-GZ", "SO-\(n)", met: n >= 2))
            inputs.append(try fact(.acceptancePass, "GD-SZ", "AC-\(n)", met: n >= 5))
        }

        let state = stateDirectory + "/reporting/state.sqlite"
        let seed = UInt64.random(in: 1...UInt64.max)
        var random = SplitMix(seed: seed)
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
        try await waitForCount(state, "SELECT COUNT(*) FROM report_facts", equals: 200, timeout: .seconds(120))
        try await waitForCount(state, "SELECT COUNT(*) FROM report_reports WHERE month = '2026-11'", equals: 15, timeout: .seconds(120))

        let consumer = try KafkaConsumer(configuration: .init(bootstrapServers: cluster.bootstrapServers, groupID: nil), logger: harnessLogger)
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
        await producer.close()

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

    func waitForCount(_ path: String, _ sql: String, equals expected: Int, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = -1
        while ContinuousClock.now < deadline {
            if let queue = try? DatabaseQueue(path: path), let count = try? await queue.read({ db in try Int.fetchOne(db, sql: sql) }) {
                last = count
                if last == expected { return }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessTimeout(description: "\(sql) is \(last), expected \(expected)")
    }
}

/// A small seeded generator, so a failing run's kill delays can be replayed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BA_133E_B111
        return z ^ (z >> 31)
    }
}
