import ArgumentParser
import Foundation
import Logging
import OnePointContracts
import OnePointKafka
import OnePointRuntime

/// `onepoint topics`: the topic catalogue, and creating it on a real cluster.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "List OnePoint's topics, or create them on a Kafka cluster.",
        subcommands: [List.self, Create.self],
        defaultSubcommand: List.self)

    /// `onepoint topics list`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every topic with its partitions, compaction and writers.")

        @Option(name: .long, help: "The settings file (topic names).")
        var config: String = "config/onepoint.yaml"

        func run() async throws {
            let names = try await TopicsCommand.topicNames(config: config)
            print("topic".padding(toLength: 32, withPad: " ", startingAt: 0) + "partitions  compacted  written by")
            for topic in Topic.allCases {
                let writers = WorkerKind.allCases.filter { $0.outputs.contains(topic) || topic == .deadLetters }.map(\.rawValue)
                let name = names[topic] ?? topic.defaultName
                print(name.padding(toLength: 32, withPad: " ", startingAt: 0)
                    + String(topic.defaultPartitions).padding(toLength: 12, withPad: " ", startingAt: 0)
                    + (topic.isCompacted ? "yes" : "no").padding(toLength: 11, withPad: " ", startingAt: 0)
                    + (writers.isEmpty ? "outside systems, onepoint CLI" : writers.joined(separator: ", ")))
            }
        }
    }

    /// `onepoint topics create`
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create every OnePoint topic that does not exist yet on a Kafka cluster (admin API).",
            discussion: "The embedded cluster of `onepoint dev` creates its topics itself; use this on real Kafka.")

        @Option(name: .long, help: "Kafka bootstrap servers, host:port[,host:port]; default: kafka.bootstrapServers of the settings (ONEPOINT_KAFKA_BOOTSTRAP_SERVERS). TLS and SASL come from the settings too (docs/security-transport.md).")
        var bootstrapServers: String?

        @Option(name: .long, help: "Replication factor of every topic.")
        var replicationFactor: Int = 3

        @Option(name: .long, help: "Multiply every topic's default partition count by this.")
        var partitionScale: Int = 1

        @Option(name: .long, help: "The settings file (topic names).")
        var config: String = "config/onepoint.yaml"

        @Option(name: .long, help: "Seconds to keep retrying while the cluster is not reachable yet.")
        var waitSeconds: Int = 60

        func validate() throws {
            guard replicationFactor >= 1 else { throw ValidationError("--replication-factor must be at least 1") }
            guard partitionScale >= 1 else { throw ValidationError("--partition-scale must be at least 1") }
        }

        func run() async throws {
            var logger = Logger(label: "onepoint.topics")
            logger.logLevel = .error
            let names = try await TopicsCommand.topicNames(config: config)
            let specs = Topic.allCases.map { topic in
                KafkaTopicSpec(
                    name: names[topic] ?? topic.defaultName, partitions: topic.defaultPartitions * partitionScale,
                    replicationFactor: replicationFactor,
                    configs: topic.configs.merging(["min.insync.replicas": String(min(2, replicationFactor))], uniquingKeysWith: { $1 }))
            }
            let kafka = try await ClusterOptions.kafkaConfiguration(bootstrapServers: bootstrapServers, config: config, stateDir: nil)
            let admin = try KafkaAdmin(configuration: kafka, logger: logger)
            let deadline = ContinuousClock.now + .seconds(waitSeconds)
            while true {
                let result: Result<[String], KafkaError>
                do {
                    result = .success(try await admin.createTopics(specs, timeout: .seconds(30)))
                } catch {
                    result = .failure(error)
                }
                switch result {
                case .success(let created):
                    print("created \(created.count) topics, \(specs.count - created.count) existed already")
                    for name in created.sorted() { print("  + \(name)") }
                    return
                case .failure(let error):
                    guard error.isRetriable, ContinuousClock.now < deadline else { throw error }
                    print("cluster not ready (\(error.message)); retrying")
                    try await Task.sleep(for: .seconds(2))
                }
            }
        }
    }

    static func topicNames(config: String) async throws -> [Topic: String] {
        do {
            return try WorkerSettings.topicNames(from: try await SettingsSource(file: config))
        } catch {
            throw ValidationError("invalid configuration: \(error)")
        }
    }
}
