import Foundation
import OnePointTestSupport
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
