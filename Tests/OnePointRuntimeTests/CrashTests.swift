import Foundation
import OnePointTestSupport
import GRDB
import OnePointKafka
import Testing

@Suite("Each input applied once across kill -9 (real processes, embedded cluster)")
struct CrashTests {
    @Test("50 000 numbered inputs, 20+ SIGKILLs at random instants and between commit and delivery: every output, state exact, duplicates harmless")
    func killedRepeatedly() async throws {
        let total = 50_000
        let waves = 24
        let input = uniqueName("crash-in")
        let output = uniqueName("crash-out")
        let downstream = uniqueName("crash-down")
        let deadLetters = uniqueName("crash-dlq")
        let cluster = try EmbeddedKafkaCluster(brokers: 3, topics: [
            KafkaTopicSpec(name: input, partitions: 6, replicationFactor: 3),
            KafkaTopicSpec(name: output, partitions: 6, replicationFactor: 3),
            KafkaTopicSpec(name: downstream, partitions: 6, replicationFactor: 3),
            KafkaTopicSpec(name: deadLetters, partitions: 1),
        ], logger: quietLogger)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: quietLogger)
        let state = temporaryPath("relay.sqlite")
        var externalKills = 0
        var selfKills = 0
        let seed = UInt64.random(in: 1...UInt64.max)
        var generator = SeededGenerator(seed: seed)
        var delays: [Int] = []

        // Inputs arrive in waves while the relay is started and killed.
        for wave in 0..<waves {
            let range = (wave * total / waves)..<((wave + 1) * total / waves)
            let results = await producer.send(range.map { n in
                KafkaProducerRecord(topic: input, key: "k\(n % 100)", value: Array(String(n).utf8),
                                    headers: [KafkaHeader(key: "eventId", string: "in-\(n)")])
            })
            #expect(results.allSatisfy { (try? $0.get()) != nil })
            let relay = try LoggedProcess.relay(
                bootstrap: cluster.bootstrapServers, input: input, output: output, deadLetters: deadLetters,
                group: "crash-relay", state: state, crashAfterCommit: 0.03, crashAfterDelivery: 0.03)
            // Kill at a random instant once it holds its partitions, while it works through the wave.
            let assigned = await relay.waitForLog("assigned", timeout: .seconds(90))
            // A relay may kill itself around a delivery before it logs its assignment, but only
            // after it started applying: "died at start" is not an excuse.
            let diedAroundDelivery = !relay.isRunning && relay.process.terminationReason == .uncaughtSignal && relay.process.terminationStatus == SIGKILL
            #expect(assigned || diedAroundDelivery, "relay \(wave) got no partitions (seed \(seed)): \((try? String(contentsOfFile: relay.log, encoding: .utf8)) ?? "")")
            let delay = Int.random(in: 0...1200, using: &generator)
            delays.append(delay)
            try await Task.sleep(for: .milliseconds(delay))
            if relay.isRunning {
                relay.kill9()
                externalKills += 1
            } else if relay.process.terminationReason == .uncaughtSignal && relay.process.terminationStatus == SIGKILL {
                selfKills += 1  // killed itself between a commit and delivery, or between delivery and clearing the outbox
            }
        }
        print("runtime crash test: seed \(seed), kill delays \(delays) ms")
        #expect(externalKills + selfKills >= 20, "killed \(externalKills) times from outside and \(selfKills) times around delivery (seed \(seed))")

        // A last instance finishes the work, then stops cleanly on SIGTERM.
        let last = try LoggedProcess.relay(bootstrap: cluster.bootstrapServers, input: input, output: output, deadLetters: deadLetters, group: "crash-relay", state: state)
        let outputs = try await readAll(cluster, topic: output, timeout: .seconds(180)) { messages in
            Set(messages.compactMap { $0.value.flatMap { Int(String(decoding: $0, as: UTF8.self)) } }).count >= total
        }
        #expect(await last.stop() == 0, "SIGTERM exits 0")

        // Every expected output exists; twins (published twice after a crash) carry the same event id.
        let numbers = outputs.compactMap { $0.value.flatMap { Int(String(decoding: $0, as: UTF8.self)) } }
        #expect(Set(numbers) == Set(0..<total))
        for message in outputs {
            let n = message.value.flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? -1
            #expect(message.headers.string("eventId") == "out-\(n)")
        }
        let duplicates = numbers.count - Set(numbers).count
        print("crash test: \(externalKills) external SIGKILLs, \(selfKills) self-inflicted around delivery; \(numbers.count) outputs for \(total) inputs (\(duplicates) published twice, same event id)")

        // Each input's effect on the state was applied exactly once; the outbox is empty after SIGTERM.
        let database = try StateProbe.open(state)
        try await database.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT key, count, total FROM relay_totals")
            #expect(rows.count == 100)
            for row in rows {
                let key: String = row["key"]
                let k = Int(key.dropFirst()) ?? -1
                let expected = (0..<total).filter { $0 % 100 == k }
                let count: Int = row["count"]
                let sum: Int = row["total"]
                #expect(count == expected.count, "count of \(key)")
                #expect(sum == expected.reduce(0, +), "total of \(key)")
            }
            let outbox = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runtime_outbox")
            #expect(outbox == 0)
        }

        // A downstream runtime consumer of those outputs applies each once, twins included.
        let downstreamState = temporaryPath("downstream.sqlite")
        let consumerRelay = try LoggedProcess.relay(
            bootstrap: cluster.bootstrapServers, input: output, output: downstream, deadLetters: deadLetters,
            group: "crash-downstream", state: downstreamState, prefix: "down")
        let downstreamOutputs = try await readAll(cluster, topic: downstream, timeout: .seconds(120)) { $0.count >= total }
        _ = await consumerRelay.stop()
        #expect(downstreamOutputs.count == total, "the downstream relay emitted one output per distinct input")
        let downstreamDatabase = try StateProbe.open(downstreamState)
        try await downstreamDatabase.read { db in
            let count = try Int.fetchOne(db, sql: "SELECT SUM(count) FROM relay_totals")
            let sum = try Int.fetchOne(db, sql: "SELECT SUM(total) FROM relay_totals")
            #expect(count == total)
            #expect(sum == (0..<total).reduce(0, +))
        }
        // Read the dead-letter topic to its end (its high watermark), not for a fixed while.
        let probe = try KafkaConsumer(configuration: .init(bootstrapServers: cluster.bootstrapServers, groupID: nil), logger: quietLogger)
        let deadLetterEnd = try await probe.watermarks(KafkaTopicPartition(topic: deadLetters, partition: 0)).high
        await probe.close()
        #expect(deadLetterEnd == 0, "no input was dead-lettered")
        await producer.close()
    }
}
