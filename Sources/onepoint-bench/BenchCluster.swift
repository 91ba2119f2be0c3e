import Logging
import OnePointKafka

/// The embedded cluster a benchmark runs on, with a fresh topic per measurement.
final class BenchCluster {
    let cluster: EmbeddedKafkaCluster
    let logger: Logger
    private let partitions: Int
    private let replication: Int
    private var topicNumber = 0

    init(brokers: Int, partitions: Int) throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        self.logger = logger
        self.partitions = partitions
        replication = min(3, brokers)
        cluster = try EmbeddedKafkaCluster(brokers: brokers, logger: logger)
    }

    var bootstrap: String { cluster.bootstrapServers }

    /// Creates `bench-<prefix>-<n>` with the benchmark's partitions.
    func newTopic(_ prefix: String) throws -> String {
        topicNumber += 1
        let name = "bench-\(prefix)-\(topicNumber)"
        try cluster.createTopic(KafkaTopicSpec(name: name, partitions: partitions, replicationFactor: replication))
        return name
    }

    func close() { cluster.close() }
}
