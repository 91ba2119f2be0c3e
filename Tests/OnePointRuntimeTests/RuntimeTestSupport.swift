import Foundation
import GRDB
import Logging
import OnePointKafka
import OnePointTestSupport
import Synchronization

let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}()

/// What concurrent work did, in the order it did it.
final class Journal: Sendable {
    let events = Mutex<[String]>([])
    func note(_ event: String) { events.withLock { $0.append(event) } }
}

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
extension LoggedProcess {
    /// A real `onepoint-relay` process, its log at `<state>.log`.
    static func relay(
        bootstrap: String, input: String, output: String, deadLetters: String, group: String, state: String,
        prefix: String = "out", crashAfterCommit: Double = 0, crashAfterDelivery: Double = 0, logLevel: String = "info", extra: [String] = []
    ) throws -> LoggedProcess {
        try LoggedProcess(
            "onepoint-relay",
            [
                "--bootstrap-servers", bootstrap, "--input", input, "--output", output, "--dead-letters", deadLetters,
                "--group", group, "--state", state, "--event-prefix", prefix, "--crash-after-commit", String(crashAfterCommit),
                "--crash-after-delivery", String(crashAfterDelivery), "--log-level", logLevel,
            ] + extra,
            log: state + ".log")
    }
}

/// Reads every partition of `topic` from the beginning up to its high watermark as it stands
/// when called: everything published before is read, nothing is left to a race.
func readToEnd(_ cluster: EmbeddedKafkaCluster, topic: String, timeout: Duration = .seconds(60)) async throws -> [KafkaMessage] {
    let consumer = try KafkaConsumer(configuration: .init(bootstrapServers: cluster.bootstrapServers, groupID: nil), logger: quietLogger)
    let count = try await consumer.partitionCount(topic: topic)
    let partitions = (0..<count).map { KafkaTopicPartition(topic: topic, partition: Int32($0)) }
    var ends: [KafkaTopicPartition: Int64] = [:]
    for partition in partitions { ends[partition] = try await consumer.watermarks(partition).high }
    try consumer.assign(Dictionary(uniqueKeysWithValues: partitions.map { ($0, KafkaOffset.beginning) }))
    var messages: [KafkaMessage] = []
    var next: [KafkaTopicPartition: Int64] = [:]
    let deadline = ContinuousClock.now + timeout
    while ends.contains(where: { partition, end in (next[partition] ?? 0) < end }) {
        guard ContinuousClock.now < deadline else {
            await consumer.close()
            throw HarnessTimeout(description: "timed out reading \(topic) to its end (\(ends))")
        }
        for message in try await consumer.poll(maxMessages: 5000, timeout: .milliseconds(100)) {
            next[message.topicPartition] = message.offset + 1
            messages.append(message)
        }
    }
    await consumer.close()
    return messages
}

/// Keeps every log line of a logger, for tests that check what a worker says.
final class CapturedLogs: Sendable {
    struct Line: Sendable {
        var level: Logger.Level
        var message: String
    }

    private let lines = Mutex<[Line]>([])

    var all: [Line] { lines.withLock { $0 } }

    /// A logger whose every line at `level` or above is kept here.
    func logger(label: String, level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: label) { _ in Handler(logs: self) }
        logger.logLevel = level
        return logger
    }

    fileprivate func append(_ line: Line) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let logs: CapturedLogs
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) { logs.append(Line(level: event.level, message: event.message.description)) }
    }
}
