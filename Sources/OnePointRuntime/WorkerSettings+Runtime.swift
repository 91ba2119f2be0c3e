import Foundation
import OnePointContracts
import OnePointKafka
import OnePointState

/// The runtime's own settings (`runtime.*` in `config/onepoint.yaml`), read with the rest of
/// ``WorkerSettings``.
public struct RuntimeSettings: Sendable {
    public var maxBatchSize = 10000
    public var maxBatchWait: Duration = .zero
    public var maxAttempts = 4
    public var retryDelay: Duration = .milliseconds(100)
    public var inboxRetention: Duration = .seconds(7 * 24 * 3600)
    public var sessionTimeout: Duration = .seconds(6)
    public var stateBusyTimeout: Duration = .seconds(10)
    public var deliveryTimeout: Duration = .seconds(60)
    public var inboxMinRecords = 100_000
    /// Bytes; 0 means no limit but the disk's.
    public var stateSizeLimit = 0
    /// Bytes of database pages each store keeps in memory.
    public var stateCacheSize = 64 * 1_048_576
    /// Bytes of input records the consumer fetches ahead of the loop.
    public var consumerPrefetch = 64 * 1_048_576
    /// One store for everything, or a task (and a store) per input partition, shared by the
    /// worker's instances (docs/architecture.md, "Tasks").
    public var tasks: TaskLayout = .single
    /// Whether every change of the state is also written to the worker's changelog topic, so
    /// another instance (or a new machine) can restore it. Always on with per-partition tasks.
    public var changelog = false

    public init() {}

    /// Reads `runtime.*`, each validated with a message naming its origin.
    public static func load(from source: SettingsSource) throws(SettingsError) -> RuntimeSettings {
        var settings = RuntimeSettings()
        settings.maxBatchSize = try source.int("runtime.maxBatchSize", default: settings.maxBatchSize, in: 1...100_000)
        settings.maxBatchWait = try source.duration("runtime.maxBatchWait", default: settings.maxBatchWait)
        settings.maxAttempts = try source.int("runtime.maxAttempts", default: settings.maxAttempts, in: 1...100)
        settings.retryDelay = try source.duration("runtime.retryDelay", default: settings.retryDelay)
        settings.inboxRetention = try source.duration("runtime.inboxRetention", default: settings.inboxRetention)
        settings.sessionTimeout = try source.duration("runtime.sessionTimeout", default: settings.sessionTimeout)
        settings.stateBusyTimeout = try source.duration("runtime.stateBusyTimeout", default: settings.stateBusyTimeout)
        settings.deliveryTimeout = try source.duration("runtime.deliveryTimeout", default: settings.deliveryTimeout)
        settings.inboxMinRecords = try source.int("runtime.inboxMinRecords", default: settings.inboxMinRecords, in: 0...Int.max)
        settings.stateSizeLimit = try source.int("runtime.stateSizeLimit", default: settings.stateSizeLimit, in: 0...Int.max)
        settings.stateCacheSize = try source.int("runtime.stateCacheSize", default: settings.stateCacheSize, in: 1_048_576...Int.max)
        // librdkafka takes kilobytes, at most 2 097 151 of them.
        settings.consumerPrefetch = try source.int("runtime.consumerPrefetch", default: settings.consumerPrefetch, in: 1_048_576...2_097_151 * 1024)
        settings.tasks = try source.choice("runtime.tasks", default: settings.tasks)
        settings.changelog = try source.bool("runtime.changelog", default: settings.changelog) || settings.tasks == .perPartition
        if settings.sessionTimeout < .seconds(6) {
            let origin = source.value("runtime.sessionTimeout")?.origin ?? ""
            throw SettingsError(.invalid, origin: origin, key: "runtime.sessionTimeout", problem: "must be at least 6s (brokers refuse shorter group sessions)")
        }
        return settings
    }
}

extension WorkerSettings {
    /// The worker's clock, as `clock.*` says.
    public func makeClock() -> any WorkerClock {
        switch clockMode {
        case .system: SystemWorkerClock()
        case .accelerated: AcceleratedWorkerClock(start: clockStart ?? Date(), factor: clockFactor, origin: clockOrigin)
        }
    }

    /// The runtime configuration of this worker: its group, input topics (``WorkerKind/globalInputs``,
    /// the data every task needs whole, as global topics), dead-letter topic, state file and the
    /// `runtime.*` settings.
    public func runtimeConfiguration(_ runtime: RuntimeSettings) -> RuntimeConfiguration {
        var configuration = RuntimeConfiguration(
            name: worker.rawValue, groupID: worker.consumerGroup, inputTopics: worker.inputs.filter { !worker.globalInputs.contains($0) }.map { name(of: $0) },
            deadLetterTopic: name(of: .deadLetters), kafka: kafka,
            statePath: (workerStateDirectory as NSString).appendingPathComponent("state.sqlite"))
        configuration.synchronous = synchronous == .full ? .full : .normal
        configuration.maxBatchSize = runtime.maxBatchSize
        configuration.maxBatchWait = runtime.maxBatchWait
        configuration.maxAttempts = runtime.maxAttempts
        configuration.retryDelay = runtime.retryDelay
        configuration.inboxRetention = runtime.inboxRetention
        configuration.sessionTimeout = runtime.sessionTimeout
        configuration.stateBusyTimeout = runtime.stateBusyTimeout
        configuration.deliveryTimeout = runtime.deliveryTimeout
        configuration.inboxMinRecords = Int64(runtime.inboxMinRecords)
        configuration.stateSizeLimit = runtime.stateSizeLimit > 0 ? runtime.stateSizeLimit : nil
        configuration.stateCacheSize = runtime.stateCacheSize
        configuration.consumerPrefetch = runtime.consumerPrefetch
        configuration.globalTopics = worker.globalInputs.map { name(of: $0) }
        configuration.tasks = runtime.tasks
        let internalTopics = worker.internalTopics(beside: name(of: .deadLetters))
        if runtime.tasks == .perPartition {
            configuration.statePath = (workerStateDirectory as NSString).appendingPathComponent("tasks")
            if let repartition = internalTopics.repartition {
                configuration.inputTopics.append(repartition)
                configuration.repartitionTopic = repartition
            }
        }
        if runtime.changelog { configuration.changelogTopic = internalTopics.changelog }
        return configuration
    }
}
