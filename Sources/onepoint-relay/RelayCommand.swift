import ArgumentParser
import Foundation
import Logging
import OnePointKafka
import OnePointRuntime
import OnePointState
import Prometheus
import ServiceLifecycle

/// `onepoint-relay`: the runtime's test and benchmark worker (see RelayLogic). Not part of the
/// product; it exercises exactly the loop the product's workers run.
@main
struct RelayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onepoint-relay",
        abstract: "A numbered-input relay on the OnePoint worker runtime (crash tests and benchmarks).")

    @Option(name: .long) var bootstrapServers: String
    @Option(name: .long) var input: String
    @Option(name: .long) var output: String
    @Option(name: .long) var deadLetters: String = "onepoint.dead-letters"
    @Option(name: .long) var group: String = "onepoint-relay"
    @Option(name: .long, help: "The SQLite state file (with --tasks per-partition: the folder of the tasks' files).") var state: String
    @Option(name: .long, help: "single (one store) or per-partition (a task and a store per input partition).") var tasks: String = "single"
    @Option(name: .long, help: "The changelog topic of the tasks' stores (none by default).") var changelog: String?
    @Option(name: .long, help: "A global topic: every task keeps each of its records (key → number) in relay_reference.") var global: String?
    @Option(name: .long, help: "A repartition topic: each input meets its route r<n % --route-modulo> in one task (relay_routes).") var repartition: String?
    @Option(name: .long, help: "With --repartition: the number of routes.") var routeModulo: Int = 7
    @Option(name: .long, help: "full or normal.") var synchronous: String = "full"
    @Option(name: .long, help: "Prefix of output event ids.") var eventPrefix: String = "out"
    @Option(name: .long, help: "Most inputs per transaction.") var maxBatch: Int = 1000
    @Option(name: .long, help: "Milliseconds to keep collecting a batch.") var batchWaitMs: Int = 0
    @Option(name: .long, help: "Test hook: probability of SIGKILL between commit and delivery.") var crashAfterCommit: Double = 0
    @Option(name: .long, help: "Test hook: probability of SIGKILL between delivery and clearing the outbox.") var crashAfterDelivery: Double = 0
    @Option(name: .long, help: "Port of /health, /ready, /metrics (0: a free one; -1: none).") var httpPort: Int = -1
    @Option(name: .long) var logLevel: String = "notice"
    @Option(name: .long, help: "How long an output may try to reach the cluster, in milliseconds.") var deliveryTimeoutMs: Int = 60_000
    @Option(name: .long, help: "Most bytes the state database may hold (0: no limit).") var stateSizeLimit: Int = 0
    @Option(name: .long, help: "Test hook: a fatal producer error once this many outputs were handed over (0: never).") var producerFatalAfter: Int = 0
    @Option(name: .long, help: "Consumer session timeout in milliseconds (at least 6000).") var sessionTimeoutMs: Int = 6000

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .notice
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "onepoint-relay")
        guard let sync = StateStore.Synchronous(rawValue: synchronous.uppercased()) else {
            throw ValidationError("--synchronous must be full or normal, not '\(synchronous)'")
        }
        guard let layout = TaskLayout(rawValue: tasks) else {
            throw ValidationError("--tasks must be single or per-partition, not '\(tasks)'")
        }
        var configuration = RuntimeConfiguration(
            name: "relay", groupID: group, inputTopics: [input], deadLetterTopic: deadLetters,
            kafka: KafkaClientConfiguration(bootstrapServers: bootstrapServers), statePath: state)
        configuration.synchronous = sync
        configuration.tasks = layout
        configuration.changelogTopic = changelog
        configuration.globalTopics = global.map { [$0] } ?? []
        if let repartition {
            configuration.inputTopics.append(repartition)
            configuration.repartitionTopic = repartition
        }
        configuration.maxBatchSize = maxBatch
        configuration.maxBatchWait = .milliseconds(batchWaitMs)
        configuration.crashAfterCommitProbability = crashAfterCommit
        configuration.crashAfterDeliveryProbability = crashAfterDelivery
        configuration.sessionTimeout = .milliseconds(sessionTimeoutMs)
        configuration.deliveryTimeout = .milliseconds(deliveryTimeoutMs)
        configuration.stateSizeLimit = stateSizeLimit > 0 ? stateSizeLimit : nil
        configuration.producerFatalErrorAfterOutputs = producerFatalAfter
        try configuration.validate()
        let readiness = Readiness()
        let runtime = WorkerRuntime(
            configuration: configuration, logic: RelayLogic(outputTopic: output, eventPrefix: eventPrefix, globalTopic: global, routeModulo: repartition == nil ? 0 : max(1, routeModulo)),
            clock: SystemWorkerClock(), readiness: readiness, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: runtime, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup)
        ]
        if httpPort >= 0 {
            let server = ObservabilityServer(
                host: "127.0.0.1", port: httpPort, worker: "relay", readiness: readiness, registry: PrometheusCollectorRegistry(), logger: logger,
                boundPort: { port in FileHandle.standardError.write(Data("relay http port \(port)\n".utf8)) })
            services.append(.init(service: server))
        }
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
