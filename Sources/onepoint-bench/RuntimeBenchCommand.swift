import ArgumentParser
import CKafkaBaseline
import Foundation
import Logging
import OnePointKafka

/// `onepoint-bench runtime`: the worker runtime (the `onepoint-relay` worker as a real process:
/// state, inbox, positions and outbox in SQLite per batch) against the raw librdkafka pipe, in one
/// run on one embedded cluster, with SQLite `synchronous` FULL and NORMAL.
struct RuntimeBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runtime",
        abstract: "Runtime relay (SQLite state, inbox, positions, outbox) vs the raw librdkafka pipe.")

    @Option(help: "Records per throughput run.") var count = 50_000
    @Option(help: "Fixed rate of the latency runs, records per second.") var rate = 10_000.0
    @Option(help: "Seconds of each latency run.") var latencySeconds = 5.0
    @Option(help: "Runs of each measurement; the median is reported.") var runs = 3
    @Option(help: "Partitions of each benchmark topic.") var partitions = 12
    @Flag(help: "Also run the relay with a task per partition (applied side by side on every core), with a changelog and without one, synchronous=FULL.")
    var tasks = false

    func run() async throws {
        let bench = try BenchCluster(brokers: 3, partitions: partitions)
        let bootstrap = bench.bootstrap
        let newTopic = bench.newTopic
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let deadLetters = try newTopic("dlq")
        BenchReport.header("Worker runtime vs raw librdkafka pipe", details: "embedded cluster of 3 brokers, \(partitions) partitions, decimal-number records, relay = onepoint-relay process, median of \(runs) runs")

        // Throughput in steady state: each pipe is started and warmed up with `warm` records; then
        // `count` records are written flat out and the pipe is timed from the start of that load
        // to the arrival of its last output at a sink.
        let warm = 2000
        var raw: [RunFigures] = []
        var full: [RunFigures] = []
        var normal: [RunFigures] = []
        var durableFull: [RunFigures] = []
        var durableNormal: [RunFigures] = []
        var perPartition: [RunFigures] = []
        var perPartitionLocal: [RunFigures] = []
        for run in 0..<runs {
            for mode in ["raw", "durable-full", "full", "durable-normal", "normal"] + (tasks ? ["tasks", "tasks-local"] : []) {
                let input = try newTopic("in")
                let output = try newTopic("out")
                var relay: RelayRunner?
                async let rawPipe: RunFigures? = mode == "raw"
                    ? Baseline.pipe(bootstrap: bootstrap, from: input, to: output, group: "tp-raw-\(run)", count: warm + count, timeout: 300)
                    : nil
                async let durablePipe: RunFigures? = mode.hasPrefix("durable")
                    ? Baseline.durablePipe(
                        bootstrap: bootstrap, from: input, to: output, group: "tp-\(mode)-\(run)", database: "\(folder)/tp-\(mode)-\(run).sqlite",
                        synchronousFull: mode == "durable-full", maxBatch: 1000, count: warm + count, timeout: 300)
                    : nil
                if mode == "full" || mode == "normal" {
                    relay = try RelayRunner(bootstrap: bootstrap, input: input, output: output, deadLetters: deadLetters, group: "tp-\(mode)-\(run)", state: "\(folder)/tp-\(mode)-\(run).sqlite", synchronous: mode)
                } else if mode.hasPrefix("tasks") {
                    // "tasks": every changelog record of a transaction goes out with its outputs;
                    // the embedded cluster keeps ~5 MiB per partition, so early records of a long
                    // run are dropped (nothing here restores from them). "tasks-local": no
                    // changelog (the relay allows it; the workers do not, as a task could not
                    // move): what applying partitions side by side gains alone.
                    let changelog = mode == "tasks" ? ["--changelog", try newTopic("changelog")] : []
                    relay = try RelayRunner(
                        bootstrap: bootstrap, input: input, output: output, deadLetters: deadLetters, group: "tp-\(mode)-\(run)", state: "\(folder)/tp-\(mode)-\(run)",
                        extra: ["--tasks", "per-partition"] + changelog + ["--log-level", "error"])
                }
                let result = try await Baseline.timedLoad(bootstrap: bootstrap, input: input, output: output, warm: warm, count: count, size: 24)
                _ = try await rawPipe
                _ = try await durablePipe
                relay?.stop()
                switch mode {
                case "raw": raw.append(result)
                case "durable-full": durableFull.append(result)
                case "durable-normal": durableNormal.append(result)
                case "full": full.append(result)
                case "tasks": perPartition.append(result)
                case "tasks-local": perPartitionLocal.append(result)
                default: normal.append(result)
                }
            }
        }
        BenchReport.throughput("forward \(count) records, SQLite synchronous=FULL", raw: raw, swift: full, swiftLabel: "runtime relay")
        BenchReport.throughput("forward \(count) records, SQLite synchronous=NORMAL", raw: raw, swift: normal, swiftLabel: "runtime relay")
        // The durable limit: what a plain C worker that commits the same state per batch reaches.
        BenchReport.throughput(
            "forward \(count) records, the durable limit, synchronous=FULL", raw: durableFull, swift: full, swiftLabel: "runtime relay", rawLabel: "durable C pipe")
        BenchReport.throughput(
            "forward \(count) records, the durable limit, synchronous=NORMAL", raw: durableNormal, swift: normal, swiftLabel: "runtime relay", rawLabel: "durable C pipe")
        if tasks {
            BenchReport.throughput(
                "forward \(count) records, the durable limit, synchronous=FULL, the relay with a task per partition and a changelog",
                raw: durableFull, swift: perPartition, swiftLabel: "relay, tasks", rawLabel: "durable C pipe")
            BenchReport.throughput(
                "forward \(count) records, the durable limit, synchronous=FULL, the relay with a task per partition and no changelog",
                raw: durableFull, swift: perPartitionLocal, swiftLabel: "local tasks", rawLabel: "durable C pipe")
        }

        // Latency at a fixed rate.
        let warmup = Int(rate)
        let latencyCount = Int(rate * latencySeconds) + warmup
        var rawLatency: [RunFigures] = []
        var fullLatency: [RunFigures] = []
        var normalLatency: [RunFigures] = []
        for run in 0..<runs {
            for mode in ["raw", "full", "normal"] {
                let input = try newTopic("lat-in")
                let output = try newTopic("lat-out")
                let sinkReady = ReadyFlag()
                var relay: RelayRunner?
                async let rawPipe: RunFigures? = mode == "raw"
                    ? Baseline.pipe(bootstrap: bootstrap, from: input, to: output, group: "lat-raw-\(run)", count: latencyCount, timeout: latencySeconds + 120)
                    : nil
                if mode != "raw" {
                    relay = try RelayRunner(bootstrap: bootstrap, input: input, output: output, deadLetters: deadLetters, group: "lat-\(mode)-\(run)", state: "\(folder)/lat-\(mode)-\(run).sqlite", synchronous: mode)
                }
                async let sink = Baseline.sink(bootstrap: bootstrap, topic: output, count: latencyCount, warmup: warmup, timeout: latencySeconds + 120, numbered: true, ready: sinkReady)
                try await sinkReady.wait(timeout: .seconds(30))
                try await Task.sleep(for: .seconds(8))  // the pipe or relay joins its group
                _ = try await Baseline.produce(bootstrap: bootstrap, topic: input, count: latencyCount, size: 16, rate: rate, numbered: true)
                let figures = try await sink
                _ = try await rawPipe
                relay?.stop()
                switch mode {
                case "raw": rawLatency.append(figures)
                case "full": fullLatency.append(figures)
                default: normalLatency.append(figures)
                }
            }
        }
        BenchReport.latency("latency at \(Int(rate)) records/s for \(latencySeconds) s after a 1 s warm-up", rows: [
            ("raw librdkafka pipe", rawLatency), ("runtime, FULL", fullLatency), ("runtime, NORMAL", normalLatency),
        ])
        bench.close()
    }
}

/// An `onepoint-relay` process next to this executable.
final class RelayRunner {
    private let process = Process()
    private let log: String?

    /// - Parameters:
    ///   - extra: further arguments (tasks, changelog, log level).
    ///   - log: a file for the relay's standard output and error (its log lines); none by default.
    init(
        bootstrap: String, input: String, output: String, deadLetters: String, group: String, state: String, synchronous: String = "full",
        extra: [String] = ["--log-level", "error"], log: String? = nil
    ) throws {
        self.log = log
        let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        process.executableURL = directory.appendingPathComponent("onepoint-relay")
        process.arguments = [
            "--bootstrap-servers", bootstrap, "--input", input, "--output", output, "--dead-letters", deadLetters,
            "--group", group, "--state", state, "--synchronous", synchronous,
        ] + extra
        if let log {
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            process.standardError = handle
            process.standardOutput = handle
        }
        try process.run()
    }

    /// What the relay has logged so far (with a log file).
    var output: String { log.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? "" }

    /// Waits until the log holds `text`; `false` if the relay exits or `timeout` passes first.
    func waitForLog(_ text: String, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if output.contains(text) { return true }
            if !process.isRunning { return false }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Stops the relay (SIGTERM) and waits for it to exit; nothing when it is not running.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
    }

    /// A run that fails part-way leaves no relay behind (see `BenchWorker`).
    deinit { stop() }
}
