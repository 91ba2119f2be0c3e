import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointKafka
import OnePointTestSupport
import Testing

/// The provisioning worker as operators run it (a real `onepoint-provisioning` process on the
/// embedded cluster), killed with SIGKILL while a stream of orders and stage reports is being
/// applied: not at a quiet point, but once part of the stream is committed and the rest is still
/// arriving.
@Suite("Provisioning worker killed mid-stream (real process, embedded cluster)", .serialized)
struct CrashTests {
    /// `record` as the producer sends it (default topic names).
    @Sendable static func producerRecord(_ record: EventRecord) -> KafkaProducerRecord {
        KafkaProducerRecord(
            topic: record.topic.defaultName, key: record.key, value: record.value, headers: record.headers.map { KafkaHeader(key: $0.name, string: $0.value) })
    }

    @Test("SIGKILLed in the middle of 4 waves of orders and stage reports: every input applied once, every output once downstream")
    func killedMidStream() async throws {
        // Every instance runs the same clock: real speed from Monday 2026-11-23 09:00 on.
        let clockStart = cst("2026-11-23 09:00")
        let fixture = try WorkerProcessFixture(.provisioning, configDirectory: configDirectory, clockStart: clockStart)
        let units: [UnitID] = ["GD-GZ", "GD-SZ", "GD"]  // the two access legs and Guangdong's backbone
        let waves = 4
        let perWave = 30
        let orders = (0..<(waves * perWave)).map { String(format: "SO-CRASH-%03d", $0) }
        func order(_ id: String) throws -> EventRecord {
            try fixture.record(
                .serviceOrderCreate, try Fixtures.order(id, level: .gold, points: ["GD-GZ", "GD-SZ"], initiator: "GD-GZ", at: clockStart), unit: "GD-GZ")
        }
        func engineering(_ id: String) throws -> [EventRecord] {
            try units.map { unit in
                try fixture.record(
                    .workOrderStageReport,
                    WorkOrderStageReport(
                        workOrderId: "\(id)/\(unit)", orderId: id, unit: unit, stage: .engineering, at: clockStart.addingTimeInterval(60), reportedBy: "duty"),
                    unit: unit)
            }
        }
        let probe = { try StateProbe.open(fixture.statePath) }
        func count(_ sql: String) async -> Int? {
            guard let queue = try? probe() else { return nil }
            return try? await queue.read { db in try Int.fetchOne(db, sql: sql) }
        }

        let seed = UInt64.random(in: 1...UInt64.max)
        var random = SeededGenerator(seed: seed)
        var kills: [(applied: Int, of: Int)] = []
        var inputs = 0
        for wave in 0..<waves {
            let process = try fixture.start()
            #expect(await process.waitForLog("assigned", timeout: .seconds(90)), "worker \(wave) got its partitions: \(process.output)")
            // The previous wave's orders are all applied (what the killed instance left, this one
            // did): their work orders exist, so their stage reports can follow.
            try await fixture.waitForCount("SELECT COUNT(*) FROM prov_orders", equals: wave * perWave, timeout: .seconds(120))
            let before = wave * perWave
            let slice = Array(orders[before..<(before + perWave)])
            var stream: [[EventRecord]] = []
            for (n, id) in slice.enumerated() {
                // Each chunk: an order of this wave and the three stage reports of one of the previous wave.
                var chunk = [try order(id)]
                if wave > 0 { chunk += try engineering(orders[before - perWave + n]) }
                stream.append(chunk)
            }
            inputs += stream.joined().count
            // The stream arrives while the worker applies it: a chunk every 10 ms.
            let (producer, chunks) = (fixture.producer, stream)
            let sending = Task {
                for chunk in chunks {
                    for result in await producer.send(chunk.map(Self.producerRecord)) { _ = try result.get() }
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            // Killed once part of the wave is committed, at a random point of it.
            let threshold = before + 1 + Int(random.next() % UInt64(perWave / 2))
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline, (await count("SELECT COUNT(*) FROM prov_orders") ?? 0) < threshold {
                try await Task.sleep(for: .milliseconds(2))
            }
            #expect(process.kill9(), "SIGKILL ends worker \(wave)")
            kills.append((applied: (await count("SELECT COUNT(*) FROM prov_orders") ?? 0) - before, of: perWave))
            try await sending.value
        }
        print("provisioning crash test: seed \(seed), SIGKILLed with \(kills.map { "\($0.applied)/\($0.of)" }) of each wave's orders applied")
        #expect(kills.contains { $0.applied > 0 && $0.applied < $0.of }, "at least one kill landed mid-wave (seed \(seed)): \(kills)")

        let last = try fixture.start()
        try await fixture.waitForCount("SELECT COUNT(*) FROM prov_orders", equals: orders.count, timeout: .seconds(120))
        let tail = try orders.suffix(perWave).flatMap(engineering)
        try await fixture.send(tail)
        inputs += tail.count
        // Every input applied (its id in the inbox), once: a second apply of a stage report would
        // be refused as a stage out of order and dead-lettered.
        try await fixture.waitForCount("SELECT COUNT(*) FROM runtime_inbox", equals: inputs, timeout: .seconds(120))
        try await fixture.waitForCount("SELECT COUNT(*) FROM prov_work_orders", equals: orders.count * units.count)
        try await fixture.waitForCount("SELECT COUNT(*) FROM runtime_outbox", equals: 0)
        #expect(await last.stop() == 0, "SIGTERM exits 0: \(last.output.suffix(2000))")

        // Downstream: every record of every output topic, to the end, deduplicated by event id.
        let collector = try await EventCollector(
            bootstrap: fixture.cluster.bootstrapServers, topics: (WorkerKind.provisioning.outputs + [.deadLetters]).map(\.defaultName))
        try await collector.readToEnd()
        await collector.close()
        await fixture.close()
        #expect(collector.malformed.isEmpty, "\(collector.malformed)")
        #expect(collector.deadLetters.isEmpty, "no input refused, none applied twice (seed \(seed)): \(collector.deadLetters.prefix(5))")

        var accepted: [String: Int] = [:]
        var created: [String: Int] = [:]
        var engineered: [String: Int] = [:]
        for event in collector.events {
            switch event.type {
            case .serviceOrderAccepted: accepted[try event.payload(OrderAcceptance.self).orderId, default: 0] += 1
            case .workOrderCreate: created[try event.payload(WorkOrder.self).id, default: 0] += 1
            case .workOrderStateChange:
                let workOrder = try event.payload(WorkOrder.self)
                if workOrder.stage == .engineering { engineered[workOrder.id, default: 0] += 1 }
            default: break
            }
        }
        let workOrders = Set(orders.flatMap { id in units.map { "\(id)/\($0)" } })
        #expect(Set(accepted.keys) == Set(orders), "every order accepted (seed \(seed))")
        #expect(accepted.values.allSatisfy { $0 == 1 }, "each under one event id (seed \(seed)): \(accepted.filter { $0.value != 1 })")
        #expect(Set(created.keys) == workOrders, "every work order dispatched (seed \(seed))")
        #expect(created.values.allSatisfy { $0 == 1 }, "each once (seed \(seed)): \(created.filter { $0.value != 1 })")
        #expect(Set(engineered.keys) == workOrders, "every stage report applied (seed \(seed))")
        #expect(engineered.values.allSatisfy { $0 == 1 }, "each once (seed \(seed)): \(engineered.filter { $0.value != 1 })")
        #expect(!collector.events.contains { $0.type == .serviceOrderRejected }, "no order refused as a duplicate of itself")
    }
}
