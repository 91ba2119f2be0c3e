import Foundation
import OnePointContracts
import OnePointKafka
import OnePointState

/// The runtime's own settings (`runtime.*` in `config/onepoint.yaml`), read with the rest of
/// ``WorkerSettings``.
public struct RuntimeSettings: Sendable {
    public var maxBatchSize = 1000
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

    /// The runtime configuration of this worker: its group, input topics (the compacted ones, the
    /// reference data every task needs, as global topics), dead-letter topic, state file and the
    /// `runtime.*` settings.
    public func runtimeConfiguration(_ runtime: RuntimeSettings) -> RuntimeConfiguration {
        var configuration = RuntimeConfiguration(
            name: worker.rawValue, groupID: worker.consumerGroup, inputTopics: worker.inputs.filter { !$0.isCompacted }.map { name(of: $0) },
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
        configuration.globalTopics = worker.inputs.filter(\.isCompacted).map { name(of: $0) }
        return configuration
    }
}
