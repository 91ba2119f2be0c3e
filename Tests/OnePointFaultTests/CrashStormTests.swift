import Foundation
import OnePointTestSupport
import GRDB
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointKafka
import Testing

extension LoggedProcess {
    /// A real `onepoint-fault` process on the embedded cluster, its log in the state folder.
    static func faultWorker(bootstrap: String, stateDirectory: String) throws -> LoggedProcess {
        try LoggedProcess(
            "onepoint-fault",
            [
                "--config", configDirectory + "/onepoint.yaml", "--bootstrap-servers", bootstrap, "--state-dir", stateDirectory,
                "--http-port", "0", "--log-level", "info",
            ],
            log: stateDirectory + "/fault-\(UUID().uuidString.prefix(6)).log")
    }
}

@Suite("Fault worker killed mid-storm (real process, embedded cluster)")
struct CrashStormTests {
    @Test("SIGKILLed three times during a 20 000-alarm storm over 300 circuits: one parent ticket, every circuit and customer on it, every alarm applied once")
    func killedMidStorm() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1, logger: quietLogger)
        for topic in WorkerKind.fault.inputs + WorkerKind.fault.outputs + [.deadLetters] {
            try cluster.createTopic(KafkaTopicSpec(name: topic.defaultName, partitions: topic == .alarms ? 6 : 3))
        }
        let domain = try DomainConfiguration.load(directory: configDirectory)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: quietLogger)
        let stateDirectory = temporaryFolder()
        func send(_ records: [EventRecord]) async throws {
            let results = await producer.send(records.map { record in
                KafkaProducerRecord(
                    topic: record.topic.defaultName, key: record.key, value: record.value,
                    headers: record.headers.map { KafkaHeader(key: $0.name, string: $0.value) })
            })
            for result in results { _ = try result.get() }
        }
        func record<P: EventPayload>(_ type: EventType, _ payload: P) throws -> EventRecord {
            try EventRecord(EventEnvelope(type, event: payload, eventTime: Date(), source: EventSource(unit: "HQ", worker: "nms")), topology: domain.topology)
        }

        var inventory = TestInventory()
        let levels: [CustomerLevel] = [.key, .diamond, .gold, .silver, .bronze]
        var circuits: [String] = []
        for n in 0..<30 { circuits += inventory.customer("C-\(n)", levels[n % 5], circuits: 10) }
        inventory.element("GD-FIBRE-STORM", .fibreCable, unit: "GD", circuits: circuits)
        var inventoryRecords: [EventRecord] = []
        for customer in inventory.customers { inventoryRecords.append(try record(.customerUpdate, customer)) }
        for circuit in inventory.circuits { inventoryRecords.append(try record(.circuitUpdate, circuit)) }
        for element in inventory.elements { inventoryRecords.append(try record(.networkElementUpdate, element)) }
        try await send(inventoryRecords)

        // The storm: the fibre's alarm, then every circuit's, then repeats of all of them.
        let now = Date()
        var storm: [EventRecord] = [try record(.alarmCreate, NMS.alarm(.raised, on: .init(id: "GD-FIBRE-STORM", type: .fibre), raised: now))]
        for circuit in circuits { storm.append(try record(.alarmCreate, NMS.alarm(.raised, on: .init(id: circuit, type: .circuit), raised: now + 1))) }
        var repeatNumber = 0
        while storm.count < 20_000 {
            repeatNumber += 1
            let object: Alarm.AlarmedObject = repeatNumber % 301 == 0 ? .init(id: "GD-FIBRE-STORM", type: .fibre) : .init(id: circuits[repeatNumber % 300], type: .circuit)
            storm.append(try record(.alarmAttributeValueChange, NMS.alarm(.updated, on: object, raised: now, changed: now + Double(repeatNumber))))
        }

        let state = stateDirectory + "/fault/state.sqlite"
        var kills = 0
        let waves = 4
        for wave in 0..<waves {
            let worker = try LoggedProcess.faultWorker(bootstrap: cluster.bootstrapServers, stateDirectory: stateDirectory)
            #expect(await worker.waitForLog("assigned"), "worker \(wave) got its partitions: \((try? String(contentsOfFile: worker.log, encoding: .utf8)) ?? "")")
            if wave == 0 {
                // The alarms must find the inventory: wait until the worker holds it.
                let held = try await waitUntil {
                    try await StateProbe.open(state).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fault_circuits") } == 300
                }
                #expect(held)
            }
            try await send(Array(storm[(wave * storm.count / waves)..<((wave + 1) * storm.count / waves)]))
            // Kill it while it works through the wave.
            try await Task.sleep(for: .milliseconds(Int.random(in: 50...400)))
            if worker.isRunning {
                worker.kill9()
                kills += 1
            }
        }
        #expect(kills >= 3)

        // A last instance finishes the storm, then stops cleanly.
        let last = try LoggedProcess.faultWorker(bootstrap: cluster.bootstrapServers, stateDirectory: stateDirectory)
        let total = storm.count
        let done = try await waitUntil(.seconds(120)) {
            try await StateProbe.open(state).read { db in try Int.fetchOne(db, sql: "SELECT SUM(received) FROM fault_alarms") } == total
        }
        #expect(done, "every alarm applied: \((try? String(contentsOfFile: last.log, encoding: .utf8))?.suffix(2000) ?? "")")
        let outputs = try await OutputCollector(bootstrap: cluster.bootstrapServers, topics: [Topic.tickets.defaultName, Topic.deadLetters.defaultName])
        #expect(try await outputs.wait(.seconds(60)) { _ in outputs.latest.values.first?.relatedAlarms.count == 301 })
        #expect(await last.stop() == 0, "SIGTERM exits 0")

        // Exactly once: one ticket created (by event id), applied counts exact, no dead letters.
        #expect(outputs.creates.count == 1, "one parent ticket, created once")
        #expect(outputs.latest.count == 1)
        let ticket = try #require(outputs.latest.values.first)
        #expect(Set(ticket.circuitIds) == Set(circuits))
        #expect(ticket.customers.count == 30)
        #expect(ticket.customers.allSatisfy { $0.circuitIds.count == 10 })
        #expect(!outputs.events.contains { if case .deadLetter = $0 { true } else { false } })
        let counts = try await StateProbe.open(state).read { db in
            (
                tickets: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fault_tickets") ?? -1,
                alarms: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fault_alarms") ?? -1,
                active: try Int.fetchOne(db, sql: "SELECT active_alarms FROM fault_tickets") ?? -1,
                children: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fault_children") ?? -1
            )
        }
        #expect(counts.tickets == 1)
        #expect(counts.alarms == 301)
        #expect(counts.active == 301)
        #expect(counts.children == 30)
        await outputs.close()
        await producer.close()
        print("fault crash test: \(kills) SIGKILLs during a storm of \(total) alarms; 1 ticket, 300 circuits, 30 customers")
    }
}

func waitUntil(_ timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if (try? await condition()) == true { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return false
}
