import ArgumentParser
import Foundation
import OnePointContracts
import OnePointRuntime

/// Where the CLI finds the cluster and the configuration.
struct ClusterOptions: ParsableArguments {
    @Option(name: .long, help: "Kafka bootstrap servers; default: ONEPOINT_KAFKA_BOOTSTRAP_SERVERS, else <state-dir>/bootstrap.servers written by `onepoint dev`.")
    var bootstrapServers: String?

    @Option(name: .long, help: "The settings file (topic names).")
    var config: String = "config/onepoint.yaml"

    @Option(name: .long, help: "The folder `onepoint dev` runs in.")
    var stateDir: String = "var"

    /// The bootstrap servers to use, or an error saying how to give them.
    func resolvedBootstrap() throws -> String {
        if let bootstrapServers { return bootstrapServers }
        if let fromEnvironment = ProcessInfo.processInfo.environment["ONEPOINT_KAFKA_BOOTSTRAP_SERVERS"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        let file = (stateDir as NSString).appendingPathComponent("bootstrap.servers")
        if let text = try? String(contentsOfFile: file, encoding: .utf8) {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { return trimmed }
        }
        throw ValidationError("no Kafka cluster: start `onepoint dev` (it writes \(file)), or pass --bootstrap-servers HOST:PORT")
    }

    /// Kafka topic names by logical topic.
    func topicNames() async throws -> [Topic: String] {
        try await TopicsCommand.topicNames(config: config)
    }

    /// The folder holding the domain configuration (next to the settings file).
    var configDirectory: String { (config as NSString).deletingLastPathComponent.isEmpty ? "." : (config as NSString).deletingLastPathComponent }

    /// The state file of `worker` under the state folder, or an error saying how to get one.
    func statePath(of worker: WorkerKind) throws -> String {
        let path = ((stateDir as NSString).appendingPathComponent(worker.rawValue) as NSString).appendingPathComponent("state.sqlite")
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no \(worker.rawValue) state at \(path): is the worker running with --state-dir \(stateDir)? (onepoint dev)")
        }
        return path
    }
}
