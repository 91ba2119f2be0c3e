import Foundation
import Logging
import OnePointContracts
import OnePointKafka
import OnePointTestSupport
import Testing

@Suite("onepoint order submit|show|play against the real provisioning worker")
struct OrderCommandTests {
    /// A real `onepoint-provisioning` process, its log in the state folder.
    static func worker(bootstrap: String, stateDir: String) throws -> LoggedProcess {
        try LoggedProcess(
            "onepoint-provisioning", ["--bootstrap-servers", bootstrap, "--state-dir", stateDir, "--http-port", "0", "--log-level", "warning"],
            log: stateDir + "/provisioning-\(UUID().uuidString.prefix(6)).log")
    }

    @Test("the sample cross-province order, with the worker killed mid-order: it completes once, every leg dispatched once")
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

        // Killed after dispatch, restarted: the order goes on from its state.
        worker.kill9()
        worker = try Self.worker(bootstrap: cluster.bootstrapServers, stateDir: stateDir)
        defer { worker.kill9() }
        let play = try await BuiltExecutables.run("onepoint", ["order", "play", order, "--pause", "0"] + common, timeout: .seconds(180))
        #expect(play.status == 0, "\(play.output)")
        #expect(play.output.contains("HQ: files the end-to-end test report"))
        // 5 legs × 6 steps (engineering, its inspection, configuration, local test, local
        // completion, the point's preliminary acceptance), then the end-to-end report and
        // completion, the whole order's preliminary acceptance, trial operation, final acceptance.
        #expect(play.output.contains("HQ: passes the whole order's preliminaryAcceptance"))
        #expect(play.output.contains("completed after 35 steps"), "\(play.output)")
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
    }
}
