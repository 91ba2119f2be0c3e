import Foundation
import Logging
import OnePointContracts
import OnePointKafka

/// Everything a worker process needs to start, read from `config/onepoint.yaml`, the environment
/// and flags (see ``SettingsSource``). `docs/configuration.md` lists every key.
public struct WorkerSettings: Sendable {
    /// How the worker tells time.
    public enum ClockMode: String, Sendable, CaseIterable {
        /// The machine's clock.
        case system
        /// Starts at `clock.start` and runs `clock.factor` times faster (demos: 3600 = an hour a second).
        case accelerated
    }

    /// SQLite `synchronous`: FULL survives power loss; NORMAL in WAL mode survives a process crash.
    public enum Synchronous: String, Sendable, CaseIterable {
        case full
        case normal
    }

    public var worker: WorkerKind
    /// Kafka connection settings (bootstrap servers, client id, security).
    public var kafka: KafkaClientConfiguration
    /// How long the cluster may not answer before the worker turns unready and says so
    /// (`kafka.unreachableAfter`, ``ClusterReachabilityMonitor``).
    public var unreachableAfter: Duration
    /// The folder that holds the worker's SQLite state (`<state.directory>/<worker>/`).
    public var stateDirectory: String
    public var synchronous: Synchronous
    /// The address of `/health`, `/ready` and `/metrics`; port 0 picks a free port.
    public var httpHost: String
    public var httpPort: Int
    public var clockMode: ClockMode
    public var clockStart: Date?
    public var clockFactor: Double
    /// The real instant at which an accelerated clock shows ``clockStart``; `nil`: when the
    /// worker starts. `onepoint dev` gives every worker the same one, so they share one clock.
    public var clockOrigin: Date?
    /// Kafka topic names by logical topic.
    public var topicNames: [Topic: String]
    public var logLevel: Logger.Level
    /// Log lines as JSON objects (one per line) instead of text.
    public var logJSON: Bool
    /// The runtime's batching, retry and dedup settings (`runtime.*`).
    public var runtime: RuntimeSettings
    /// Settings accepted but worth the operator's attention (``KafkaSettings/warnings``); the
    /// worker logs each at start. None names a secret.
    public var warnings: [String] = []

    /// The Kafka name of `topic`.
    public func name(of topic: Topic) -> String { topicNames[topic] ?? topic.defaultName }

    /// The worker's own state folder.
    public var workerStateDirectory: String { (stateDirectory as NSString).appendingPathComponent(worker.rawValue) }
}

extension WorkerSettings {
    /// Reads and validates the settings of `worker`.
    ///
    /// - Throws: ``SettingsError`` naming the origin (file, environment variable or flag), the key
    ///   and what is wrong. A worker must not start with an invalid setting.
    public static func load(worker: WorkerKind, from source: SettingsSource) throws(SettingsError) -> WorkerSettings {
        let kafkaSettings = try KafkaSettings.load(from: source, defaultClientID: "onepoint-\(worker.rawValue)")
        var kafka = kafkaSettings.client
        kafka.statisticsInterval = try source.duration("kafka.statisticsInterval", default: .seconds(5))

        let unreachableAfter = try source.duration("kafka.unreachableAfter", default: .seconds(30))
        guard unreachableAfter >= .seconds(1) else {
            throw SettingsError(.invalid, origin: source.value("kafka.unreachableAfter")?.origin ?? "", key: "kafka.unreachableAfter", problem: "must be at least 1s, got \(unreachableAfter)")
        }

        let topicNames = try topicNames(from: source)

        let clockMode = try source.choice("clock.mode", default: ClockMode.system)
        let clockStart = try source.date("clock.start")
        if clockMode == .accelerated, clockStart == nil {
            throw SettingsError(.missing, origin: "", key: "clock.start", problem: "an accelerated clock needs a start instant, e.g. 2026-11-20T08:30:00+08:00")
        }
        let levelText = source.string("log.level", default: "info")
        guard let logLevel = Logger.Level(rawValue: levelText.lowercased()) else {
            throw SettingsError(.invalid, origin: source.value("log.level")?.origin ?? "", key: "log.level", problem: "expected one of trace, debug, info, notice, warning, error, critical, got '\(levelText)'")
        }
        return WorkerSettings(
            worker: worker,
            kafka: kafka,
            unreachableAfter: unreachableAfter,
            stateDirectory: source.string("state.directory", default: "var"),
            synchronous: try source.choice("state.synchronous", default: Synchronous.full),
            httpHost: source.string("http.host", default: "127.0.0.1"),
            httpPort: try source.int(
                source.value("http.port") != nil ? "http.port" : "http.ports.\(worker.rawValue)",
                default: worker.defaultHTTPPort, in: 0...65_535),
            clockMode: clockMode,
            clockStart: clockStart,
            clockFactor: try source.double("clock.factor", default: 1, in: 0.001...1_000_000),
            clockOrigin: try source.date("clock.origin"),
            topicNames: topicNames,
            logLevel: logLevel,
            logJSON: try source.bool("log.json", default: false),
            runtime: try RuntimeSettings.load(from: source),
            warnings: kafkaSettings.warnings)
    }
}

extension WorkerSettings {
    /// The Kafka name of every topic: `topics.<topic>.name`, or the topic's default name.
    public static func topicNames(from source: SettingsSource) throws(SettingsError) -> [Topic: String] {
        var names: [Topic: String] = [:]
        for topic in Topic.allCases {
            let key = "topics.\(topic.configKey).name"
            if let value = source.value(key) {
                guard !value.text.isEmpty, value.text.count <= 249,
                    value.text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
                else {
                    throw SettingsError(.invalid, origin: value.origin, key: key, problem: "'\(value.text)' is not a valid Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -)")
                }
                names[topic] = value.text
            } else {
                names[topic] = topic.defaultName
            }
        }
        return names
    }
}

extension Topic {
    /// The topic's key under `topics.` in configuration: `serviceOrders`, `deadLetters`, …
    public var configKey: String {
        let parts = rawValue.split(separator: "-")
        return parts.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
    }
}
