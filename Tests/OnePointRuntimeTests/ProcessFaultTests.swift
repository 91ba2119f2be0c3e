import Foundation
import GRDB
import OnePointKafka
import OnePointTestSupport
import Testing

/// The faults of issue 14 against a real `onepoint-relay` process on the embedded cluster: every
/// broker down past the delivery timeout, a fatal producer error, and a full state database.
/// Each checks every input applied once (the relay's totals) and every output downstream.
@Suite("Worker runtime faults, real processes", .serialized)
struct ProcessFaultTests {
    /// A cluster, its topics, and inputs `0..<total` keyed `k<n % 10>` already in the log.
    struct Fixture {
        let cluster: EmbeddedKafkaCluster
        let input = uniqueName("pf-in")
        let output = uniqueName("pf-out")
        let deadLetters = uniqueName("pf-dlq")
        let state = temporaryPath("relay.sqlite")
        let total: Int

        init(total: Int) async throws {
            self.total = total
            cluster = try EmbeddedKafkaCluster(brokers: 3, logger: quietLogger)
            for name in [input, output] { try cluster.createTopic(KafkaTopicSpec(name: name, partitions: 3, replicationFactor: 3)) }
            try cluster.createTopic(KafkaTopicSpec(name: deadLetters, partitions: 1))
            let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: quietLogger)
            let results = await producer.send((0..<total).map { n in
                KafkaProducerRecord(topic: input, key: "k\(n % 10)", value: Array(String(n).utf8), headers: [KafkaHeader(key: "eventId", string: "in-\(n)")])
            })
            await producer.close()
            #expect(results.allSatisfy { (try? $0.get()) != nil })
        }

        func relay(_ extra: [String]) throws -> LoggedProcess {
            try LoggedProcess.relay(
                bootstrap: cluster.bootstrapServers, input: input, output: output, deadLetters: deadLetters, group: "pf-relay", state: state,
                extra: extra)
        }

        /// Reads the output topic until every number is there; checks the newest copy of each
        /// key comes last, each input's effect was applied once, and nothing was dead-lettered.
        func checkEverything() async throws {
            let outputs = try await readAll(cluster, topic: output, timeout: .seconds(180)) { messages in
                Set(messages.compactMap { $0.value.flatMap { Int(String(decoding: $0, as: UTF8.self)) } }).count >= total
            }
            let numbers = outputs.map { $0.value.flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? -1 }
            #expect(Set(numbers) == Set(0..<total), "every output is there")
            for key in 0..<10 {
                let seen = outputs.filter { $0.keyString == "k\(key)" }.compactMap { $0.value.flatMap { Int(String(decoding: $0, as: UTF8.self)) } }
                var last: [Int: Int] = [:]
                for (position, number) in seen.enumerated() { last[number] = position }
                let order = last.sorted { $0.value < $1.value }.map(\.key)
                #expect(order == order.sorted(), "k\(key): the newest copy of each output comes last")
            }
            let (count, sum) = try await StateProbe.open(state).read { db in
                (try Int.fetchOne(db, sql: "SELECT SUM(count) FROM relay_totals"), try Int.fetchOne(db, sql: "SELECT SUM(total) FROM relay_totals"))
            }
            #expect(count == total, "each input applied once")
            #expect(sum == (0..<total).reduce(0, +))
            let probe = try KafkaConsumer(configuration: .init(bootstrapServers: cluster.bootstrapServers, groupID: nil), logger: quietLogger)
            let letters = try await probe.watermarks(KafkaTopicPartition(topic: deadLetters, partition: 0)).high
            await probe.close()
            #expect(letters == 0, "nothing dead-lettered")
        }
    }

    @Test("every broker down for 3× the delivery timeout: the relay delivers its outbox again by itself, in order, and stops cleanly")
    func brokersDown() async throws {
        // One input per transaction (each a FULL fsync), so the relay is still deciding from
        // what it has fetched when the brokers go.
        let fixture = try await Fixture(total: 20_000)
        let relay = try fixture.relay(["--max-batch", "1", "--delivery-timeout-ms", "2000"])
        #expect(await relay.waitForLog("assigned", timeout: .seconds(90)))
        // The case under test needs inputs already fetched and being decided when the brokers
        // go: wait for the first decisions, not for a fixed time after the assignment (on a
        // loaded machine the first fetch can come later than that).
        let deciding = try await waitUntil {
            try StateProbe.open(fixture.state).read { db in try Int.fetchOne(db, sql: "SELECT SUM(count) FROM relay_totals") ?? 0 } >= 50
        }
        #expect(deciding, "the relay decides inputs before the brokers go down")
        for broker in 1...3 { try fixture.cluster.setBrokerDown(Int32(broker)) }
        try await Task.sleep(for: .seconds(6))
        for broker in 1...3 { try fixture.cluster.setBrokerUp(Int32(broker)) }
        try await fixture.checkEverything()
        #expect(relay.output.contains("republishing the outbox before going on"), "the relay met the delivery timeout and said so")
        #expect(await relay.stop() == 0, "SIGTERM exits 0")
    }

    @Test("SIGTERM while the last run's outbox is still going out (brokers down at the start): one last round delivers it, the outbox is empty, exit 0")
    func stoppedWhileDeliveringTheLastRunsOutbox() async throws {
        let fixture = try await Fixture(total: 500)
        // A relay that kills itself after its first commit leaves that batch in its outbox.
        let crashed = try LoggedProcess.relay(
            bootstrap: fixture.cluster.bootstrapServers, input: fixture.input, output: fixture.output, deadLetters: fixture.deadLetters,
            group: "pf-relay", state: fixture.state, crashAfterCommit: 1)
        #expect(await crashed.exited(within: .seconds(120)), "the relay killed itself after its first commit")
        let left = try await StateProbe.open(fixture.state).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runtime_outbox") ?? 0 }
        #expect(left > 0, "the crashed relay left outputs in its outbox")

        // The next start cannot deliver them while every broker is down; it is stopped then, and
        // the brokers come back while it stops.
        for broker in 1...3 { try fixture.cluster.setBrokerDown(Int32(broker)) }
        let relay = try fixture.relay(["--delivery-timeout-ms", "20000"])
        #expect(await relay.waitForLog("outputs the last run left in its outbox", timeout: .seconds(90)), "\(relay.output)")
        relay.process.terminate()  // SIGTERM
        for broker in 1...3 { try fixture.cluster.setBrokerUp(Int32(broker)) }
        #expect(await relay.exited(within: .seconds(60)), "the relay stops")
        #expect(relay.process.terminationStatus == 0, "a graceful stop exits 0: \(relay.output.suffix(2000))")
        let after = try await StateProbe.open(fixture.state).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runtime_outbox") ?? -1 }
        #expect(after == 0, "what the last round delivered left the outbox: \(relay.output.suffix(2000))")
        let delivered = Set(try await readToEnd(fixture.cluster, topic: fixture.output).compactMap { $0.headers.string("eventId") })
        #expect(delivered.count == left, "each of the \(left) outputs the crashed run committed is on the output topic")
    }

    @Test("a fatal producer error: the relay replaces its producer and every output arrives")
    func fatalProducerError() async throws {
        let fixture = try await Fixture(total: 500)
        let relay = try fixture.relay(["--producer-fatal-after", "50"])
        try await fixture.checkEverything()
        #expect(relay.output.contains("replacing the producer"), "the relay logged the replacement")
        #expect(await relay.stop() == 0, "SIGTERM exits 0")
    }

    @Test("a full state database: the relay exits non-zero naming it and the fix; restarted with room it applies everything once")
    func fullDatabase() async throws {
        let fixture = try await Fixture(total: 3000)
        let limited = try fixture.relay(["--state-size-limit", String(128 * 1024)])
        #expect(await limited.exited(within: .seconds(120)), "the relay stops on a full database")
        #expect(limited.process.terminationStatus != 0)
        #expect(limited.output.contains("free space"), "\(limited.output.suffix(2000))")
        #expect(limited.output.contains(fixture.state))
        let relay = try fixture.relay([])
        try await fixture.checkEverything()
        #expect(await relay.stop() == 0, "SIGTERM exits 0")
    }
}
