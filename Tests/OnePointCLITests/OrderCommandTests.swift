import Foundation
import GRDB
import Logging
import OnePointContracts
import OnePointKafka
import OnePointTestSupport
import Testing

@Suite("onepoint order submit|show|play against the real provisioning worker", .serialized)
struct OrderCommandTests {
    /// A real `onepoint-provisioning` process, its log in the state folder.
    static func worker(bootstrap: String, stateDir: String) throws -> LoggedProcess {
        try LoggedProcess(
            "onepoint-provisioning", ["--bootstrap-servers", bootstrap, "--state-dir", stateDir, "--http-port", "0", "--log-level", "warning"],
            log: stateDir + "/provisioning-\(UUID().uuidString.prefix(6)).log")
    }

    @Test("the sample cross-province order, with the worker killed after dispatch and again mid-play: it completes once, every leg dispatched once, no step refused")
    func sampleOrderAcrossAKill() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let cluster = try EmbeddedKafkaCluster(
            brokers: 1, topics: Topic.allCases.map { KafkaTopicSpec(name: $0.defaultName, partitions: $0.defaultPartitions) }, logger: logger)
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-order-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: stateDir) }
        let common = ["--bootstrap-servers", cluster.bootstrapServers, "--state-dir", stateDir]
        let order = "SO-2026-1123-0001"

        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
        var worker = try Self.worker(bootstrap: cluster.bootstrapServers, stateDir: stateDir)
        let submit = try await BuiltExecutables.run("onepoint", ["order", "submit", "config/examples/order-cross-province.json"] + common)
        #expect(submit.status == 0, "\(submit.output)")
        var shown = BuiltExecutables.Run(status: -1, output: "")
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, !shown.output.contains("JS-NJ") {
            try await Task.sleep(for: .milliseconds(300))
            shown = try await BuiltExecutables.run("onepoint", ["order", "show", order] + common)
        }
        #expect(shown.output.contains("coordinator   GD-GZ; end-to-end report by HQ"), "\(shown.output)")
        #expect(shown.output.contains("6 working days"), "Diamond, 2 access points")

        // Killed after dispatch (a quiet point), restarted: the order goes on from its state.
        #expect(worker.kill9())
        worker = try Self.worker(bootstrap: cluster.bootstrapServers, stateDir: stateDir)
        defer { worker.kill9() }
        // Killed again in the middle of the play, while the worker applies its steps: a first
        // play stops after a dozen steps (the round that reaches 12 is finished and applied), a
        // second goes on from there and the worker is SIGKILLed as soon as it starts (its first
        // round sent, on its way or not yet: the worker may be applying it). The play waits for each round's effect, so it goes on
        // once the worker is back. (Watching the inbox from outside for the moment to kill raced
        // the play on a loaded machine: three clean-clone CI runs saw the whole play applied
        // before the probe saw a dozen.)
        let probe = try StateProbe.open(stateDir + "/provisioning/state.sqlite")
        func applied() async throws -> Int { try await probe.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runtime_inbox") ?? 0 } }
        let before = try await applied()
        let firstPart = try await BuiltExecutables.run("onepoint", ["order", "play", order, "--pause", "0", "--steps", "12"] + common)
        #expect(firstPart.status == 0, "\(firstPart.output)")
        let stoppedAfter = firstPart.output.firstMatch(of: /stopped after (\d+) steps/).flatMap { Int($0.1) }
        let firstSteps = try #require(stoppedAfter, "\(firstPart.output)")
        #expect((12..<35).contains(firstSteps), "\(firstPart.output)")
        #expect(try await applied() - before >= firstSteps, "every step of the first part applied before it stopped")
        let player = try LoggedProcess("onepoint", ["order", "play", order, "--pause", "0.1"] + common, log: stateDir + "/play.log")
        defer { player.kill9() }
        #expect(worker.kill9(), "SIGKILL ends the worker")
        let appliedBeforeKill = try await applied() - before
        print("OrderCommandTests: worker SIGKILLed with \(appliedBeforeKill) of the play's 35 steps applied")
        #expect((12..<35).contains(appliedBeforeKill), "killed mid-play, not before or after it: \(appliedBeforeKill) steps applied")
        worker = try Self.worker(bootstrap: cluster.bootstrapServers, stateDir: stateDir)
        let finished = await player.exited(within: .seconds(240))
        #expect(finished, "the play finished within 240 s: \(player.output)")
        let play = BuiltExecutables.Run(status: finished ? player.process.terminationStatus : -1, output: player.output)
        #expect(play.status == 0, "\(play.output)")
        #expect(play.output.contains("HQ: files the end-to-end test report"))
        // 5 legs × 6 steps (engineering, its inspection, configuration, local test, local
        // completion, the point's preliminary acceptance), then the end-to-end report and
        // completion, the whole order's preliminary acceptance, trial operation, final acceptance.
        #expect(play.output.contains("HQ: passes the whole order's preliminaryAcceptance"))
        #expect(play.output.contains("completed after \(35 - firstSteps) steps"), "the two parts sent 35 steps: \(play.output)")
        let done = try await BuiltExecutables.run("onepoint", ["order", "show", order] + common)
        #expect(done.output.contains("\(order)  completed"), "\(done.output)")

        let tail = try await BuiltExecutables.run(
            "onepoint", ["tail", "order-events", "work-orders", "--from-beginning", "--idle-exit", "3", "--json", "--bootstrap-servers", cluster.bootstrapServers])
        var ids: [String: Set<String>] = [:]
        for line in tail.output.split(separator: "\n") where line.hasPrefix("{") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let type = object["eventType"] as? String, let id = object["eventId"] as? String
            else { continue }
            ids[type, default: []].insert(id)
        }
        #expect(ids["WorkOrderCreateEvent"]?.count == 5)
        #expect(ids["ServiceOrderAcceptedEvent"]?.count == 1)
        #expect(ids["ServiceOrderCompletedEvent"]?.count == 1)
        #expect(ids["ServiceOrderLegCompletedEvent"]?.count == 5)
        // Every step the play sent (stage reports, acceptance, test reports) is version 2, keyed by
        // the order id: the same records whether or not `tail` filters on that key.
        let inputTopics = ["work-order-progress", "test-reports", "--from-beginning", "--idle-exit", "3", "--json", "--bootstrap-servers", cluster.bootstrapServers]
        let steps = try await BuiltExecutables.run("onepoint", ["tail"] + inputTopics)
        let keyed = try await BuiltExecutables.run("onepoint", ["tail"] + inputTopics + ["--key", order])
        func records(_ run: BuiltExecutables.Run) throws -> [[String: Any]] {
            try run.output.split(separator: "\n").filter { $0.hasPrefix("{") }.compactMap {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }
        let sent = try records(steps)
        #expect(sent.count >= 35, "the play's 35 steps: \(steps.output)")
        #expect(try records(keyed).count == sent.count, "every step keyed by \(order): \(keyed.output)")
        #expect(sent.allSatisfy { ($0["schemaVersion"] as? Int) == 2 }, "\(steps.output)")
        #expect(Set(sent.compactMap { $0["eventType"] as? String }).contains("TestReportCreateEvent"))
        // No step refused: a step applied twice across the kill would be dead-lettered as out of order.
        let letters = try await BuiltExecutables.run(
            "onepoint", ["tail", "dead-letters", "--from-beginning", "--idle-exit", "3", "--json", "--bootstrap-servers", cluster.bootstrapServers])
        #expect(letters.status == 0, "\(letters.output)")
        #expect(!letters.output.split(separator: "\n").contains { $0.hasPrefix("{") }, "\(letters.output)")
    }

    @Test("order play refuses a step count below 1 and a pause that is no number of seconds, naming the flag, before touching a cluster")
    func playFlagsChecked() async throws {
        for (flags, named) in [(["--steps", "0"], "--steps"), (["--pause", "-1"], "--pause"), (["--pause", "nan"], "--pause")] {
            let run = try await BuiltExecutables.run("onepoint", ["order", "play", "SO-X"] + flags + ["--bootstrap-servers", "127.0.0.1:1"])
            #expect(run.status != 0, "\(flags): \(run.output)")
            #expect(run.output.contains(named), "\(flags): \(run.output)")
        }
    }
}
