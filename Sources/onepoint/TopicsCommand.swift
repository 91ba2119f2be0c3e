import ArgumentParser
import Foundation
import Logging
import OnePointConfig
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
            let unitTopics = try TopicsCommand.unitTopics(config: config, names: names)
            guard !unitTopics.isEmpty else { return }
            let units = Set(unitTopics.all.compactMap { unitTopics.owner(of: $0.name)?.unit }).count
            print("")
            print("every unit's own command topics (security.yaml commands.unitTopics: true): \(unitTopics.all.count), \(units) units × \(Topic.unitCommandTopics.count) kinds")
            for (kind, name) in unitTopics.all {
                print(name.padding(toLength: 40, withPad: " ", startingAt: 0)
                    + String(kind.defaultPartitions).padding(toLength: 12, withPad: " ", startingAt: 0)
                    + "no".padding(toLength: 11, withPad: " ", startingAt: 0)
                    + (unitTopics.owner(of: name).map { "\($0.unit) only" } ?? ""))
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
            let specs = try TopicsCommand.specs(config: config, names: names) { topic, name in
                KafkaTopicSpec(
                    name: name, partitions: topic.defaultPartitions * partitionScale,
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

    /// Every topic to create, made by `spec` from its kind and Kafka name: each of ``Topic``,
    /// then, with `commands.unitTopics` on, every unit's own command topics (with their kind's
    /// partitions and configs). Used by `onepoint topics create` and `onepoint dev`.
    static func specs(config: String, names: [Topic: String], _ spec: (Topic, String) -> KafkaTopicSpec) throws -> [KafkaTopicSpec] {
        let shared = Topic.allCases.map { spec($0, names[$0] ?? $0.defaultName) } + (try unitTopics(config: config, names: names)).all.map { spec($0.kind, $0.name) }
        return shared + internalSpecs(names: names, shared: shared)
    }

    /// Each worker's internal topics (docs/architecture.md, "Tasks"): its changelog (compacted)
    /// and its repartition topic, with as many partitions as its widest input (a task per input
    /// partition) and the replication of the shared topics.
    static func internalSpecs(names: [Topic: String], shared: [KafkaTopicSpec]) -> [KafkaTopicSpec] {
        let byName = Dictionary(shared.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let deadLetters = names[.deadLetters] ?? Topic.deadLetters.defaultName
        var specs: [KafkaTopicSpec] = []
        for worker in WorkerKind.allCases {
            let inputs = worker.inputs.compactMap { byName[names[$0] ?? $0.defaultName] }
            let partitions = inputs.map(\.partitions).max() ?? 1
            let replication = byName[deadLetters]?.replicationFactor ?? 1
            let topics = worker.internalTopics(beside: deadLetters)
            specs.append(KafkaTopicSpec(name: topics.changelog, partitions: partitions, replicationFactor: replication, configs: ["cleanup.policy": "compact"]))
            if let repartition = topics.repartition {
                specs.append(KafkaTopicSpec(name: repartition, partitions: partitions, replicationFactor: replication))
            }
        }
        return specs
    }

    /// Every unit's own command topics when `commands.unitTopics` is on in the `security.yaml`
    /// next to `config` (the topology's units, named by `names`), else none.
    static func unitTopics(config: String, names: [Topic: String]) throws -> UnitTopics {
        let folder = (config as NSString).deletingLastPathComponent
        let directory = folder.isEmpty ? "." : folder
        do {
            guard try SecurityConfiguration.load(directory: directory).unitTopics else { return .none }
            let domain = try DomainConfiguration.load(directory: directory)
            return UnitTopics(topology: domain.topology, names: TopicNames(names))
        } catch {
            throw ValidationError("invalid configuration: \(error)")
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
