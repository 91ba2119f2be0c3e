import Foundation
import GRDB
import OnePointKafka
import OnePointTestSupport
import Testing

/// Tasks and changelogs (issue 15) with real `onepoint-relay` processes on the embedded cluster:
/// several instances share one input's partitions, each task in its own store, every change of a
/// store also on the changelog. Instances are killed, paused past their session timeout and
/// replaced by one with an empty state folder; at the end a fresh instance restores every task
/// from the changelogs alone, and its stores must hold each input's effect exactly once.
@Suite("Tasks and changelogs, real processes", .serialized)
struct TaskFailoverTests {
    static let partitions = 6

    struct Fixture {
        let cluster: EmbeddedKafkaCluster
        let input = uniqueName("tf-in")
        let output = uniqueName("tf-out")
        let changelog = uniqueName("tf-changelog")
        let deadLetters = uniqueName("tf-dlq")
        let group = uniqueName("tf-relay")
        let reference = uniqueName("tf-reference")
        let repartition = uniqueName("tf-repartition")
        let producer: KafkaProducer

        init() async throws {
            cluster = try EmbeddedKafkaCluster(brokers: 1, logger: quietLogger)
            for name in [input, output, changelog, repartition] {
                try cluster.createTopic(KafkaTopicSpec(name: name, partitions: TaskFailoverTests.partitions))
            }
            try cluster.createTopic(KafkaTopicSpec(name: deadLetters, partitions: 1))
            try cluster.createTopic(KafkaTopicSpec(name: reference, partitions: 3))
            producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: quietLogger)
        }

        /// Inputs `range`, keyed over 60 keys so every partition gets some.
        func send(_ range: Range<Int>) async {
            let results = await producer.send(range.map { n in
                KafkaProducerRecord(topic: input, key: "k\(n % 60)", value: Array(String(n).utf8), headers: [KafkaHeader(key: "eventId", string: "in-\(n)")])
            })
            #expect(results.allSatisfy { (try? $0.get()) != nil })
        }

        /// An instance with its own state folder (its own machine).
        func instance(_ name: String, folder: String? = nil, global: Bool = false, extra: [String] = []) throws -> (LoggedProcess, String) {
            let state = folder ?? temporaryPath(name)
            let process = try LoggedProcess.relay(
                bootstrap: cluster.bootstrapServers, input: input, output: output, deadLetters: deadLetters, group: group, state: state,
                extra: ["--tasks", "per-partition", "--changelog", changelog, "--session-timeout-ms", "6000"] + (global ? ["--global", reference] : []) + extra)
            return (process, state)
        }

        /// Waits until every number in `0..<total` is on the output topic.
        func waitForOutputs(_ total: Int, timeout: Duration = .seconds(240)) async throws -> [KafkaMessage] {
            try await readAll(cluster, topic: output, timeout: timeout) { messages in
                Set(messages.compactMap { $0.value.flatMap { Int(String(decoding: $0, as: UTF8.self)) } }).count >= total
            }
        }

        /// Reference records `range` on the global topic, keyed `r<n>`.
        func sendReference(_ range: Range<Int>) async {
            let results = await producer.send(range.map { n in
                KafkaProducerRecord(topic: reference, key: "r\(n)", value: Array(String(n).utf8), headers: [KafkaHeader(key: "eventId", string: "ref-\(n)")])
            })
            #expect(results.allSatisfy { (try? $0.get()) != nil })
        }

        /// The reference rows each task's store under `folder` holds, by task.
        func references(_ folder: String) throws -> [Int: Int] {
            var found: [Int: Int] = [:]
            for task in 0..<TaskFailoverTests.partitions {
                let path = "\(folder)/task-\(task).sqlite"
                guard FileManager.default.fileExists(atPath: path) else { continue }
                found[task] = try StateProbe.open(path).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM relay_reference WHERE n = CAST(substr(key, 2) AS INTEGER)") ?? 0 }
            }
            return found
        }

        /// Polls `condition` (on stores a running instance writes) until it holds, at most 120 s.
        func waitForState(_ condition: () throws -> Bool) async throws -> Bool {
            let deadline = ContinuousClock.now + .seconds(120)
            while ContinuousClock.now < deadline {
                if (try? condition()) == true { return true }
                try await Task.sleep(for: .milliseconds(100))
            }
            return false
        }

        /// Each route's task, count and sum in the stores under `folder`.
        func routes(_ folder: String) throws -> [(route: String, task: Int, count: Int, total: Int)] {
            var found: [(String, Int, Int, Int)] = []
            for task in 0..<TaskFailoverTests.partitions {
                let path = "\(folder)/task-\(task).sqlite"
                guard FileManager.default.fileExists(atPath: path) else { continue }
                found += try StateProbe.open(path).read { db in
                    try Row.fetchAll(db, sql: "SELECT route, task, count, total FROM relay_routes").map { ($0["route"], $0["task"], $0["count"], $0["total"]) }
                }
            }
            return found
        }

        /// Each task's count and sum in the stores under `folder`.
        func totals(_ folder: String) throws -> (count: Int, sum: Int, tasks: Int) {
            var (count, sum, tasks) = (0, 0, 0)
            for task in 0..<TaskFailoverTests.partitions {
                let path = "\(folder)/task-\(task).sqlite"
                guard FileManager.default.fileExists(atPath: path) else { continue }
                let (c, s) = try StateProbe.open(path).read { db in
                    (try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(count), 0) FROM relay_totals") ?? 0, try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(total), 0) FROM relay_totals") ?? 0)
                }
                count += c
                sum += s
                tasks += 1
            }
            return (count, sum, tasks)
        }
    }

    @Test("three instances, one SIGKILLed, one paused past its session timeout, a new one with an empty folder: every input applied once, as a restore from the changelogs alone shows")
    func failover() async throws {
        let fixture = try await Fixture()
        let (a, _) = try fixture.instance("a")
        let (b, _) = try fixture.instance("b")
        let (c, _) = try fixture.instance("c")
        for process in [a, b, c] { #expect(await process.waitForLog("assigned", timeout: .seconds(90))) }

        await fixture.send(0..<6000)
        _ = try await fixture.waitForOutputs(3000)
        #expect(a.kill9(), "a is killed with SIGKILL mid-stream")
        await fixture.send(6000..<12_000)
        _ = try await fixture.waitForOutputs(9000)

        kill(b.process.processIdentifier, SIGSTOP)
        await fixture.send(12_000..<18_000)
        // Past b's 6 s session timeout: its tasks go to the others, which restore them.
        try await Task.sleep(for: .seconds(12))
        kill(b.process.processIdentifier, SIGCONT)

        let (d, _) = try fixture.instance("d")
        #expect(await d.waitForLog("assigned", timeout: .seconds(90)))
        await fixture.send(18_000..<24_000)
        let total = 24_000
        let outputs = try await fixture.waitForOutputs(total)
        let numbers = Set(outputs.compactMap { $0.value.flatMap { Int(String(decoding: $0, as: UTF8.self)) } })
        #expect(numbers == Set(0..<total), "every output is there")
        // A number published twice (by an instance that lost its task, or after a kill) carries
        // the same event id both times, so a downstream inbox applies it once.
        var ids: [Int: Set<String>] = [:]
        for message in outputs {
            guard let n = message.value.flatMap({ Int(String(decoding: $0, as: UTF8.self)) }) else { continue }
            ids[n, default: []].insert(message.headers.string("eventId") ?? "")
        }
        #expect(ids.values.allSatisfy { $0.count == 1 }, "twins carry one event id")

        let restored = [c, d].contains { $0.output.contains("restored from \(fixture.changelog)") }
        #expect(restored, "the tasks of the killed and the paused instance were restored elsewhere")
        for process in [b, c, d] { #expect(await process.stop() == 0, "SIGTERM exits 0") }

        // A new machine restores every task from the changelogs alone.
        let (e, folder) = try fixture.instance("e")
        #expect(await e.waitForLog("ready: caught up", timeout: .seconds(180)), "\(e.output.suffix(3000))")
        #expect(try await fixture.waitForState { try fixture.totals(folder).count >= total })
        #expect(await e.stop() == 0)
        let totals = try fixture.totals(folder)
        #expect(totals.tasks == TaskFailoverTests.partitions, "every task restored")
        #expect(totals.count == total, "each input applied once")
        #expect(totals.sum == (0..<total).reduce(0, +))
        #expect(e.output.components(separatedBy: "restored from \(fixture.changelog)").count - 1 == TaskFailoverTests.partitions, "\(e.output.suffix(3000))")
        await fixture.producer.close()
    }

    @Test("a restarted instance keeps its own stores when no other instance ran its tasks since")
    func restartKeepsCurrentStores() async throws {
        let fixture = try await Fixture()
        let (first, folder) = try fixture.instance("a")
        await fixture.send(0..<3000)
        _ = try await fixture.waitForOutputs(3000)
        #expect(await first.stop() == 0)
        let (again, _) = try fixture.instance("a", folder: folder)
        await fixture.send(3000..<6000)
        _ = try await fixture.waitForOutputs(6000)
        #expect(await again.stop() == 0)
        #expect(again.output.components(separatedBy: "the local store is the newest copy").count - 1 == TaskFailoverTests.partitions, "\(again.output.suffix(3000))")
        #expect(!again.output.contains("restored from"))
        let totals = try fixture.totals(folder)
        #expect(totals.count == 6000)
        #expect(totals.sum == (0..<6000).reduce(0, +))
        await fixture.producer.close()
    }

    @Test("a global topic reaches every task of every instance, before and after they start, and comes back with a restore")
    func globalTopic() async throws {
        let fixture = try await Fixture()
        await fixture.sendReference(0..<300)
        let (a, folderA) = try fixture.instance("a", global: true)
        let (b, folderB) = try fixture.instance("b", global: true)
        for process in [a, b] { #expect(await process.waitForLog("assigned", timeout: .seconds(90))) }
        await fixture.sendReference(300..<600)
        await fixture.send(0..<3000)
        _ = try await fixture.waitForOutputs(3000)
        // The reference records after the inputs are read within the next loop iterations.
        try await Task.sleep(for: .seconds(2))
        for process in [a, b] { #expect(await process.stop() == 0) }
        let held = try fixture.references(folderA).merging(fixture.references(folderB)) { max($0, $1) }
        #expect(held.count == TaskFailoverTests.partitions, "every task ran: \(held)")
        #expect(held.values.allSatisfy { $0 == 600 }, "every task holds every reference record: \(held)")
        let totals = try fixture.totals(folderA)
        let totalsB = try fixture.totals(folderB)
        #expect(totals.count + totalsB.count == 3000, "the partitioned inputs are still applied once")

        let (e, folder) = try fixture.instance("e", global: true)
        #expect(await e.waitForLog("ready: caught up", timeout: .seconds(180)), "\(e.output.suffix(3000))")
        #expect(try await fixture.waitForState { try fixture.references(folder).values.reduce(0, +) >= 600 * TaskFailoverTests.partitions })
        #expect(await e.stop() == 0)
        let restored = try fixture.references(folder)
        #expect(restored.count == TaskFailoverTests.partitions && restored.values.allSatisfy { $0 == 600 }, "\(restored)")
        await fixture.producer.close()
    }

    @Test("inputs routed by another key than the one they arrive with meet in one task, through the repartition topic, once each")
    func repartition() async throws {
        let fixture = try await Fixture()
        let routing = ["--repartition", fixture.repartition, "--route-modulo", "7"]
        let (a, _) = try fixture.instance("a", extra: routing)
        let (b, _) = try fixture.instance("b", extra: routing)
        for process in [a, b] { #expect(await process.waitForLog("assigned", timeout: .seconds(90))) }
        let total = 6000
        await fixture.send(0..<total)
        _ = try await fixture.waitForOutputs(total)
        for process in [a, b] { #expect(await process.stop() == 0) }
        let forwarded = try await readToEnd(fixture.cluster, topic: fixture.repartition)
        #expect(!forwarded.isEmpty, "inputs were forwarded to their route's task")
        #expect(Set(forwarded.compactMap { $0.headers.string("eventId") }).count == forwarded.count, "each forwarded once")

        // A fresh instance restores every task: each route lives in exactly one task, with all of
        // its inputs, each applied once.
        let (e, folder) = try fixture.instance("e", extra: routing)
        #expect(await e.waitForLog("ready: caught up", timeout: .seconds(180)), "\(e.output.suffix(3000))")
        #expect(try await fixture.waitForState { try fixture.totals(folder).count >= total })
        #expect(await e.stop() == 0)
        let routes = try fixture.routes(folder)
        #expect(routes.map(\.route).sorted() == (0..<7).map { "r\($0)" }, "each route in one task: \(routes)")
        for route in routes {
            let n = Int(route.route.dropFirst()) ?? -1
            let expected = (0..<total).filter { $0 % 7 == n }
            #expect(route.count == expected.count && route.total == expected.reduce(0, +), "\(route)")
        }
        let totals = try fixture.totals(folder)
        #expect(totals.count == total && totals.sum == (0..<total).reduce(0, +), "each input applied once")
        await fixture.producer.close()
    }
}
