import Foundation
import GRDB
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointKafka
import OnePointRuntime
import OnePointState
import OnePointTestSupport
import Testing

/// Several real `onepoint-fault` processes with per-partition tasks (issue 15): alarms arrive
/// keyed by reduction key on every partition, meet in their correlation domain's task through the
/// repartition topic, and the tasks move between instances as they are killed, paused and added.
@Suite("Fault worker scaled out (real processes, embedded cluster)", .serialized)
struct ScaleOutProcessTests {
    static func worker(_ bootstrap: String, _ stateDirectory: String) throws -> LoggedProcess {
        try LoggedProcess(
            "onepoint-fault",
            [
                "--config", configDirectory + "/onepoint.yaml", "--bootstrap-servers", bootstrap, "--state-dir", stateDirectory,
                "--http-port", "0", "--log-level", "info",
            ],
            log: stateDirectory + "/fault-\(UUID().uuidString.prefix(6)).log",
            environment: ["ONEPOINT_RUNTIME_TASKS": "per-partition"])
    }

    /// Sums `sql` over every task store under `stateDirectory`.
    static func sum(_ stateDirectory: String, _ sql: String) throws -> (total: Int, tasks: Int) {
        var (total, tasks) = (0, 0)
        for task in 0..<6 {
            let path = "\(stateDirectory)/fault/tasks/task-\(task).sqlite"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            total += try StateProbe.open(path).read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
            tasks += 1
        }
        return (total, tasks)
    }

    /// A ticket without what depends on the clock or on the instance: its id, times, deadlines.
    struct TicketShape: Equatable, CustomStringConvertible {
        var status: String
        var unit: String
        var summary: String
        var alarms: Set<String>
        var circuits: [String]
        var customers: [String]
        var planned: Bool

        init(_ ticket: TroubleTicket) {
            status = ticket.status.rawValue
            unit = ticket.unit.rawValue
            summary = ticket.description
            alarms = Set(ticket.relatedAlarms.map(\.reductionKey))
            circuits = ticket.circuitIds.sorted()
            customers = ticket.customers.map { "\($0.customer.id) \($0.handledAtLevel) \($0.limitMinutes) min \($0.circuitIds.sorted())" }.sorted()
            planned = ticket.planned
        }

        var description: String { "\(status) \(unit) '\(summary)', \(alarms.count) alarms, \(circuits.count) circuits, \(customers.count) customers" }
    }

    /// The tickets one worker with a single task makes of the same input, in-process.
    static func singleInstanceTickets(_ records: [EventRecord]) throws -> [TicketShape] {
        let single = try WorkerTestHarness(logic: try ScaleOutTests.logic(layout: .single), worker: "onepoint-fault", start: Date())
        var tickets: [String: TroubleTicket] = [:]
        func collect(_ outputs: [OutboxRecord]) throws {
            for output in outputs where output.topic == Topic.tickets.defaultName {
                let ticket = try EventEnvelope<TroubleTicket>.decode(output.value ?? []).event
                tickets[ticket.id] = ticket
            }
        }
        for record in records {
            try collect(single.send(
                topic: record.topic.defaultName, key: record.key, value: record.value, headers: record.headers.map { ($0.name, $0.value) }))
        }
        // The ticket updates a storm coalesces go out on a timer, as the real worker's clock moves.
        try collect(single.advance(by: 60))
        return tickets.values.map(TicketShape.init).sorted { $0.unit < $1.unit }
    }

    @Test("three instances in a storm of two fibre cuts in two provinces: one SIGKILLed, one paused past its session timeout, a fourth with an empty folder; one ticket per cut, the same as a single instance makes, every alarm applied once, as a restore from the changelogs alone shows")
    func stormAcrossInstances() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1, logger: quietLogger)
        for topic in WorkerKind.fault.inputs + WorkerKind.fault.outputs + [.deadLetters] {
            try cluster.createTopic(KafkaTopicSpec(name: topic.defaultName, partitions: topic == .alarms ? 6 : 3))
        }
        let internalTopics = WorkerKind.fault.internalTopics()
        try cluster.createTopic(KafkaTopicSpec(name: internalTopics.changelog, partitions: 6))
        try cluster.createTopic(KafkaTopicSpec(name: internalTopics.repartition ?? "", partitions: 6))
        // Two cuts whose domains meet in two different tasks (murmur2 of the province, as the
        // runtime places a routing key).
        let gd = KafkaPartitioner.partition(forKey: "GD", among: 6)
        let other = try #require(["JS-NJ", "ZJ-HZ", "SC-CD"].first { KafkaPartitioner.partition(forKey: String($0.prefix(2)), among: 6) != gd })
        let otherProvince = UnitID(String(other.prefix(2)))
        // Sized for the embedded cluster's ~5 MiB per partition: each cut meets in the one task
        // of its domain, so that task's repartition and changelog partitions carry half the storm.
        let fixture = try FibreCutStorm(bootstrap: cluster.bootstrapServers, alarms: 4000, cities: ["GD-GZ", UnitID(other)])
        let storm = fixture.alarms
        try await fixture.send(fixture.inventory)
        let third = storm.count / 3

        let folders = (0..<5).map { _ in temporaryFolder() }
        let a = try Self.worker(cluster.bootstrapServers, folders[0])
        let b = try Self.worker(cluster.bootstrapServers, folders[1])
        let c = try Self.worker(cluster.bootstrapServers, folders[2])
        for worker in [a, b, c] { #expect(await worker.waitForLog("assigned", timeout: .seconds(90)), "\(worker.output.suffix(2000))") }
        // Every task holds the inventory (a global topic) before the storm comes.
        try await Task.sleep(for: .seconds(3))
        try await fixture.sendAlarms(0..<third)
        try await Task.sleep(for: .seconds(2))
        #expect(a.kill9(), "a is SIGKILLed mid-storm")
        try await fixture.sendAlarms(third..<(2 * third))
        kill(b.process.processIdentifier, SIGSTOP)
        try await Task.sleep(for: .seconds(12))
        kill(b.process.processIdentifier, SIGCONT)
        let d = try Self.worker(cluster.bootstrapServers, folders[3])
        #expect(await d.waitForLog("assigned", timeout: .seconds(90)))
        try await fixture.sendAlarms((2 * third)..<storm.count)

        let outputs = try await OutputCollector(bootstrap: cluster.bootstrapServers, topics: [Topic.tickets.defaultName, Topic.deadLetters.defaultName])
        let complete = try await outputs.wait(.seconds(180)) { _ in
            outputs.latest.values.filter { $0.relatedAlarms.count == 301 }.count == 2
        }
        #expect(complete, "each cut's ticket lists every alarmed object: \(d.output.suffix(2000))")
        for worker in [b, c, d] { #expect(await worker.stop() == 0, "SIGTERM exits 0: \(worker.output.suffix(1500))") }
        try await outputs.readToEnd()
        #expect(outputs.creates.count == 2, "one ticket per root cause, each created once: \(outputs.creates.map(\.id))")
        #expect(outputs.latest.count == 2)
        for (province, circuits) in fixture.circuitsByProvince {
            let ticket = try #require(outputs.latest.values.first { $0.unit == province }, "a ticket of \(province)")
            #expect(ticket.id.hasPrefix("TT-\(province)-"), "a ticket id with its correlation domain: \(ticket.id)")
            #expect(Set(ticket.circuitIds) == Set(circuits))
        }
        #expect(otherProvince != "GD")
        #expect(!outputs.events.contains { if case .deadLetter = $0 { true } else { false } }, "no dead letters")
        // The same tickets, ids and times aside, as one instance with a single task makes.
        let scaledOut = outputs.latest.values.map(TicketShape.init).sorted { $0.unit < $1.unit }
        let single = try Self.singleInstanceTickets(fixture.inventory + storm)
        #expect(scaledOut == single, "scaled out: \(scaledOut.map(String.init(reflecting:)))\nsingle: \(single.map(String.init(reflecting:)))")

        // A new machine restores every task from the changelogs alone: each alarm applied once.
        let e = try Self.worker(cluster.bootstrapServers, folders[4])
        #expect(await e.waitForLog("ready: caught up", timeout: .seconds(180)), "\(e.output.suffix(3000))")
        // What the stopped instances had not read yet, the new one reads (and forwards) now.
        let applied = try await waitUntil(.seconds(120)) {
            try Self.sum(folders[4], "SELECT COALESCE(SUM(received), 0) FROM fault_alarms").total >= storm.count
        }
        #expect(applied, "\(e.output.suffix(2000))")
        #expect(await e.stop() == 0)
        let received = try Self.sum(folders[4], "SELECT COALESCE(SUM(received), 0) FROM fault_alarms")
        #expect(received.tasks == 6, "every task restored")
        #expect(received.total == storm.count, "every alarm applied once")
        #expect(try Self.sum(folders[4], "SELECT COUNT(*) FROM fault_tickets").total == 2, "one ticket per cut in all the tasks")
        #expect(try Self.sum(folders[4], "SELECT COUNT(*) FROM fault_circuits").total == fixture.circuits.count * 6, "every task holds the inventory")
        await outputs.close()
        await fixture.close()
    }
}
