import Foundation
import OnePointContracts
import OnePointFault
import OnePointKafka

/// An `onepoint-fault` process next to this executable, on topics of its own
/// (`bench-<label>.<topic>`) and a state folder of its own.
final class FaultBenchWorker {
    let names: [Topic: String]
    let stateDirectory: String
    let log: String
    /// The port of the worker's `/ready` (`--http-port`).
    let httpPort: Int
    private var process = Process()
    /// When the process was last started.
    private(set) var startedAt = ContinuousClock.now
    private let arguments: [String]
    private let logHandle: FileHandle

    /// Creates the worker's topics (alarms with `alarmPartitions`), writes its settings next to
    /// copies of the configuration in `configDirectory`, and starts it.
    ///
    /// - Parameters:
    ///   - seed: a state database (``SeededStore``) the worker starts from instead of an empty one.
    ///   - arguments: more flags for `onepoint-fault` (a clock, …).
    init(
        bench: BenchCluster, folder: String, label: String, configDirectory: String, partitions: Int, alarmPartitions: Int, replication: Int,
        seed: String? = nil, arguments: [String] = []
    ) throws {
        var names: [Topic: String] = [:]
        for topic in Topic.allCases { names[topic] = "bench-\(label).\(topic.rawValue)" }
        self.names = names
        for topic in WorkerKind.fault.inputs + WorkerKind.fault.outputs + [.deadLetters] {
            try bench.cluster.createTopic(KafkaTopicSpec(
                name: names[topic] ?? topic.defaultName, partitions: topic == .alarms ? alarmPartitions : partitions, replicationFactor: replication))
        }
        let config = "\(folder)/\(label)-config"
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        for file in ["calendar.yaml", "sla.yaml", "topology.yaml", "test-thresholds.yaml", "assessment.yaml", "fault.yaml"] {
            try FileManager.default.copyItem(atPath: "\(configDirectory)/\(file)", toPath: "\(config)/\(file)")
        }
        // The shipped settings with this run's topic names.
        let settings = try String(contentsOfFile: "\(configDirectory)/onepoint.yaml", encoding: .utf8)
            .replacingOccurrences(of: "{ name: onepoint.", with: "{ name: bench-\(label).")
        try settings.write(toFile: "\(config)/onepoint.yaml", atomically: true, encoding: .utf8)
        stateDirectory = "\(folder)/\(label)-state"
        log = "\(folder)/\(label).log"
        if let seed {
            try FileManager.default.createDirectory(atPath: "\(stateDirectory)/fault", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: seed, toPath: "\(stateDirectory)/fault/state.sqlite")
        }
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        logHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        httpPort = 20_000 + Int(getpid() % 20_000)
        self.arguments = [
            "--config", "\(config)/onepoint.yaml", "--bootstrap-servers", bench.bootstrap, "--state-dir", stateDirectory, "--http-port", "\(httpPort)",
            "--log-level", "warning",
        ] + arguments
        try start()
    }

    /// Starts the process (again, after ``stop()``).
    func start() throws {
        process = Process()
        let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        process.executableURL = directory.appendingPathComponent("onepoint-fault")
        process.arguments = arguments
        process.standardOutput = logHandle
        process.standardError = logHandle
        startedAt = .now
        try process.run()
    }

    /// Waits until `/ready` answers 200; returns the monotonic instant it did.
    func waitReady(timeout: Double) async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            if HTTPProbe.status(port: httpPort, path: "/ready") == 200 { return .now }
            guard process.isRunning else { throw BenchError(description: "onepoint-fault exited; see \(log)") }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw BenchError(description: "onepoint-fault not ready after \(Int(timeout)) s; see \(log)")
    }

    var statePath: String { "\(stateDirectory)/fault/state.sqlite" }

    func name(_ topic: Topic) -> String { names[topic] ?? topic.defaultName }

    /// Alarm events applied so far (every raise, repeat and clear), from the worker's state.
    func applied() -> Int {
        (try? FaultStateReader(path: statePath).alarmsApplied()) ?? 0
    }

    /// Waits until `count` alarm events are applied; returns the monotonic instant it saw it.
    func waitApplied(_ count: Int, timeout: Double) async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            if applied() >= count { return .now }
            guard process.isRunning else { throw BenchError(description: "onepoint-fault exited; see \(log)") }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw BenchError(description: "only \(applied()) of \(count) alarms applied after \(Int(timeout)) s; see \(log)")
    }

    /// Waits until the worker holds `circuits` circuits of inventory.
    func waitInventory(_ circuits: Int, timeout: Double = 120) async throws {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            if ((try? FaultStateReader(path: statePath).inventoryCircuits()) ?? 0) >= circuits { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError(description: "the worker did not load \(circuits) circuits; see \(log)")
    }

    /// The process's peak resident set (VmHWM), MiB.
    func peakResidentMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }

    /// CPU time the process has used (user + system), seconds.
    func cpuSeconds() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        // Fields after the command name: state is field 3, utime 14, stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
    }
}
