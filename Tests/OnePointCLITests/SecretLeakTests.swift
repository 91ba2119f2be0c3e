import Foundation
import OnePointContracts
import OnePointKafka
import OnePointTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Issue 17, item 3: a Kafka secret given to a worker and to the CLI through the settings (here a
/// password file, `ONEPOINT_KAFKA_SECURITY_SASL_PASSWORD_FILE`) never appears in a log line, in
/// `/metrics`, `/ready` or `/health`, in a dead letter's headers or value, or in the CLI's output.
///
/// What this covers, honestly: librdkafka 2.0.2's mock cluster speaks neither SASL nor TLS (its
/// request handlers have no SaslHandshake/SaslAuthenticate; `docs/security-transport.md`), so
/// 1. a full run (ready, an input dead-lettered, the CLI tailing it) uses `plaintext` with the
///    SASL user, mechanism and password still set: the secret goes through the settings loader,
///    the client configuration and librdkafka's configuration, and the worker warns that SASL is
///    not used — but no broker ever asks for it;
/// 2. a run with `sasl_plaintext` + SCRAM-SHA-512 makes librdkafka try to authenticate against
///    the mock, which cannot answer: the failing authentication path, its error lines and the
///    unready worker's pages are grepped too, and the CLI's failure shows it used the same settings.
/// Logs are taken at `trace`. A real SASL_SSL run is the manual check of the compose stack.
@Suite("A Kafka secret never shows in logs, metrics or dead letters", .serialized)
struct SecretLeakTests {
    let secret = "Zq7-onepoint-secret-\(UUID().uuidString.prefix(8))"

    /// A folder with the password file (0600) and a fresh state folder.
    func secretFolder() throws -> (folder: String, passwordFile: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-secret-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let file = folder + "/sasl-password"
        try Data((secret + "\n").utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        return (folder, file)
    }

    func get(_ url: String) async -> String {
        guard let url = URL(string: url) else { return "" }
        var request = URLRequest(url: url)
        request.timeoutInterval = 5
        guard let (data, _) = try? await URLSession.shared.data(for: request) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Runs the CLI with `environment`, its output (both streams) and status.
    func cli(_ arguments: [String], environment: [String: String], folder: String) async throws -> (status: Int32, output: String) {
        let process = try LoggedProcess("onepoint", arguments, log: folder + "/cli-\(UUID().uuidString.prefix(6)).log", environment: environment)
        if await !process.exited(within: .seconds(90)) {
            Issue.record("onepoint \(arguments.joined(separator: " ")) did not finish in 90 s")
            process.kill9()
        }
        return (process.process.terminationStatus, process.output)
    }

    func base(of worker: LoggedProcess) async throws -> String {
        let pattern = "health and metrics on http://127.0.0.1:"
        try #require(await worker.waitForLog(pattern, timeout: .seconds(90)), "\(worker.output)")
        let port = try #require(worker.output.components(separatedBy: pattern).last?.prefix { $0.isNumber })
        return "http://127.0.0.1:\(port)"
    }

    @Test("plaintext run with the SASL secret set from a file: logs, /metrics, dead-letter headers and the CLI's output are clean")
    func fullRunWithSecretSet() async throws {
        let (folder, passwordFile) = try secretFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cluster = try EmbeddedKafkaCluster(
            brokers: 1, topics: Topic.allCases.map { KafkaTopicSpec(name: $0.defaultName, partitions: 1) }, logger: harnessLogger)
        defer { cluster.close() }
        let environment = [
            "ONEPOINT_KAFKA_SECURITY_SASL_MECHANISM": "SCRAM-SHA-512",
            "ONEPOINT_KAFKA_SECURITY_SASL_USERNAME": "onepoint-fault",
            "ONEPOINT_KAFKA_SECURITY_SASL_PASSWORD_FILE": passwordFile,
            "ONEPOINT_KAFKA_STATISTICS_INTERVAL": "1s",
        ]
        let worker = try LoggedProcess(
            "onepoint-fault",
            ["--bootstrap-servers", cluster.bootstrapServers, "--state-dir", folder + "/state", "--http-port", "0", "--log-level", "trace"],
            log: folder + "/fault.log", environment: environment)
        defer { worker.kill9() }
        let base = try await base(of: worker)
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline, await !get(base + "/ready").hasPrefix("ready") {
            try await Task.sleep(for: .milliseconds(200))
        }

        // An input the worker cannot read: it becomes a dead letter.
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: harnessLogger)
        try await producer.send(KafkaProducerRecord(
            topic: Topic.alarms.defaultName, key: "NE-LEAK", value: Array("{not json".utf8),
            headers: [KafkaHeader(key: "eventId", string: "leak-1")]))
        await producer.close()
        let reader = try KafkaConsumer(configuration: .init(bootstrapServers: cluster.bootstrapServers, groupID: nil), logger: harnessLogger)
        try reader.assign([KafkaTopicPartition(topic: Topic.deadLetters.defaultName, partition: 0): .beginning])
        var deadLetters: [KafkaMessage] = []
        let until = ContinuousClock.now + .seconds(60)
        while deadLetters.isEmpty, ContinuousClock.now < until {
            deadLetters += try await reader.poll(timeout: .milliseconds(200))
        }
        await reader.close()
        try #require(!deadLetters.isEmpty, "the malformed input was dead-lettered:\n\(worker.output)")

        try await Task.sleep(for: .seconds(2))  // a statistics interval or two become metrics
        let metrics = await get(base + "/metrics")
        let pages = [metrics, await get(base + "/ready"), await get(base + "/health")]
        #expect(metrics.contains("onepoint_dead_letters_total"), "\(metrics.prefix(2000))")

        // The CLI with the same settings: tail the dead letter, and the topics.
        let tail = try await cli(
            ["tail", "dead-letters", "--from-beginning", "--max-events", "1", "--idle-exit", "10", "--bootstrap-servers", cluster.bootstrapServers],
            environment: environment, folder: folder)
        #expect(tail.status == 0, "\(tail.output)")
        #expect(tail.output.contains("NE-LEAK"), "the CLI read the dead letter:\n\(tail.output)")
        #expect(await worker.stop(SIGTERM) == 0, "\(worker.output)")

        let log = worker.output
        #expect(log.contains("SCRAM-SHA-512 as onepoint-fault (password set)"), "the start line shows the security settings, redacted:\n\(log.prefix(3000))")
        #expect(log.contains("not used"), "the worker warns that SASL settings are unused with plaintext")
        #expect(tail.output.contains("warning: configuration:"), "the CLI read the same settings and warns too:\n\(tail.output)")
        let lines = log.split(separator: "\n")
        #expect(lines.count > 20, "a trace log of the run has lines to grep: \(lines.count)")
        for line in lines { #expect(!line.contains(secret), "a log line holds the secret: \(line)") }
        for page in pages { #expect(!page.contains(secret), "a page holds the secret") }
        for line in tail.output.split(separator: "\n") { #expect(!line.contains(secret), "a CLI line holds the secret: \(line)") }
        for message in deadLetters {
            for header in message.headers {
                #expect(!(header.stringValue ?? "").contains(secret), "dead-letter header \(header.key) holds the secret")
                #expect(!header.key.contains(secret))
            }
            #expect(!String(decoding: message.value ?? [], as: UTF8.self).contains(secret))
        }
    }

    @Test("sasl_plaintext + SCRAM-SHA-512 against the mock: the failing authentication's lines and pages are clean, and the CLI tries SASL too")
    func failingAuthentication() async throws {
        let (folder, passwordFile) = try secretFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cluster = try EmbeddedKafkaCluster(
            brokers: 1, topics: Topic.allCases.map { KafkaTopicSpec(name: $0.defaultName, partitions: 1) }, logger: harnessLogger)
        defer { cluster.close() }
        let environment = [
            "ONEPOINT_KAFKA_SECURITY_PROTOCOL": "sasl_plaintext",
            "ONEPOINT_KAFKA_SECURITY_SASL_MECHANISM": "SCRAM-SHA-512",
            "ONEPOINT_KAFKA_SECURITY_SASL_USERNAME": "onepoint-fault",
            "ONEPOINT_KAFKA_SECURITY_SASL_PASSWORD_FILE": passwordFile,
            "ONEPOINT_KAFKA_UNREACHABLE_AFTER": "2s",
        ]
        let worker = try LoggedProcess(
            "onepoint-fault",
            ["--bootstrap-servers", cluster.bootstrapServers, "--state-dir", folder + "/state", "--http-port", "0", "--log-level", "trace"],
            log: folder + "/fault.log", environment: environment)
        defer { worker.kill9() }
        let base = try await base(of: worker)
        // The mock cannot authenticate it: it stays unready, and says why.
        #expect(await worker.waitForLog(timeout: .seconds(60)) { $0.contains("unreachable") }, "\(worker.output)")
        let ready = await get(base + "/ready")
        #expect(!ready.hasPrefix("ready"), "\(ready)")
        let pages = [ready, await get(base + "/metrics"), await get(base + "/health")]

        let tail = try await cli(
            ["tail", "alarms", "--from-beginning", "--idle-exit", "3", "--bootstrap-servers", cluster.bootstrapServers],
            environment: environment, folder: folder)
        #expect(await worker.stop(SIGTERM) != nil)

        let log = worker.output
        #expect(log.contains("sasl_plaintext, SCRAM-SHA-512 as onepoint-fault (password set)"), "\(log.prefix(3000))")
        #expect(log.contains("Failed to initialize SASL authentication: SASL Handshake not supported by broker"), "librdkafka tried SASL and says why it failed:\n\(log.suffix(3000))")
        for line in log.split(separator: "\n") { #expect(!line.contains(secret), "a log line holds the secret: \(line)") }
        for page in pages { #expect(!page.contains(secret), "a page holds the secret") }
        #expect(tail.status != 0, "\(tail.output)")
        #expect(tail.output.contains("SASL Handshake not supported by broker"), "the CLI used the same sasl_plaintext settings:\n\(tail.output)")
        for line in tail.output.split(separator: "\n") { #expect(!line.contains(secret), "a CLI line holds the secret: \(line)") }
    }
}
