import Foundation
import GRDB
import Logging
import OnePointKafka

let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}()

func uniqueName(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

func temporaryPath(_ name: String) -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent(name).path
}

/// Reads every record of `topic` from the beginning until `done` says so or `timeout` passes.
func readAll(
    _ cluster: EmbeddedKafkaCluster, topic: String, timeout: Duration = .seconds(60),
    until done: ([KafkaMessage]) -> Bool
) async throws -> [KafkaMessage] {
    let consumer = try KafkaConsumer(configuration: .init(bootstrapServers: cluster.bootstrapServers, groupID: nil), logger: quietLogger)
    let partitions = try await consumer.partitionCount(topic: topic)
    try consumer.assign(Dictionary(uniqueKeysWithValues: (0..<partitions).map {
        (KafkaTopicPartition(topic: topic, partition: Int32($0)), KafkaOffset.beginning)
    }))
    var messages: [KafkaMessage] = []
    let deadline = ContinuousClock.now + timeout
    while !done(messages), ContinuousClock.now < deadline {
        messages += try await consumer.poll(maxMessages: 5000, timeout: .milliseconds(200))
    }
    await consumer.close()
    return messages
}

/// The build folder holding the executables.
var buildDirectory: URL {
    URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
}

/// A real `onepoint-relay` process.
final class RelayProcess {
    let process = Process()
    let log: String

    init(bootstrap: String, input: String, output: String, deadLetters: String, group: String, state: String,
         prefix: String = "out", crashAfterCommit: Double = 0, crashAfterDelivery: Double = 0, logLevel: String = "info", extra: [String] = []) throws {
        log = state + ".log"
        process.executableURL = buildDirectory.appendingPathComponent("onepoint-relay")
        process.arguments = [
            "--bootstrap-servers", bootstrap, "--input", input, "--output", output, "--dead-letters", deadLetters,
            "--group", group, "--state", state, "--event-prefix", prefix, "--crash-after-commit", String(crashAfterCommit), "--crash-after-delivery", String(crashAfterDelivery),
            "--log-level", logLevel,
        ] + extra
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    var isRunning: Bool { process.isRunning }

    /// Waits until the relay's log contains `text` (or it exits, or `timeout` passes).
    func waitForLog(_ text: String, timeout: Duration = .seconds(60)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let contents = try? String(contentsOfFile: log, encoding: .utf8), contents.contains(text) { return true }
            if !process.isRunning { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    func kill9() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Sends SIGTERM and waits for the exit status.
    func terminate(timeout: Duration = .seconds(30)) async -> Int32? {
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        guard !process.isRunning else {
            kill9()
            return nil
        }
        return process.terminationStatus
    }
}
