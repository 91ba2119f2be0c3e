import Foundation
import GRDB
import Logging
import OnePointKafka
import OnePointRuntime
import OnePointState
import OnePointTestSupport
import ServiceLifecycle
import Testing

/// A runtime with `LedgerLogic` on an embedded cluster, in this process.
struct LedgerHarness {
    let cluster: EmbeddedKafkaCluster
    let input: String
    let output: String
    let deadLetters: String
    let state: String
    let producer: KafkaProducer

    init(cluster: EmbeddedKafkaCluster? = nil, state: String? = nil) throws {
        input = uniqueName("ledger-in")
        output = uniqueName("ledger-out")
        deadLetters = uniqueName("ledger-dlq")
        self.cluster = try cluster ?? EmbeddedKafkaCluster(brokers: 3, logger: quietLogger)
        for name in [input, output] { try self.cluster.createTopic(KafkaTopicSpec(name: name, partitions: 3, replicationFactor: 3)) }
        try self.cluster.createTopic(KafkaTopicSpec(name: deadLetters, partitions: 1))
        self.state = state ?? temporaryPath("ledger.sqlite")
        producer = try KafkaProducer(configuration: .init(bootstrapServers: self.cluster.bootstrapServers), logger: quietLogger)
    }

    func configuration(group: String = "ledger") -> RuntimeConfiguration {
        var configuration = RuntimeConfiguration(
            name: "ledger", groupID: group, inputTopics: [input], deadLetterTopic: deadLetters,
            kafka: KafkaClientConfiguration(bootstrapServers: cluster.bootstrapServers), statePath: state)
        configuration.maxInputBytes = 4096
        configuration.retryDelay = .milliseconds(10)
        configuration.maxAttempts = 3
        configuration.idleWait = .milliseconds(20)
        return configuration
    }

    func send(_ values: [(key: String?, value: [UInt8]?, eventID: String?)]) async throws {
        let results = await producer.send(values.map { item in
            KafkaProducerRecord(
                topic: input, key: item.key, value: item.value,
                headers: item.eventID.map { [KafkaHeader(key: "eventId", string: $0)] } ?? [])
        })
        for result in results { _ = try result.get() }
    }

    func json(_ text: String, key: String = "k", id: String? = nil) -> (key: String?, value: [UInt8]?, eventID: String?) {
        (key, Array(text.utf8), id)
    }

    /// Runs the runtime until `body` returns, then shuts it down gracefully.
    func run(clock: any WorkerClock, configuration: RuntimeConfiguration? = nil, _ body: (Readiness) async throws -> Void) async throws {
        let readiness = Readiness()
        let runtime = WorkerRuntime(
            configuration: configuration ?? self.configuration(), logic: LedgerLogic(outputTopic: output), clock: clock,
            readiness: readiness, logger: quietLogger)
        let group = ServiceGroup(services: [runtime], logger: quietLogger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                try await body(readiness)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Reads the output topic until `count` records are there (a precondition: generous for a
    /// loaded 2-core machine, not a timing target).
    func outputs(atLeast count: Int, timeout: Duration = .seconds(90)) async throws -> [KafkaMessage] {
        try await readAll(cluster, topic: output, timeout: timeout) { $0.count >= count }
    }

    /// Reads the output topic until `done` says what is there is enough (a precondition, as above).
    func outputs(timeout: Duration = .seconds(90), until done: ([KafkaMessage]) -> Bool) async throws -> [KafkaMessage] {
        try await readAll(cluster, topic: output, timeout: timeout, until: done)
    }

    func database() throws -> DatabaseQueue { try StateProbe.open(state) }
}

/// Waits for `condition` (a precondition: generous for a loaded 2-core machine, not a timing target).
func waitUntil(_ timeout: Duration = .seconds(90), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        // An error (the database not created yet, …) counts as "not yet".
        if (try? await condition()) == true { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return false
}

@Suite("Worker runtime: dead letters, dedup, retries, timers, shutdown, faults")
struct WorkerRuntimeTests {
    @Test(
        "12 kinds of poison input go to the dead-letter topic with their reason; everything around them is applied (batches as they come, and full batches of 2 whose next is polled and decoded ahead)",
        arguments: [nil, 2])
    func poisonInputs(maxBatchSize: Int?) async throws {
        let harness = try LedgerHarness()
        var configuration = harness.configuration()
        if let maxBatchSize { configuration.maxBatchSize = maxBatchSize }
        let poison: [(name: String, value: [UInt8]?, kind: String)] = [
            ("bad JSON", Array("{not json".utf8), "malformed"),
            ("JSON that is not an object", Array("[1,2]".utf8), "malformed"),
            ("empty payload", [], "malformed"),
            ("wrong type", Array(#"{"type":"add","account":"A","amount":"five"}"#.utf8), "invalid-value"),
            ("missing field", Array(#"{"type":"add","amount":5}"#.utf8), "missing-field"),
            ("oversized value", Array(("{\"type\":\"add\",\"account\":\"A\",\"amount\":1,\"pad\":\"" + String(repeating: "x", count: 5000) + "\"}").utf8), "oversized"),
            ("unknown version", Array(#"{"type":"add","account":"A","amount":5,"version":9}"#.utf8), "unsupported-version"),
            ("null payload", nil, "null-payload"),
            ("invalid UTF-8", [0x7B, 0xFF, 0xFE, 0x7D], "invalid-utf8"),
            ("unknown event type", Array(#"{"type":"explode"}"#.utf8), "unknown-type"),
            ("failed validation", Array(#"{"type":"add","account":"","amount":5}"#.utf8), "validation"),
            ("always failing", Array(#"{"type":"fail","id":"poison-retry","times":99}"#.utf8), "exhausted-retries"),
        ]
        var records: [(key: String?, value: [UInt8]?, eventID: String?)] = []
        for (index, item) in poison.enumerated() {
            records.append(harness.json(#"{"type":"add","account":"A","amount":1}"#, key: "A", id: "good-\(index)"))
            records.append((key: "A", value: item.value, eventID: "poison-\(index)"))
        }
        records.append(harness.json(#"{"type":"add","account":"A","amount":1}"#, key: "A", id: "good-last"))
        try await harness.send(records)

        try await harness.run(clock: SystemWorkerClock(), configuration: configuration) { _ in
            let letters = try await readAll(harness.cluster, topic: harness.deadLetters) { $0.count >= poison.count }
            #expect(letters.count == poison.count)
            for (index, item) in poison.enumerated() {
                let letter = try #require(letters.first { $0.headers.string("eventId") == "poison-\(index)" }, "\(item.name) was not dead-lettered")
                #expect(letter.headers.string("onepoint.error.kind") == item.kind, "\(item.name)")
                #expect(letter.headers.string("onepoint.error.topic") == harness.input)
                #expect(letter.headers.string("onepoint.error.offset") != nil && letter.headers.string("onepoint.error.partition") != nil)
                #expect(letter.headers.string("onepoint.error.worker") == "ledger")
                #expect(!(letter.headers.string("onepoint.error.message") ?? "").isEmpty)
                #expect(letter.value == item.value, "the original payload is kept")
            }
            let retried = try #require(letters.first { $0.headers.string("onepoint.error.kind") == "exhausted-retries" })
            #expect(retried.headers.string("onepoint.error.attempts") == "3")
            let outputs = try await harness.outputs(atLeast: poison.count + 1)
            #expect(outputs.count == poison.count + 1, "every good input around the poison was applied")
        }
        let balance = try await harness.database().read { db in try Int.fetchOne(db, sql: "SELECT balance FROM ledger WHERE account = 'A'") }
        #expect(balance == poison.count + 1)
    }

    @Test("an input delivered twice with the same event id is applied once; a transient failure is retried, then applied")
    func dedupAndRetry() async throws {
        let harness = try LedgerHarness()
        try await harness.send([
            harness.json(#"{"type":"add","account":"B","amount":10}"#, key: "B", id: "same"),
            harness.json(#"{"type":"add","account":"B","amount":10}"#, key: "B", id: "same"),
            harness.json(#"{"type":"fail","id":"flaky","times":2}"#, key: "B", id: "flaky"),
            harness.json(#"{"type":"add","account":"B","amount":1}"#, key: "B", id: "after"),
        ])
        try await harness.run(clock: SystemWorkerClock()) { _ in
            let outputs = try await harness.outputs(atLeast: 3)
            let values = outputs.compactMap { $0.value.map { String(decoding: $0, as: UTF8.self) } }
            #expect(values.contains(#"{"applied":"flaky","attempt":3}"#), "applied on the third attempt")
            let balances = outputs.filter { $0.keyString == "B" }.compactMap { $0.value.map { String(decoding: $0, as: UTF8.self) } }
            #expect(balances == [#"{"account":"B","balance":10}"#, #"{"account":"B","balance":11}"#], "the duplicate was skipped; order kept after the retry")
        }
        let entries = try await harness.database().read { db in try Int.fetchOne(db, sql: "SELECT entries FROM ledger WHERE account = 'B'") }
        #expect(entries == 2)
    }

    @Test("timers fire on time by the simulated clock, can be cancelled, and fire after a restart that spanned them")
    func timers() async throws {
        let harness = try LedgerHarness()
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let clock = SimulatedWorkerClock(start: start)
        try await harness.send([
            harness.json(#"{"type":"timer","id":"t60","dueInSeconds":60}"#, id: "set-60"),
            harness.json(#"{"type":"timer","id":"t30","dueInSeconds":30}"#, id: "set-30"),
            harness.json(#"{"type":"timer","id":"t120","dueInSeconds":120}"#, id: "set-120"),
            harness.json(#"{"type":"cancel","id":"t30"}"#, id: "cancel-30"),
        ])
        try await harness.run(clock: clock) { readiness in
            #expect(try await waitUntil(.seconds(90)) { readiness.isReady })
            let set = try await waitUntil {
                try await harness.database().read { db in try StateTables.openTimers(db) } == 2
            }
            #expect(set, "t60 and t120 set, t30 cancelled")
            clock.advance(by: 59)
            try await Task.sleep(for: .milliseconds(300))
            let early = try await readAll(harness.cluster, topic: harness.output, timeout: .milliseconds(300)) { _ in false }
            #expect(early.isEmpty, "nothing is due at 59 s")
            clock.advance(by: 1)
            let fired = try await harness.outputs(atLeast: 1)
            #expect(fired.map { String(decoding: $0.value ?? [], as: UTF8.self) } == [#"{"timer":"t60","firedAt":\#(Int(start.timeIntervalSince1970) + 60)}"#])
        }
        // The worker is down while t120 comes due; it fires right after the next start.
        clock.advance(by: 300)
        try await harness.run(clock: clock) { _ in
            // An output may be published twice (same event id) around a shutdown; count distinct ones.
            let fired = try await readAll(harness.cluster, topic: harness.output) { messages in
                Set(messages.compactMap { $0.headers.string("eventId") }).count >= 2
            }
            let distinct = Dictionary(fired.map { ($0.headers.string("eventId") ?? "", String(decoding: $0.value ?? [], as: UTF8.self)) }, uniquingKeysWith: { first, _ in first })
            #expect(distinct.count == 2)
            #expect(distinct.values.contains { $0.contains(#""timer":"t120""#) })
        }
        let open = try await harness.database().read { db in try StateTables.openTimers(db) }
        #expect(open == 0)
    }

    @Test("a graceful shutdown mid-stream delivers the outbox: every output is downstream exactly once, before and after the restart")
    func gracefulShutdown() async throws {
        let harness = try LedgerHarness()
        // One input per transaction, so the stop comes while the stream is being applied.
        var configuration = harness.configuration()
        configuration.maxBatchSize = 1
        try await harness.send((0..<500).map { harness.json(#"{"type":"add","account":"C","amount":1}"#, key: "C", id: "c\($0)") })
        func entries() async throws -> Int {
            try await harness.database().read { db in try Int.fetchOne(db, sql: "SELECT entries FROM ledger WHERE account = 'C'") } ?? 0
        }
        /// The balances downstream, in order (one key, one partition), and how many distinct event ids.
        func downstream() async throws -> (balances: [Int], ids: Int, records: Int) {
            let messages = try await readToEnd(harness.cluster, topic: harness.output)
            let balances = messages.compactMap { message -> Int? in
                guard let object = try? JSONSerialization.jsonObject(with: Data(message.value ?? [])) as? [String: Any] else { return nil }
                return object["balance"] as? Int
            }
            return (balances, Set(messages.compactMap { $0.headers.string("eventId") }).count, messages.count)
        }

        try await harness.run(clock: SystemWorkerClock(), configuration: configuration) { _ in
            let started = try await waitUntil { try await entries() > 0 }
            #expect(started, "the worker started applying")
        }
        let applied = try await entries()
        #expect(applied < 500, "stopped while the stream was being applied")
        #expect(try await harness.database().read { db in try StateTables.outboxDepth(db) } == 0)
        // Everything applied before the stop is downstream once: no output lost in the outbox,
        // none published twice.
        let first = try await downstream()
        #expect(first.balances == Array(stride(from: 1, through: applied, by: 1)), "outputs 1...\(applied), each once, in order")
        #expect(first.records == applied && first.ids == applied)

        // The rest after a restart: the whole stream downstream, each output exactly once.
        try await harness.run(clock: SystemWorkerClock(), configuration: configuration) { _ in
            let finished = try await waitUntil { try await entries() == 500 }
            #expect(finished, "the rest of the stream applied")
        }
        #expect(try await harness.database().read { db in try StateTables.outboxDepth(db) } == 0)
        let all = try await downstream()
        #expect(all.balances == Array(1...500), "each of the 500 outputs once, in order")
        #expect(all.records == 500 && all.ids == 500, "no output republished by a graceful stop")
    }

    @Test("a broker down and up and a leader move during processing lose nothing and apply nothing twice")
    func brokerFaults() async throws {
        let harness = try LedgerHarness()
        try await harness.run(clock: SystemWorkerClock()) { readiness in
            #expect(try await waitUntil(.seconds(90)) { readiness.isReady })
            try await harness.send((0..<1000).map { harness.json(#"{"type":"add","account":"D\#($0 % 7)","amount":\#($0)}"#, key: "D\($0 % 7)", id: "d\($0)") })
            try harness.cluster.setBrokerDown(2)
            let second = Task { try await harness.send((1000..<2000).map { harness.json(#"{"type":"add","account":"D\#($0 % 7)","amount":\#($0)}"#, key: "D\($0 % 7)", id: "d\($0)") }) }
            try await Task.sleep(for: .seconds(2))
            try harness.cluster.setBrokerUp(2)
            try await second.value
            for partition in 0..<3 {
                try harness.cluster.setPartitionLeader(topic: harness.input, partition: Int32(partition), broker: Int32(partition + 1))
                try harness.cluster.setPartitionLeader(topic: harness.output, partition: Int32(partition), broker: Int32(3 - partition))
            }
            try await harness.send((2000..<3000).map { harness.json(#"{"type":"add","account":"D\#($0 % 7)","amount":\#($0)}"#, key: "D\($0 % 7)", id: "d\($0)") })
            let outputs = try await harness.outputs(atLeast: 3000, timeout: .seconds(60))
            #expect(outputs.count == 3000)
        }
        let (entries, total) = try await harness.database().read { db in
            (try Int.fetchOne(db, sql: "SELECT SUM(entries) FROM ledger"), try Int.fetchOne(db, sql: "SELECT SUM(balance) FROM ledger"))
        }
        #expect(entries == 3000)
        #expect(total == (0..<3000).reduce(0, +))
    }

    @Test("stored positions a fresh cluster does not hold are reset by the documented rule: logged, counted, resumed at the first record; committed offsets follow")
    func positionsBeyondAFreshCluster() async throws {
        let first = try LedgerHarness()
        try await first.send((0..<50).map { first.json(#"{"type":"add","account":"E","amount":1}"#, key: "E", id: "old-\($0)") })
        try await first.run(clock: SystemWorkerClock()) { _ in _ = try await first.outputs(atLeast: 50) }
        first.cluster.close()
        let before = try await first.database().read { db in try StateTables.positions(db) }[first.input] ?? [:]
        let (partition, stored) = try #require(before.first { $0.value == 50 }, "all 50 old inputs (one key) on one partition: \(before)")

        // A new, empty cluster with the same topic names, behind the same state.
        let cluster = try EmbeddedKafkaCluster(brokers: 3, logger: quietLogger)
        for name in [first.input, first.output] { try cluster.createTopic(KafkaTopicSpec(name: name, partitions: 3, replicationFactor: 3)) }
        try cluster.createTopic(KafkaTopicSpec(name: first.deadLetters, partitions: 1))
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: quietLogger)
        for result in await producer.send((0..<5).map {
            KafkaProducerRecord(topic: first.input, key: "E", value: Array(#"{"type":"add","account":"E","amount":100}"#.utf8), headers: [KafkaHeader(key: "eventId", string: "new-\($0)")])
        }) { _ = try result.get() }
        var configuration = first.configuration()
        configuration.kafka = KafkaClientConfiguration(bootstrapServers: cluster.bootstrapServers)
        // A worker name of its own: the counter is read from this process's metrics by it.
        configuration.name = uniqueName("ledger-reset")
        _ = testMetrics
        let logs = CapturedLogs()
        let readiness = Readiness()
        let runtime = WorkerRuntime(
            configuration: configuration, logic: LedgerLogic(outputTopic: first.output), clock: SystemWorkerClock(), readiness: readiness,
            logger: logs.logger(label: "ledger"))
        let group = ServiceGroup(services: [runtime], logger: quietLogger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let outputs = try await readAll(cluster, topic: first.output, timeout: .seconds(90)) { $0.count >= 5 }
            #expect(outputs.count == 5, "the new cluster's inputs were applied, not skipped")
            let followed = try await waitUntil {
                try await first.database().read { db in try StateTables.positions(db) }[first.input]?[partition] == 5
            }
            #expect(followed, "the stored position follows the new cluster")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let balance = try await first.database().read { db in try Int.fetchOne(db, sql: "SELECT balance FROM ledger WHERE account = 'E'") }
        #expect(balance == 50 + 500)

        // The log line names the partition, the stored position and the cluster's range.
        let resets = logs.all.filter { $0.message.hasPrefix("position reset on") }
        #expect(resets.count == 1, "\(logs.all.map(\.message))")
        #expect(resets.first?.level == .error)
        #expect(
            resets.first?.message
                == "position reset on \(first.input)[\(partition)]: the stored position \(stored) is past the end (5): the cluster is newer than this worker's state; resuming at 0",
            "\(resets.map(\.message))")
        // Counted once, for this worker.
        #expect(counterValue(testMetrics, "onepoint_position_resets_total", worker: configuration.name) == 1, "\(testMetrics.emitToString())")

        // Kafka's committed offsets (what lag tools see) are the stored positions, partition by partition.
        let stateAfter = try await first.database().read { db in try StateTables.positions(db) }[first.input] ?? [:]
        let reader = try KafkaConsumer(configuration: .init(bootstrapServers: cluster.bootstrapServers, groupID: configuration.groupID), logger: quietLogger)
        let partitions = (0..<3).map { KafkaTopicPartition(topic: first.input, partition: Int32($0)) }
        let committed = try await reader.committed(partitions)
        await reader.close()
        for topicPartition in partitions {
            #expect((committed[topicPartition] ?? nil) == stateAfter[topicPartition.partition], "\(topicPartition): committed \(String(describing: committed[topicPartition] ?? nil)), stored \(String(describing: stateAfter[topicPartition.partition]))")
        }
        #expect(stateAfter[partition] == 5)
        await producer.close()
    }
}
