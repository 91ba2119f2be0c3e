import Foundation
import OnePointContracts
import OnePointKafka
import OnePointRuntime

/// A worker process (`onepoint-<kind>`, next to this executable) on topics of its own
/// (`bench-<label>.<topic>`) and a state folder of its own, with what a benchmark reads of it:
/// readiness, its state file, peak memory and CPU time.
final class BenchWorker {
    let kind: WorkerKind
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

    /// Creates the worker's topics (its inputs, outputs and the dead-letter topic; `partitions`
    /// each unless `topicPartitions` says otherwise), writes its settings next to copies of the
    /// configuration files (`*.yaml`) in `configDirectory`, and starts it.
    ///
    /// - Parameters:
    ///   - seed: a state database (``SeededStore``) the worker starts from instead of an empty one.
    ///   - arguments: more flags for the worker (a clock, …).
    init(
        _ kind: WorkerKind, bench: BenchCluster, folder: String, label: String, configDirectory: String, partitions: Int,
        topicPartitions: [Topic: Int] = [:], replication: Int, seed: String? = nil, arguments: [String] = []
    ) throws {
        self.kind = kind
        var names: [Topic: String] = [:]
        for topic in Topic.allCases { names[topic] = "bench-\(label).\(topic.rawValue)" }
        self.names = names
        var created = Set<Topic>()
        // The provisioning worker reads the inventory it writes: each topic once.
        for topic in kind.inputs + kind.outputs + [.deadLetters] where created.insert(topic).inserted {
            try bench.cluster.createTopic(KafkaTopicSpec(
                name: names[topic] ?? topic.defaultName, partitions: topicPartitions[topic] ?? partitions, replicationFactor: replication))
        }
        let config = "\(folder)/\(label)-config"
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        let files = try FileManager.default.contentsOfDirectory(atPath: configDirectory)
        for file in files.sorted() where file.hasSuffix(".yaml") && file != "onepoint.yaml" {
            try FileManager.default.copyItem(atPath: "\(configDirectory)/\(file)", toPath: "\(config)/\(file)")
        }
        // The shipped settings with this run's topic names.
        let settings = try String(contentsOfFile: "\(configDirectory)/onepoint.yaml", encoding: .utf8)
            .replacingOccurrences(of: "{ name: onepoint.", with: "{ name: bench-\(label).")
        try settings.write(toFile: "\(config)/onepoint.yaml", atomically: true, encoding: .utf8)
        stateDirectory = "\(folder)/\(label)-state"
        log = "\(folder)/\(label).log"
        if let seed {
            try FileManager.default.createDirectory(atPath: "\(stateDirectory)/\(kind.rawValue)", withIntermediateDirectories: true)
            // A copy of the file itself (a link would let the worker change the seed).
            let file = URL(fileURLWithPath: seed).resolvingSymlinksInPath().path
            try FileManager.default.copyItem(atPath: file, toPath: "\(stateDirectory)/\(kind.rawValue)/state.sqlite")
        }
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        logHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        // The system's choice: a port derived from the pid could fall in the ephemeral range and
        // be taken by one of the run's client sockets.
        guard let port = ObservabilityServer.freePort() else { throw BenchError(description: "could not find a free port on 127.0.0.1 for \(kind.executableName)") }
        httpPort = port
        self.arguments = [
            "--config", "\(config)/onepoint.yaml", "--bootstrap-servers", bench.bootstrap, "--state-dir", stateDirectory, "--http-port", "\(httpPort)",
            "--log-level", "warning",
        ] + arguments
        try start()
    }

    /// The flags of a clock that shows `start` at the real instant `origin` (when the worker
    /// starts, if `nil`) and runs at real speed: a seeded state's timers fall due when the
    /// benchmark wants them to.
    static func clock(showing start: Date, at origin: Date? = nil) -> [String] {
        ["--clock", "accelerated", "--clock-start", start.formatted(.iso8601), "--clock-factor", "1"]
            + (origin.map { ["--clock-origin", $0.formatted(.iso8601)] } ?? [])
    }

    /// Starts the process (again, after ``stop()``).
    func start() throws {
        process = Process()
        let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        process.executableURL = directory.appendingPathComponent(kind.executableName)
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
            try checkRunning()
            try await Task.sleep(for: .milliseconds(20))
        }
        throw BenchError(description: "\(kind.executableName) not ready after \(Int(timeout)) s; see \(log)")
    }

    /// Throws when the process has exited.
    func checkRunning() throws {
        guard process.isRunning else { throw BenchError(description: "\(kind.executableName) exited; see \(log)") }
    }

    /// The worker's state file (one task: `<state dir>/<worker>/state.sqlite`).
    var statePath: String { "\(stateDirectory)/\(kind.rawValue)/state.sqlite" }

    func name(_ topic: Topic) -> String { names[topic] ?? topic.defaultName }

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

    /// What the process has read from files (`rchar`: SQLite's page reads, most of them answered
    /// by the OS's cache; librdkafka reads its sockets with `recvmsg`, which is not counted there)
    /// and written towards the disk (`write_bytes`: its WAL and database pages), in bytes, from
    /// `/proc/<pid>/io`; `nil` when the kernel does not say.
    func fileIO() -> (read: Double, written: Double)? { Self.fileIO(of: "\(process.processIdentifier)") }

    /// ``fileIO()`` of the process `pid` (a number, or `self`).
    static func fileIO(of pid: String) -> (read: Double, written: Double)? {
        guard let io = try? String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8) else { return nil }
        var fields: [Substring: Double] = [:]
        for line in io.split(separator: "\n") {
            let parts = line.split(separator: ":")
            if parts.count == 2, let value = Double(parts[1].trimmingCharacters(in: .whitespaces)) { fields[parts[0]] = value }
        }
        guard let read = fields["rchar"], let written = fields["write_bytes"] else { return nil }
        return (read, written)
    }

    /// The value of the worker's metric `name` on its `/metrics` (the first series of that
    /// name), or `nil` when it does not answer or has no such series.
    func metric(_ name: String) -> Double? {
        guard let body = HTTPProbe.body(port: httpPort, path: "/metrics") else { return nil }
        for line in body.split(separator: "\n") where line.hasPrefix(name + "{") || line.hasPrefix(name + " ") {
            return line.split(separator: " ").last.flatMap { Double($0) }
        }
        return nil
    }

    /// The metric `name` once it has settled: two readings 200 ms apart that agree (at most
    /// 3 s), for a counter the worker adds to just after the commit a benchmark waited for.
    func settledMetric(_ name: String) async throws -> Double? {
        var last = metric(name)
        for _ in 0..<15 {
            try await Task.sleep(for: .milliseconds(200))
            let now = metric(name)
            if now == last { return now }
            last = now
        }
        return last
    }

    /// Stops the process (SIGTERM) and waits for it to exit; nothing when it is not running.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
    }

    /// A benchmark that fails part-way (a worker that never loads its inventory, a timeout)
    /// leaves no worker behind: one went on running after its cluster was gone.
    deinit { stop() }
}
