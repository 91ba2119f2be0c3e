import Foundation
import OnePointContracts
import OnePointKafka
import OnePointTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Issue 18: a worker whose cluster has been unreachable for `kafka.unreachableAfter` says so in
/// `/ready` and its log, and becomes ready again when the cluster answers. A real worker process
/// against the embedded cluster, whose brokers are taken down and brought back.
@Suite("A worker whose cluster is unreachable says so", .serialized)
struct ClusterReachabilityTests {
    /// `/ready`'s status and body; nil when the worker does not answer.
    func ready(_ base: String) async -> (status: Int, body: String)? {
        guard let url = URL(string: "\(base)/ready") else { return nil }
        var request = URLRequest(url: url)
        request.timeoutInterval = 5
        guard let (data, response) = try? await URLSession.shared.data(for: request) else { return nil }
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Polls `/ready` until `condition` holds; the last answer either way.
    func waitForReady(_ base: String, timeout: Duration, _ condition: (Int, String) -> Bool) async -> (status: Int, body: String)? {
        let deadline = ContinuousClock.now + timeout
        var last: (status: Int, body: String)?
        while ContinuousClock.now < deadline {
            last = await ready(base)
            if let last, condition(last.status, last.body) { return last }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return last
    }

    @Test("unready with the reason after kafka.unreachableAfter, one log line per interval, ready again when the cluster is back")
    func unreachableCluster() async throws {
        let topics = Topic.allCases.map { KafkaTopicSpec(name: $0.defaultName, partitions: 1, replicationFactor: 1) }
        let cluster = try EmbeddedKafkaCluster(brokers: 1, topics: topics, logger: quietLogger)
        defer { cluster.close() }
        let state = temporaryPath("reachability")
        let worker = try LoggedProcess(
            "onepoint-cutover",
            ["--bootstrap-servers", cluster.bootstrapServers, "--state-dir", state, "--http-port", "0"],
            log: state + ".log", environment: ["ONEPOINT_KAFKA_UNREACHABLE_AFTER": "2s"])
        defer { worker.kill9() }

        // The worker says where it serves /ready (port 0: a free one).
        let pattern = "health and metrics on http://127.0.0.1:"
        try #require(await worker.waitForLog(pattern, timeout: .seconds(90)), "\(worker.output)")
        let port = try #require(worker.output.components(separatedBy: pattern).last?.prefix { $0.isNumber })
        let base = "http://127.0.0.1:\(port)"
        let up = await waitForReady(base, timeout: .seconds(90)) { status, _ in status == 200 }
        try #require(up?.status == 200, "the worker got ready: \(String(describing: up))\n\(worker.output)")

        for broker in cluster.brokerIDs { try cluster.setBrokerDown(broker) }
        let down = await waitForReady(base, timeout: .seconds(60)) { status, body in status == 503 && body.contains("unreachable") }
        #expect(down?.status == 503, "\(String(describing: down))\n\(worker.output)")
        #expect(down?.body.contains("Kafka cluster \(cluster.bootstrapServers) unreachable for") == true, "\(String(describing: down))")
        let marker = "not ready until it answers"
        func logged() -> Int { worker.output.components(separatedBy: marker).count - 1 }
        try #require(await worker.waitForLog(marker, timeout: .seconds(10)), "the log says so:\n\(worker.output)")
        // While it stays down: one line per 2 s interval, not one per probe (every 400 ms).
        let (firstAt, first) = (ContinuousClock.now, logged())
        #expect(await worker.waitForLog(timeout: .seconds(30)) { _ in logged() >= first + 2 }, "more lines while down:\n\(worker.output)")
        let (lastAt, last) = (ContinuousClock.now, logged())
        let intervals = Int(((lastAt - firstAt) / .seconds(2)).rounded(.up))
        #expect(last - first <= intervals + 1, "\(last - first) lines in \(lastAt - firstAt):\n\(worker.output)")

        for broker in cluster.brokerIDs { try cluster.setBrokerUp(broker) }
        let back = await waitForReady(base, timeout: .seconds(60)) { status, _ in status == 200 }
        #expect(back?.status == 200, "ready again once the cluster answers: \(String(describing: back))\n\(worker.output)")
        #expect(worker.output.contains("reachable again after"), "\(worker.output)")
        #expect(await worker.stop(SIGTERM) == 0, "\(worker.output)")
    }
}
