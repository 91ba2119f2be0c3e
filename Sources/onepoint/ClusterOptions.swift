import ArgumentParser
import Foundation
import OnePointConfig
import OnePointContracts
import OnePointKafka
import OnePointRuntime

/// Where the CLI finds the cluster and the configuration.
struct ClusterOptions: ParsableArguments {
    @Option(name: .long, help: "Kafka bootstrap servers; default: ONEPOINT_KAFKA_BOOTSTRAP_SERVERS, else kafka.bootstrapServers of --config, else <state-dir>/bootstrap.servers written by `onepoint dev`. TLS and SASL come from the kafka.security settings, as for the workers.")
    var bootstrapServers: String?

    @Option(name: .long, help: "The settings file (topic names, Kafka connection and security).")
    var config: String = "config/onepoint.yaml"

    @Option(name: .long, help: "The folder `onepoint dev` runs in.")
    var stateDir: String = "var"

    /// How the CLI connects to Kafka: the same `kafka.*` settings as the workers (`--config`, then
    /// `ONEPOINT_KAFKA_*` over it, then `--bootstrap-servers`), so TLS, SASL and secrets from
    /// files work the same way. With no bootstrap servers set anywhere, those `onepoint dev` wrote
    /// to `<state-dir>/bootstrap.servers`. Warnings go to standard error; none names a secret.
    func kafkaConfiguration() async throws -> KafkaClientConfiguration {
        try await Self.kafkaConfiguration(bootstrapServers: bootstrapServers, config: config, stateDir: stateDir)
    }

    /// ``kafkaConfiguration()`` for commands that take these options on their own.
    static func kafkaConfiguration(bootstrapServers: String?, config: String, stateDir: String?) async throws -> KafkaClientConfiguration {
        var flags: [String: (value: String, flag: String)] = [:]
        if let bootstrapServers { flags["kafka.bootstrapServers"] = (bootstrapServers, "--bootstrap-servers") }
        var fallback: SettingsSource.Value?
        var advice = "pass --bootstrap-servers HOST:PORT or set ONEPOINT_KAFKA_BOOTSTRAP_SERVERS"
        if let stateDir {
            let file = (stateDir as NSString).appendingPathComponent("bootstrap.servers")
            advice = "start `onepoint dev` (it writes \(file)), or " + advice
            if let text = try? String(contentsOfFile: file, encoding: .utf8) {
                fallback = SettingsSource.Value(text: text.trimmingCharacters(in: .whitespacesAndNewlines), origin: file)
            }
        }
        do {
            let source = try await SettingsSource(flags: flags, file: config)
            let settings = try KafkaSettings.load(
                from: source, defaultClientID: "onepoint-cli", fallbackBootstrap: fallback, missingBootstrapAdvice: advice)
            for warning in settings.warnings {
                FileHandle.standardError.write(Data("warning: configuration: \(warning)\n".utf8))
            }
            return settings.client
        } catch {
            if error.code == .missing, error.key == "kafka.bootstrapServers" {
                throw ValidationError("no Kafka cluster: \(advice)")
            }
            throw ValidationError("invalid configuration: \(error)")
        }
    }

    /// Kafka topic names by logical topic.
    func topicNames() async throws -> [Topic: String] {
        try await TopicsCommand.topicNames(config: config)
    }

    /// Whether units write their commands on topics of their own: `commands.unitTopics` of
    /// `security.yaml` in ``configDirectory`` (false without the file).
    func unitTopicsEnabled() throws -> Bool {
        do {
            return try SecurityConfiguration.load(directory: configDirectory).unitTopics
        } catch {
            throw ValidationError("invalid configuration: \(error)")
        }
    }

    /// The folder holding the domain configuration (next to the settings file).
    var configDirectory: String { (config as NSString).deletingLastPathComponent.isEmpty ? "." : (config as NSString).deletingLastPathComponent }

    /// The current state files of `worker` under the state folder (its single store, or each
    /// task's, across `onepoint dev --instances` folders: ``WorkerStores``), or an error saying
    /// how to get one.
    func statePaths(of worker: WorkerKind) throws -> [String] {
        let paths = WorkerStores.current(of: worker, under: stateDir)
        guard !paths.isEmpty else {
            let folder = (stateDir as NSString).appendingPathComponent(worker.rawValue)
            throw ValidationError(
                "no \(worker.rawValue) state in \(folder) (state.sqlite, or tasks/task-<n>.sqlite): is the worker running with --state-dir \(stateDir)? (onepoint dev)")
        }
        return paths
    }

    /// The reporting worker's store that holds the reports: its single store, or with tasks the
    /// current store of task 0, which keeps every report (docs/reporting.md, "Scaling out").
    func reportingStatePath() throws -> String {
        let paths = try statePaths(of: .reporting)
        return paths.first { ($0 as NSString).lastPathComponent == "task-0.sqlite" } ?? paths[0]
    }

    /// Where ``statePaths(of:)`` are, for messages: the one file, or the worker's folder.
    func stateDescription(of worker: WorkerKind) throws -> String {
        let paths = try statePaths(of: worker)
        return paths.count == 1 ? paths[0] : "the \(paths.count) task stores of \(worker.rawValue) under \(stateDir)"
    }
}
