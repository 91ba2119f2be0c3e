import ArgumentParser
import Foundation
import Logging
import OnePointContracts
import OnePointKafka
import OnePointRuntime
import OnePointState
import Synchronization
import UnixSignals

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `onepoint dev`: the embedded default. One command starts librdkafka's mock Kafka cluster on
/// loopback, creates every topic, and runs each worker as a child process against it.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run OnePoint on an embedded Kafka cluster: every topic, every worker, state under one folder.",
        discussion: """
            Starts librdkafka's mock cluster on 127.0.0.1 (in memory: everything is gone when it \
            stops), creates OnePoint's topics, starts each worker executable found next to this one, \
            and waits until every worker is ready. Ctrl-C stops them all cleanly. The cluster's \
            address is written to <state-dir>/bootstrap.servers for `onepoint tail` and friends.
            """)

    @Option(name: .long, help: "The settings file the workers read.")
    var config: String = "config/onepoint.yaml"

    @Option(name: .long, help: "The folder for the workers' state.")
    var stateDir: String = "var"

    @Option(name: .long, help: "Brokers in the embedded cluster.")
    var brokers: Int = 3

    @Flag(name: .long, help: "Give each worker a free port instead of its configured one.")
    var freePorts = false

    @Option(name: .long, help: "accelerated runs the workers' clock faster (see --clock-factor).")
    var clock: String?

    @Option(name: .long, help: "Start instant of an accelerated clock, ISO-8601 with offset (default: now).")
    var clockStart: String?

    @Option(name: .long, help: "Speed of an accelerated clock: 3600 runs an hour a second.")
    var clockFactor: Double?

    @Option(name: .long, help: "Seconds to wait for every worker to be ready.")
    var readyTimeout: Int = 60

    @Flag(name: .long, help: "Start everything, wait until every worker is ready, then stop cleanly (a smoke test).")
    var check = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Instances of each worker (2 or more: they share its work, a task per partition).",
            discussion: """
                With more than 1, every worker runs N instances with runtime.tasks: per-partition: \
                instance 1 keeps <state-dir> and its port, instance k gets <state-dir>/instance-<k> \
                and the port + 100·(k−1) (a free one with --free-ports).
                """))
    var instances: Int = 1

    func validate() throws {
        guard (1...9).contains(brokers) else { throw ValidationError("--brokers must be from 1 to 9, not \(brokers)") }
        guard (1...8).contains(instances) else { throw ValidationError("--instances must be from 1 to 8, not \(instances)") }
        guard readyTimeout > 0 else { throw ValidationError("--ready-timeout must be positive") }
    }

    /// How long each worker may take to stop after SIGTERM before it is killed.
    static let stopGrace: Duration = .seconds(10)

    func run() async throws {
        // First of all, so that a Ctrl-C or SIGTERM at any moment stops what was started.
        let signals = await DevStopSignals.trap()
        var logger = Logger(label: "onepoint.dev")
        logger.logLevel = .warning
        let started = ContinuousClock.now
        let source: SettingsSource
        let topicNames: [Topic: String]
        do {
            source = try await SettingsSource(file: config)
            topicNames = try WorkerSettings.topicNames(from: source)
        } catch {
            throw ValidationError("invalid configuration: \(error)")
        }

        // 1. The embedded cluster and every topic (in this process: a signal until it is complete
        // ends dev at once).
        // With commands.unitTopics on (security.yaml), every unit's own command topics too.
        let topics = try TopicsCommand.specs(config: config, names: topicNames) { topic, name in
            KafkaTopicSpec(name: name, partitions: topic.defaultPartitions, replicationFactor: min(3, brokers), configs: topic.configs)
        }
        let cluster = try EmbeddedKafkaCluster(brokers: brokers, topics: topics, logger: logger)
        if let signal = signals.willStartProcesses() {
            cluster.close()
            throw Self.interrupted(by: signal)
        }
        let bootstrapFile = (stateDir as NSString).appendingPathComponent("bootstrap.servers")
        let workers = Mutex<[WorkerProcess]>([])
        signals.onRepeat {
            for worker in workers.withLock({ $0 }) { worker.kill() }
        }
        let unexpectedExits = Mutex<[String]>([])
        var ready = Set<String>()
        var failure: (any Error)?
        // A stop that came before every worker was ready (and dev said so): then dev ends non-zero.
        var interruptedWhileStarting: UnixSignal?

        do {
            try StateFolder.prepare(stateDir)
            try (cluster.bootstrapServers + "\n").write(toFile: bootstrapFile, atomically: true, encoding: .utf8)
            try StateFolder.prepareFile(bootstrapFile)  // 0600, like every file of the state folder
            // One clock for every worker and the CLI: the same start, factor and origin.
            let workersClock = try WorkersClock(mode: clock, start: clockStart, factor: clockFactor)
            try workersClock.write(stateDir: stateDir)
            say("embedded Kafka: \(brokers) brokers at \(cluster.bootstrapServers) (\(topics.count) topics)")

            // 2. The workers; none is started once a stop was asked for.
            let binDirectory = Self.executableDirectory()
            for kind in WorkerKind.allCases where signals.received == nil {
                let executable = binDirectory.appendingPathComponent(kind.executableName)
                guard FileManager.default.isExecutableFile(atPath: executable.path) else {
                    say("\(kind.executableName): not built, skipped (run `swift build`)")
                    continue
                }
                let configuredPort = try source.int("http.ports.\(kind.rawValue)", default: kind.defaultHTTPPort, in: 1...65_535)
                for instance in 1...instances where signals.received == nil {
                    let port = freePorts ? try Self.freePort() : configuredPort + 100 * (instance - 1)
                    guard port <= 65_535 else {
                        throw ValidationError("instance \(instance) of \(kind.rawValue) would need port \(port); use --free-ports")
                    }
                    let folder = Self.instanceFolder(instance, of: stateDir)
                    if instance > 1 { try StateFolder.prepare(folder) }
                    var arguments = ["--config", config, "--bootstrap-servers", cluster.bootstrapServers, "--state-dir", folder, "--http-port", String(port)]
                    arguments += workersClock.workerArguments
                    let worker = try WorkerProcess(
                        executable: executable, name: instance == 1 ? kind.rawValue : "\(kind.rawValue)-\(instance)", arguments: arguments,
                        environment: instances > 1 ? ["ONEPOINT_RUNTIME_TASKS": TaskLayout.perPartition.rawValue] : [:], httpPort: port
                    ) { name, exit, stopping in
                        if !stopping {
                            unexpectedExits.withLock { $0.append(name) }
                            say("✗ worker \(name) exited with \(exit) while running; its last lines are above")
                        }
                    }
                    workers.withLock { $0.append(worker) }
                }
            }
            let running = workers.withLock { $0 }
            guard !running.isEmpty || signals.received != nil else {
                throw ValidationError("no worker executable found in \(binDirectory.path); run `swift build` first")
            }

            // 3. Wait until every worker is ready, or a stop is asked for.
            if signals.received == nil {
                ready = await Self.waitUntilReady(running, timeout: .seconds(readyTimeout), signals: signals)
            }
            interruptedWhileStarting = signals.received
            if interruptedWhileStarting == nil {
                let elapsed = ContinuousClock.now - started
                say("")
                say("OnePoint dev: \(ready.count) of \(running.count) workers ready in \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))")
                say("  bootstrap servers  \(cluster.bootstrapServers)   (also in \(bootstrapFile))")
                say("  state              \(stateDir)/<worker>/" + (instances > 1 ? "   (instance k: \(stateDir)/instance-<k>/<worker>/)" : ""))
                for worker in running {
                    let status = ready.contains(worker.name) ? "ready" : (worker.exit.map { "exited (\($0))" } ?? "NOT READY")
                    say("  \(worker.name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(worker.healthURL)   \(status)")
                }
                say("")
            }
        } catch {
            failure = error
        }

        if failure == nil, interruptedWhileStarting == nil, !check {
            say("Follow what happens: onepoint tail --all    Stop: Ctrl-C")
            _ = await signals.wait()
        }

        // 4. Stop everything cleanly, whatever happened above.
        let all = workers.withLock { $0 }
        if !all.isEmpty { say("stopping \(all.count) workers…") }
        await withTaskGroup(of: Void.self) { group in
            for worker in all { group.addTask { await worker.stop(grace: Self.stopGrace) } }
        }
        cluster.close()
        try? FileManager.default.removeItem(atPath: bootstrapFile)
        WorkersClock.remove(stateDir: stateDir)
        let crashed = unexpectedExits.withLock { $0 }
        let unclean = all.filter { !($0.exit?.isCleanStop ?? false) && !crashed.contains($0.name) }
        for worker in unclean { say("✗ worker \(worker.name) stopped with \(worker.exit.map(String.init(describing:)) ?? "unknown status")") }
        if !all.isEmpty { say("stopped") }
        if let failure { throw failure }
        if let signal = interruptedWhileStarting { throw Self.interrupted(by: signal) }
        if ready.count < all.count || !crashed.isEmpty || !unclean.isEmpty {
            throw ExitCode.failure
        }
    }

    /// The state folder of a worker's instance `k` (from 1): `stateDir` for the first;
    /// `<stateDir>/instance-<k>` for the others (one process per state folder).
    static func instanceFolder(_ instance: Int, of stateDir: String) -> String {
        instance == 1 ? stateDir : (stateDir as NSString).appendingPathComponent("instance-\(instance)")
    }

    /// The exit of a dev stopped before every worker was ready: 128 + the signal, as a shell reports it.
    private static func interrupted(by signal: UnixSignal) -> ExitCode {
        say("interrupted by \(signal) before every worker was ready")
        return ExitCode(128 + signal.rawValue)
    }

    /// Polls each worker's `/ready` until all answer 200 or the time is up; returns the ready ones.
    /// Stops early when a stop signal comes.
    private static func waitUntilReady(_ workers: [WorkerProcess], timeout: Duration, signals: DevStopSignals) async -> Set<String> {
        let deadline = ContinuousClock.now + timeout
        var ready = Set<String>()
        while ContinuousClock.now < deadline, signals.received == nil {
            for worker in workers where !ready.contains(worker.name) && worker.exit == nil && signals.received == nil {
                if await isReady(worker.readyURL) {
                    ready.insert(worker.name)
                    say("✓ \(worker.name) ready")
                }
            }
            if workers.allSatisfy({ ready.contains($0.name) || $0.exit != nil }) { break }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return ready
    }

    private static func isReady(_ url: String) async -> Bool {
        guard let url = URL(string: url) else { return false }
        var request = URLRequest(url: url)
        request.timeoutInterval = 2
        guard let (_, response) = try? await URLSession.shared.data(for: request) else { return false }
        return (response as? HTTPURLResponse)?.statusCode == 200
    }

    /// The folder of the running `onepoint` executable, where the worker executables are built too.
    static func executableDirectory() -> URL {
        let current = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        if FileManager.default.fileExists(atPath: current.path), current.lastPathComponent != "exe" {
            return current.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.deletingLastPathComponent()
    }

    /// A TCP port on 127.0.0.1 that is free now.
    static func freePort() throws -> Int {
        guard let port = ObservabilityServer.freePort() else { throw ValidationError("could not find a free port on 127.0.0.1") }
        return port
    }
}

/// Writes a line to standard output at once (unbuffered), so it stays in order with the workers'
/// prefixed lines.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
