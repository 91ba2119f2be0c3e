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
        let fixture = try FibreCutStorm(bootstrap: cluster.bootstrapServers, alarms: 20_000)
        let stateDirectory = temporaryFolder()
        let (circuits, storm) = (fixture.circuits, fixture.alarms)
        try await fixture.send(fixture.inventory)

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
            try await fixture.sendAlarms((wave * storm.count / waves)..<((wave + 1) * storm.count / waves))
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
        await fixture.close()
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
