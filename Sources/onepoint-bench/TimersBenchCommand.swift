import ArgumentParser
import Foundation
import GRDB
import Logging
import OnePointContracts
import OnePointKafka

/// `onepoint-bench timers`: the fault worker (`onepoint-fault` as a real process) holding a
/// million open tickets and their timers: its memory, how late its timers fire, and how long a
/// restart takes to be ready.
struct TimersBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timers",
        abstract: "Fault worker with a million open tickets: peak RSS, timer firing lag, restart to ready.")

    @Option(help: "Open tickets in the worker's state.") var tickets = 1_000_000
    @Option(help: "Seconds over which the tickets were opened (their timers come due as spread out).") var spread = 600.0
    @Option(help: "Seconds of timer firing measured.") var seconds = 60.0
    @Option(help: "Seconds between the worker's start and its first due timer.") var lead = 20.0
    @Option(help: "Partitions of the benchmark topics.") var partitions = 12
    @Option(help: "The configuration folder to copy.") var configDirectory = "config"
    @Option(help: "The worker's log level (its log is in the run's folder; see --keep).") var workerLogLevel = "warning"
    @Flag(help: "Keep the run's folder (state, configuration, the worker's log) and print its path.") var keep = false
    @Option(help: "Keep the seeded state in this file and reuse it if it exists (for the same --tickets and --spread).") var seedFile: String?

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-timers-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer {
            if keep { print("   run folder kept: \(folder)") } else { try? FileManager.default.removeItem(atPath: folder) }
        }
        BenchReport.header(
            "Fault worker with \(tickets) open tickets: timers and restart",
            details: "onepoint-fault process (SQLite synchronous=FULL) on an embedded cluster of 3 brokers; state seeded by the worker's own decisions in-process")

        // The seed: made once, or reused.
        let path = seedFile ?? "\(folder)/seed.sqlite"
        let seed = try FaultSeed.reusing(path, tickets: tickets, spread: spread, configDirectory: configDirectory) {
            print("   seed: \($0)")
            fflush(nil)
        }
        if let seconds = seed.seconds {
            print("-- seed: \(tickets) tickets opened over \(Int(spread)) s of simulated time in \(String(format: "%.1f", seconds)) s")
        } else {
            print("-- seed: reusing \(path)")
        }
        print("   tickets open              \(seed.tickets)")
        print("   timers set                \(seed.timers)")
        print("   state database            \(String(format: "%.0f", seed.mebibytes)) MiB")

        // The worker's clock shows `lead` seconds before the first due timer at its start.
        let origin = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let clockStart = seed.firstDue.addingTimeInterval(-lead)
        // The first second of firing is a warm-up left out of the figures: the worker's producer
        // sends its first records then (a new producer on the mock cluster holds them ~1 s).
        let windowStart = seed.firstDue.addingTimeInterval(1)
        let windowEnd = windowStart.addingTimeInterval(seconds)
        let due = try Self.timersDue(in: path, from: windowStart, through: windowEnd)
        let bench = try BenchCluster(brokers: 3, partitions: partitions)
        let worker = try BenchWorker(
            .fault, bench: bench, folder: folder, label: "timers", configDirectory: configDirectory, partitions: partitions, replication: 3, seed: path,
            arguments: BenchWorker.clock(showing: clockStart, at: origin) + ["--log-level", workerLogLevel])
        let firstStart = worker.startedAt
        let sink = try TimerLagSink(
            bootstrap: bench.bootstrap, topics: WorkerKind.fault.outputs.map(worker.name), logger: bench.logger,
            clockStart: clockStart, origin: origin)
        let collecting = Task { try await sink.collect(from: windowStart, through: windowEnd, timeout: lead + seconds + 120) }
        let ready = try await worker.waitReady(timeout: lead + 120)
        let collected = try await collecting.value
        let lags = collected.seen.sorted()
        let produced = collected.produced.sorted()
        let peak = worker.peakResidentMiB()
        let cpu = worker.cpuSeconds()

        // Restart: stop, start again on the same state, time to ready.
        worker.stop()
        try worker.start()
        let restarted = worker.startedAt
        let readyAgain = try await worker.waitReady(timeout: 120)
        let peakAfterRestart = worker.peakResidentMiB()
        worker.stop()

        // The yardstick: a bare consumer joining a group on the worker's input topics, then
        // leaving and joining again (what a restart asks of the group), on the same cluster.
        let inputs = WorkerKind.fault.inputs.map(worker.name)
        let firstJoin = try await Self.groupJoin(bootstrap: bench.bootstrap, topics: inputs, group: "timers-yardstick", logger: bench.logger)
        let secondJoin = try await Self.groupJoin(bootstrap: bench.bootstrap, topics: inputs, group: "timers-yardstick", logger: bench.logger)
        bench.close()

        func secondsOf(_ duration: Duration) -> String {
            String(format: "%.2f s", duration.seconds)
        }
        print("-- timers due in \(Int(seconds)) s after a 1 s warm-up from the first one: \(due) (progress feedback and escalation steps)")
        print("   start to ready            \(secondsOf(ready - firstStart))")
        if let atConsumer = BenchReport.percentiles(lags, digits: 1) {
            print("   fired (events seen)       \(lags.count) of \(due)")
            print("   due → event at a consumer \(atConsumer)")
        } else {
            print("   no timer event seen")
        }
        if let handedOver = BenchReport.percentiles(produced, digits: 1) {
            print("   due → handed to producer  \(handedOver) (record create time)")
        }
        print("   worker peak RSS           \(String(format: "%.0f", peak)) MiB (CPU \(String(format: "%.1f", cpu)) s)")
        print("-- restart on the same state (SIGTERM, start again)")
        print("   restart to ready          \(secondsOf(readyAgain - restarted))")
        print("   a bare consumer's group join on the same topics: \(secondsOf(firstJoin)) first, \(secondsOf(secondJoin)) after leaving (subscribe to assignment)")
        print("   worker peak RSS           \(String(format: "%.0f", peakAfterRestart)) MiB")
    }

    /// How long a consumer of OnePoint's Kafka layer takes from subscribing to `topics` in
    /// `group` to holding partitions; it leaves the group after.
    static func groupJoin(bootstrap: String, topics: [String], group: String, logger: Logger) async throws -> Duration {
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: KafkaClientConfiguration(bootstrapServers: bootstrap), groupID: group), logger: logger)
        let start = ContinuousClock.now
        try consumer.subscribe(topics)
        let deadline = start + .seconds(60)
        while consumer.assignment.isEmpty, ContinuousClock.now < deadline {
            _ = try await consumer.poll(maxMessages: 100, timeout: .milliseconds(10))
        }
        let joined = ContinuousClock.now - start
        await consumer.close()
        return joined
    }

    /// How many timers in the state at `path` are due between `from` and `through`.
    static func timersDue(in path: String, from: Date, through: Date) throws -> Int {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM runtime_timers WHERE due_at >= ? AND due_at <= ?",
                arguments: [Int64(from.timeIntervalSince1970 * 1000), Int64(through.timeIntervalSince1970 * 1000)]) ?? 0
        }
    }
}

/// Reads a worker's output topics: for each progress feedback and escalation event, how long
/// after its due instant (the event's `eventTime`) it reached this consumer, on the worker's clock.
final class TimerLagSink: @unchecked Sendable {  // used from one task at a time
    private let consumer: KafkaConsumer
    private let topics: [String]
    private let clockOffset: TimeInterval

    /// - Parameters: clockStart, origin: the worker's accelerated clock (factor 1) shows
    ///   `clockStart` at the real instant `origin`.
    init(bootstrap: String, topics: [String], logger: Logger, clockStart: Date, origin: Date) throws {
        var configuration = KafkaConsumerConfiguration(client: KafkaClientConfiguration(bootstrapServers: bootstrap), groupID: nil)
        configuration.fetchWaitMax = .milliseconds(10)
        consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        self.topics = topics
        clockOffset = clockStart.timeIntervalSince(origin)
    }

    /// Lags in milliseconds of the timer events due from `from` through `through`, once the
    /// worker's clock has passed `through` by 5 s (or at `timeout`): until each reached this
    /// consumer, and until the worker handed it to its producer (its record's create time).
    func collect(from: Date, through: Date, timeout: Double) async throws -> (seen: [Double], produced: [Double]) {
        var assignment: [KafkaTopicPartition: KafkaOffset] = [:]
        for topic in topics {
            for partition in 0..<(try await consumer.partitionCount(topic: topic)) {
                assignment[KafkaTopicPartition(topic: topic, partition: Int32(partition))] = .beginning
            }
        }
        try consumer.assign(assignment)
        var lags: [Double] = []
        var produced: [Double] = []
        let deadline = ContinuousClock.now + .seconds(timeout)
        while Date().addingTimeInterval(clockOffset) < through.addingTimeInterval(5), ContinuousClock.now < deadline {
            let messages = try await consumer.poll(maxMessages: 2000, timeout: .milliseconds(20))
            // Every record of one poll reached this consumer when the poll returned: the instant is
            // read once, before any is decoded (reading it per record counted the decoding of the
            // records before it in the poll, up to a whole burst's, into the later ones' lag).
            let arrival = Date().addingTimeInterval(clockOffset)
            for message in messages {
                guard let value = message.value else { continue }
                let due: Date
                switch message.headers.string("eventType") {
                case EventType.progressFeedbackNotification.rawValue: due = try EventEnvelope<ProgressFeedback>.decode(value).eventTime
                case EventType.escalationNotification.rawValue: due = try EventEnvelope<EscalationNotice>.decode(value).eventTime
                default: continue
                }
                guard due >= from, due <= through else { continue }
                lags.append(arrival.timeIntervalSince(due) * 1000)
                // The record's create time: when the worker handed it to its producer (librdkafka
                // stamps it then, on the machine's clock), after the transaction that fired it.
                if let created = message.timestamp { produced.append(created.addingTimeInterval(clockOffset).timeIntervalSince(due) * 1000) }
            }
        }
        await consumer.close()
        return (lags, produced)
    }
}
