import ArgumentParser
import CKafkaBaseline
import Foundation
import Logging
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointFault
import OnePointKafka

/// `onepoint-bench fault`: the fault worker (`onepoint-fault` as a real process) against the raw
/// librdkafka pipe in the same run: throughput, alarm→ticket latency at a fixed rate, and a
/// storm of alarms from one root cause (time to the correlated ticket, peak memory, count in
/// against count applied).
struct FaultBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fault",
        abstract: "Fault worker: alarms/s vs the raw pipe, alarm→ticket latency, a one-root-cause storm.")

    @Option(help: "Alarm events per throughput run.") var count = 100_000
    @Option(help: "Alarms per second in the latency run.") var rate = 10_000.0
    @Option(help: "Share of the latency run's alarms that are new faults (the rest repeat raised alarms).") var newFaults = 0.1
    @Option(help: "Seconds of the latency run (after a 1 s warm-up).") var latencySeconds = 5.0
    @Option(help: "Alarm events in the storm.") var storm = 1_000_000
    @Option(help: "Circuits the storm's fibre carries.") var stormCircuits = 10_000
    @Option(help: "Partitions of the storm's alarm topic (the embedded cluster keeps ~5 MiB per partition).") var stormPartitions = 256
    @Option(help: "Partitions of the other benchmark topics.") var partitions = 12
    @Option(help: "The configuration folder to copy.") var configDirectory = "config"
    @Option(help: "Runs of the throughput measurement; the median is reported.") var runs = 1
    @Option(
        help: "Cost as work grows: run only the throughput mix, on a worker already holding each of these numbers of open tickets (comma-separated, e.g. 0,10000,100000,1000000).",
        transform: { text in
            try text.split(separator: ",").map { part in
                guard let n = Int(part.trimmingCharacters(in: .whitespaces)), n >= 0 else { throw ValidationError("--open-tickets: '\(part)' is not a count of tickets") }
                return n
            }
        })
    var openTickets: [Int]?
    @Option(help: "With --open-tickets: keep each size's seeded state in this folder and reuse it (seed-<n>.sqlite).") var seedFolder: String?
    @Flag(help: "Skip the storm.") var skipStorm = false
    @Flag(help: "Skip the throughput and latency runs.") var stormOnly = false
    @Flag(help: "Build the storm's records while sending them, inside its clock (as until session 27), not before it (holding them all takes ~2 GB).")
    var stormBuiltWhileSending = false

    func run() async throws {
        let bench = try BenchCluster(brokers: 3, partitions: partitions)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-fault-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Kept when the run fails, so the worker's log an error names is still there.
        var finished = false
        defer {
            if finished { try? FileManager.default.removeItem(atPath: folder) } else { print("   run folder kept (the run did not finish): \(folder)") }
        }
        let domain = try DomainConfiguration.load(directory: configDirectory)
        let topology = domain.topology
        let bootstrap = bench.bootstrap
        BenchReport.header(
            "Fault worker vs raw librdkafka pipe",
            details: "embedded cluster of 3 brokers, \(partitions) partitions, onepoint-fault process (SQLite synchronous=FULL), alarm events of ~700 bytes")
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: bench.bootstrap), logger: bench.logger)
        let durableBatch = try await Baseline.workerBatchSize(configDirectory: configDirectory)
        var label = 0
        if let openTickets {
            try await growth(openTickets, bench: bench, folder: folder, topology: topology, producer: producer, durableBatch: durableBatch)
            await producer.close()
            bench.close()
            finished = true
            return
        }

        // MARK: Throughput
        let warm = 2000
        var raw: [RunFigures] = []
        var durable: [RunFigures] = []
        var fault: [RunFigures] = []
        var faultCPU: [Double] = []
        var faultStatements: [Double] = []
        var faultIO: [String] = []
        var durableIO: [String] = []
        for run in 0..<(stormOnly ? 0 : runs) {
            // The raw pipe, then the durable C pipe (the durable limit, issue 16), on records of
            // the same size.
            raw.append(try await Self.pipeRun(bench: bench, name: "raw", run: run, warm: warm, count: count) { input, output, total in
                try await Baseline.pipe(bootstrap: bootstrap, from: input, to: output, group: "fault-raw-\(run)", count: total, timeout: 300)
            })
            let durableIOBefore = BenchWorker.fileIO(of: "self")
            durable.append(try await Self.pipeRun(bench: bench, name: "durable", run: run, warm: warm, count: count) { input, output, total in
                try await Baseline.durablePipe(
                    bootstrap: bootstrap, from: input, to: output, group: "fault-durable-\(run)", database: "\(folder)/durable-\(run).sqlite",
                    synchronousFull: true, maxBatch: durableBatch, count: total, timeout: 300)
            })
            // The C pipe runs in this process, whose other threads (the load generator, the
            // embedded cluster) touch no files: its SQLite's I/O, warm-up included.
            if let before = durableIOBefore, let after = BenchWorker.fileIO(of: "self") {
                durableIO.append(Self.perEvent(after, before, events: warm + count, unit: "record"))
            }

            label += 1
            let mix = try await mixRun(bench: bench, folder: folder, label: "tp\(label)", warm: warm, topology: topology, producer: producer)
            fault.append(mix.figures)
            faultCPU.append(mix.loadCPUSeconds / Double(max(mix.figures.messages, 1)) * 1_000_000)
            if let statements = mix.loadStatements { faultStatements.append(statements / Double(max(mix.figures.messages, 1))) }
            if let io = mix.loadIO { faultIO.append(Self.perEvent(io, (0, 0), events: mix.figures.messages)) }
        }
        if !stormOnly {
            BenchReport.throughput("\(count) alarm events (raise, 3 repeats, clear per circuit; one ticket per circuit)", raw: raw, swift: fault, swiftLabel: "fault worker")
            BenchReport.throughput(
                "the same against the durable limit (durable C pipe, synchronous=FULL, records of 700 bytes, batches of at most \(durableBatch) as the worker's)", raw: durable, swift: fault, swiftLabel: "fault worker",
                rawLabel: "durable C pipe")
            // The worker's own cost beside its rate: the rate also moves with what the load
            // generator and the cluster get of the two cores (both move with the machine's speed).
            print(
                "   fault worker CPU while loaded: \(String(format: "%.1f", BenchReport.median(faultCPU))) µs per alarm event (runs: \(faultCPU.map { String(format: "%.1f", $0) }.joined(separator: ", ")))")
            // What the worker asks of SQLite per event: unlike time, the same on any machine.
            if !faultStatements.isEmpty {
                print(
                    "   fault worker SQL statements while loaded: \(String(format: "%.2f", BenchReport.median(faultStatements))) per alarm event (runs: \(faultStatements.map { String(format: "%.2f", $0) }.joined(separator: ", ")))")
            }
            for (run, io) in faultIO.enumerated() { print("   fault worker file I/O while loaded\(faultIO.count > 1 ? " (run \(run + 1))" : ""): \(io)") }
            for (run, io) in durableIO.enumerated() { print("   durable C pipe file I/O\(durableIO.count > 1 ? " (run \(run + 1))" : ""): \(io)") }
            try await latencyRun(bench: bench, folder: folder, label: &label, topology: topology, producer: producer, durableBatch: durableBatch)
        }

        if !skipStorm {
            label += 1
            try await stormRun(bench: bench, folder: folder, label: label, topology: topology, producer: producer)
        }
        await producer.close()
        bench.close()
        finished = true
    }

    /// The storm on a worker of its own. Its clients end with it, before the cluster is shut down
    /// (a client still connected then logs every broker refusing it).
    func stormRun(bench: BenchCluster, folder: String, label: Int, topology: Topology, producer: KafkaProducer) async throws {
        let stormWorker = try BenchWorker(
            .fault, bench: bench, folder: folder, label: "storm\(label)", configDirectory: configDirectory, partitions: partitions,
            topicPartitions: [.alarms: stormPartitions], replication: 1)
        let perCustomer = 10
        try await publishInventory(
            circuits: stormCircuits, perCustomer: perCustomer, fibre: "BENCH-FIBRE", topology: topology, topic: stormWorker.name(.inventory), producer: producer)
        try await stormWorker.waitInventory(stormCircuits)
        let stormTemplates = try AlarmTemplates(topology: topology, topic: stormWorker.name(.alarms), raised: Date())
        let stormSink = try TicketLatencySink(bootstrap: bench.bootstrap, topic: stormWorker.name(.tickets), logger: bench.logger)
        let watch = Task { try await stormSink.watchStorm(circuits: stormCircuits, timeout: 900) }
        let fibre = Alarm.AlarmedObject(id: "BENCH-FIBRE", type: .fibre)
        func stormChunk(from first: Int) -> [KafkaProducerRecord] {
            (first..<min(first + 10_000, storm)).map { serial in
                if serial == 0 { return stormTemplates.record(.raised, fibre, serial: serial) }
                if serial <= stormCircuits {
                    return stormTemplates.record(.raised, .init(id: Self.circuitID(serial - 1), type: .circuit), serial: serial)
                }
                if serial % (stormCircuits + 1) == 0 { return stormTemplates.record(.updated, fibre, serial: serial) }
                return stormTemplates.record(.updated, .init(id: Self.circuitID(serial % stormCircuits), type: .circuit), serial: serial)
            }
        }
        // The records are built before the clock starts, as the throughput mix's are: an
        // NMS does not share the worker's cores, and building a million records here took ~6 s of
        // one core on this machine's two (docs/performance.md, session 27). They take ~2 GB.
        let built = stormBuiltWhileSending ? [] : stride(from: 0, to: storm, by: 10_000).map(stormChunk(from:))
        let statementsBefore = try await stormWorker.settledMetric(Self.statementsMetric)
        let ioBefore = stormWorker.fileIO()
        let stormStart = ContinuousClock.now
        var sent = 0
        var pending: [KafkaPendingDeliveries] = []
        for (index, first) in stride(from: 0, to: storm, by: 10_000).enumerated() {
            // Handed over without waiting for the previous chunk's delivery: waiting made the
            // load generator, not the worker, the storm's bound (docs/performance.md, session 25).
            pending.append(contentsOf: await submit(stormBuiltWhileSending ? stormChunk(from: first) : built[index], producer))
        }
        sent = await delivered(pending)
        let producedIn = ContinuousClock.now - stormStart
        let applied = try await stormWorker.waitApplied(sent, timeout: 900)
        let figures = try await watch.value
        let peak = stormWorker.peakResidentMiB()
        let cpu = stormWorker.cpuSeconds()
        let ioAfter = stormWorker.fileIO()
        let statementsAfter = try await stormWorker.settledMetric(Self.statementsMetric)
        let tickets = (try? FaultStateReader(path: stormWorker.statePath).ticketCount()) ?? -1
        let appliedCount = stormWorker.applied()
        stormWorker.stop()
        func secondsSince(_ instant: ContinuousClock.Instant?) -> String {
            guard let instant else { return "never" }
            let d = instant - stormStart
            return String(format: "%.2f s", d.seconds)
        }
        print("-- storm: \(storm) alarm events from one fibre cut over \(stormCircuits) circuits of \(stormCircuits / perCustomer) customers (\(stormPartitions) alarm partitions)")
        print("   produced in               \(secondsSince(stormStart + producedIn))")
        print("   first ticket event        \(secondsSince(figures.firstTicket))")
        print("   ticket lists all circuits \(secondsSince(figures.allCircuits))")
        print("   every alarm applied       \(secondsSince(applied))")
        print("   alarms in / applied       \(sent) / \(appliedCount)\(sent == appliedCount ? " (none skipped)" : " (MISMATCH)")")
        print("   tickets opened            \(tickets)")
        print("   worker peak RSS           \(String(format: "%.0f", peak)) MiB")
        print("   worker CPU time           \(String(format: "%.1f", cpu)) s (\(String(format: "%.0f", Double(appliedCount) / max(cpu, 0.001))) alarms per CPU-second; the embedded cluster and the load generator share the 2 cores)")
        if let statementsBefore, let statementsAfter {
            print("   worker SQL statements     \(String(format: "%.2f", (statementsAfter - statementsBefore) / Double(max(sent, 1)))) per alarm event")
        }
        if let ioBefore, let ioAfter {
            print("   worker file I/O           \(Self.perEvent(ioAfter, ioBefore, events: sent))")
        }
    }

    /// The worker's count of the SQL statements its store ran.
    static let statementsMetric = "onepoint_state_statements_total"

    struct MixFigures {
        var figures: RunFigures
        var peakMiB: Double
        var cpuSeconds: Double
        var stateMiB: Double
        /// The worker's CPU time (user and system) from the start of the timed load until every
        /// event was applied.
        var loadCPUSeconds: Double
        /// The SQL statements the worker's store ran over the timed load
        /// (`onepoint_state_statements_total`), `nil` when its metrics did not answer.
        var loadStatements: Double?
        /// Bytes the worker read from files and wrote towards the disk over the timed load
        /// (``BenchWorker/fileIO()``), `nil` when the kernel did not say.
        var loadIO: (read: Double, written: Double)?
    }

    /// One run of the throughput mix on a new worker (started from `seed` when given): `warm`
    /// alarm events, then `count` written flat out, each circuit raised (a new ticket), repeated
    /// three times and cleared; timed from the start of that load until the worker's state counts
    /// every event applied.
    func mixRun(
        bench: BenchCluster, folder: String, label: String, warm: Int, topology: Topology, producer: KafkaProducer,
        seed: (path: String, figures: FaultSeed.Figures)? = nil
    ) async throws -> MixFigures {
        // A seeded worker's clock goes on from the seed's last instant, so none of the seeded
        // tickets' timers (the first 30 minutes on) falls due during the run.
        let clock = seed.map { BenchWorker.clock(showing: $0.figures.end.addingTimeInterval(1)) } ?? []
        let worker = try BenchWorker(
            .fault, bench: bench, folder: folder, label: label, configDirectory: configDirectory, partitions: partitions, replication: 3, seed: seed?.path,
            arguments: clock)
        defer { worker.stop() }
        let seeded = seed?.figures.tickets ?? 0
        let circuits = (warm + count) / 5
        try await publishInventory(circuits: circuits, perCustomer: 10, fibre: nil, topology: topology, topic: worker.name(.inventory), producer: producer)
        try await worker.waitInventory(seeded + circuits)
        let templates = try AlarmTemplates(topology: topology, topic: worker.name(.alarms), raised: Date())
        func lifecycle(_ range: Range<Int>) -> [KafkaProducerRecord] {
            var records: [KafkaProducerRecord] = []
            for n in range {
                let object = Alarm.AlarmedObject(id: Self.circuitID(n), type: .circuit)
                records.append(templates.record(.raised, object, serial: n * 5))
                for k in 1...3 { records.append(templates.record(.updated, object, serial: n * 5 + k)) }
                records.append(templates.record(.cleared, object, serial: n * 5 + 4))
            }
            return records
        }
        _ = try await send(lifecycle(0..<(warm / 5)), producer)
        _ = try await worker.waitApplied(seeded + warm, timeout: 300)
        // Built before the clock starts and handed over without waiting for each chunk's delivery,
        // as the storm's are and as the durable C pipe's load generator writes its own: until
        // session 33 they were built inside the clock and each chunk of 5 000 waited for, and the
        // load generator, not the worker, bound the mix (docs/performance.md, session 33).
        let load = lifecycle((warm / 5)..<circuits)
        let statementsBefore = try await worker.settledMetric(Self.statementsMetric)
        let ioBefore = worker.fileIO()
        let start = ContinuousClock.now
        let cpuBefore = worker.cpuSeconds()
        let delivered = await self.delivered(await submit(load, producer))
        let done = try await worker.waitApplied(seeded + warm + delivered, timeout: 900)
        let seconds = (done - start).seconds
        let cpu = worker.cpuSeconds()
        let ioAfter = worker.fileIO()
        let statementsAfter = try await worker.settledMetric(Self.statementsMetric)
        return MixFigures(
            figures: RunFigures(messages: delivered, seconds: seconds), peakMiB: worker.peakResidentMiB(), cpuSeconds: cpu,
            stateMiB: SeededStore.mebibytes(worker.statePath), loadCPUSeconds: cpu - cpuBefore,
            loadStatements: statementsBefore.flatMap { before in statementsAfter.map { $0 - before } },
            loadIO: ioBefore.flatMap { before in ioAfter.map { (read: $0.read - before.read, written: $0.written - before.written) } })
    }

    /// File I/O over `events` as a line of the report: bytes written towards the disk (the WAL and
    /// its checkpoints) and read from files, in all and per event (`unit` names one).
    static func perEvent(
        _ after: (read: Double, written: Double), _ before: (read: Double, written: Double), events: Int, unit: String = "alarm event"
    ) -> String {
        let written = after.written - before.written
        let read = after.read - before.read
        let n = Double(max(events, 1))
        func figure(_ format: String, _ value: Double) -> String { String(format: format, value) }
        return "wrote \(figure("%.0f", written / 1_048_576)) MiB (\(figure("%.2f", written / 1024 / n)) KiB per \(unit)), "
            + "read \(figure("%.0f", read / 1_048_576)) MiB from files (\(figure("%.2f", read / 1024 / n)) KiB per \(unit); most from the OS's cache)"
    }

    /// The throughput mix on workers already holding `sizes` open tickets, beside the durable C
    /// pipe of the same run.
    func growth(_ sizes: [Int], bench: BenchCluster, folder: String, topology: Topology, producer: KafkaProducer, durableBatch: Int) async throws {
        let warm = 2000
        var rows: [(tickets: Int, seedSeconds: Double?, runs: [MixFigures])] = []
        var durable: [RunFigures] = []
        for (index, size) in sizes.enumerated() {
            var seed: (path: String, figures: FaultSeed.Figures)?
            var seedSeconds: Double?
            if size > 0 {
                let path = seedFolder.map { "\($0)/seed-\(size).sqlite" } ?? "\(folder)/seed-\(size).sqlite"
                let figures = try FaultSeed.reusing(path, tickets: size, spread: 600, configDirectory: configDirectory) {
                    print("   seed of \(size): \($0)")
                    fflush(nil)
                }
                seed = (path, figures)
                seedSeconds = figures.seconds
            }
            var runs: [MixFigures] = []
            for run in 0..<self.runs {
                let (bootstrap, group, database) = (bench.bootstrap, "growth-durable-\(index)-\(run)", "\(folder)/durable-\(index)-\(run).sqlite")
                durable.append(try await Self.pipeRun(bench: bench, name: "durable", run: run, warm: warm, count: count) { input, output, total in
                    try await Baseline.durablePipe(
                        bootstrap: bootstrap, from: input, to: output, group: group, database: database, synchronousFull: true, maxBatch: durableBatch,
                        count: total, timeout: 300)
                })
                runs.append(try await mixRun(
                    bench: bench, folder: folder, label: "growth\(size)-\(runs.count)", warm: warm, topology: topology, producer: producer, seed: seed))
            }
            rows.append((size, seedSeconds, runs))
        }
        print("-- cost as work grows: \(count) alarm events of the throughput mix on a worker already holding N open tickets")
        print("   (seeded by the worker's own decisions in-process; each open ticket has its alarm, child, clocks and timers)")
        print("   durable C pipe (same run, all sizes): \(BenchReport.format(BenchReport.median(durable.map(\.rate)))) msg/s")
        print("   open tickets   alarm events/s (runs)          peak RSS   worker CPU   state DB")
        for row in rows {
            let rates = row.runs.map(\.figures.rate)
            let median = row.runs.sorted { $0.figures.rate < $1.figures.rate }[row.runs.count / 2]
            print(
                "   \(String(row.tickets).padding(toLength: 14, withPad: " ", startingAt: 0)) \(BenchReport.format(BenchReport.median(rates))) (\(rates.map(BenchReport.format).joined(separator: ", ")))"
                    + "   \(String(format: "%.0f", median.peakMiB)) MiB   \(String(format: "%.1f", median.cpuSeconds)) s   \(String(format: "%.0f", median.stateMiB)) MiB"
                    + (row.seedSeconds.map { "   (seeded in \(String(format: "%.0f", $0)) s)" } ?? ""))
        }
    }

    /// Alarm→ticket latency at `rate` alarms/s, `newFaults` of them raises of fresh circuits.
    /// One run of a C pipe (`pipe` forwards `total` records from `input` to `output`) on records of
    /// `size` bytes: `warm` records first, then `count` written flat out, timed to the last arrival
    /// at a sink.
    static func pipeRun(
        bench: BenchCluster, name: String, run: Int, warm: Int, count: Int, size: Int = 700,
        pipe: @escaping @Sendable (_ input: String, _ output: String, _ total: Int) async throws -> RunFigures
    ) async throws -> RunFigures {
        let input = try bench.newTopic("\(name)-in")
        let output = try bench.newTopic("\(name)-out")
        async let forwarded = pipe(input, output, warm + count)
        let result = try await Baseline.timedLoad(bootstrap: bench.bootstrap, input: input, output: output, warm: warm, count: count, size: size)
        _ = try await forwarded
        return result
    }

    func latencyRun(
        bench: BenchCluster, folder: String, label: inout Int, topology: Topology, producer: KafkaProducer, durableBatch: Int
    ) async throws {
        // The raw pipe at the same rate, for scale (the Kafka benchmark's programs), then the
        // durable C pipe at that rate: what committing each batch (synchronous=FULL) before
        // forwarding it adds on this machine (since session 33).
        let bootstrap = bench.bootstrap
        let rawCount = Int(rate * (latencySeconds + 1))
        func yardstick(durable: Bool) async throws -> RunFigures {
            let name = durable ? "durable" : "raw"
            let input = try bench.newTopic("lat-\(name)-in")
            let output = try bench.newTopic("lat-\(name)-out")
            let sinkReady = ReadyFlag()
            async let pipe = durable
                ? Baseline.durablePipe(
                    bootstrap: bootstrap, from: input, to: output, group: "fault-lat-\(name)", database: "\(folder)/lat-\(name).sqlite",
                    synchronousFull: true, maxBatch: durableBatch, count: rawCount, timeout: latencySeconds + 120)
                : Baseline.pipe(bootstrap: bootstrap, from: input, to: output, group: "fault-lat-\(name)", count: rawCount, timeout: latencySeconds + 120)
            async let sink = Baseline.sink(
                bootstrap: bootstrap, topic: output, count: rawCount, warmup: Int(rate), timeout: latencySeconds + 120, numbered: true, ready: sinkReady)
            try await sinkReady.wait(timeout: .seconds(30))
            try await Task.sleep(for: .seconds(8))  // the pipe joins its group
            _ = try await Baseline.produce(bootstrap: bootstrap, topic: input, count: rawCount, size: 16, rate: rate, numbered: true)
            let figures = try await sink
            _ = try await pipe
            return figures
        }
        let rawFigures = try await yardstick(durable: false)
        let durableFigures = try await yardstick(durable: true)
        label += 1
        let worker = try BenchWorker(
            .fault, bench: bench, folder: folder, label: "lat\(label)", configDirectory: configDirectory, partitions: partitions, replication: 3)
        let total = Int(rate * (latencySeconds + 1))
        let every = max(1, Int((1 / newFaults).rounded()))
        let fresh = (total + every - 1) / every
        let repeating = 2000
        try await publishInventory(circuits: fresh + repeating, perCustomer: 10, fibre: nil, topology: topology, topic: worker.name(.inventory), producer: producer)
        try await worker.waitInventory(fresh + repeating)
        let templates = try AlarmTemplates(topology: topology, topic: worker.name(.alarms), raised: Date())
        // The repeating alarms are raised first (their tickets are not measured).
        let raisedFirst = try await send((0..<repeating).map { templates.record(.raised, .init(id: Self.circuitID(fresh + $0), type: .circuit), serial: 10_000_000 + $0) }, producer)
        _ = try await worker.waitApplied(raisedFirst, timeout: 120)
        let latencySink = try TicketLatencySink(bootstrap: bench.bootstrap, topic: worker.name(.tickets), logger: bench.logger)
        try await Task.sleep(for: .seconds(1))
        let loadStart = Date()
        // Stamps are written to the millisecond (rounded down): allow for it.
        let sinkTask = Task { try await latencySink.collect(creates: fresh, since: loadStart.addingTimeInterval(-0.001), timeout: latencySeconds + 120) }
        try await produceAtRate(rate: rate, total: total, producer: producer) { n in
            // Every 1/newFaults-th alarm is a new fault (a raise stamped now); the others repeat.
            if n % every == 0 {
                let circuit = n / every
                let alarm = Alarm(
                    alarmId: "LAT-\(circuit)", state: .raised, perceivedSeverity: .critical, alarmType: .communicationsAlarm,
                    alarmedObject: .init(id: Self.circuitID(circuit), type: .circuit), probableCause: "lossOfSignal", alarmRaisedTime: Date(),
                    reportingSystemId: "BENCH-NMS")
                let record = try EventRecord(
                    EventEnvelope(.alarmCreate, event: alarm, eventTime: Date(), source: EventSource(unit: "GD", worker: "nms")), topology: topology)
                return KafkaProducerRecord(
                    topic: worker.name(.alarms), key: record.key, value: record.value, headers: record.headers.map { KafkaHeader(key: $0.name, string: $0.value) })
            }
            return templates.record(.updated, .init(id: Self.circuitID(fresh + n % repeating), type: .circuit), serial: 20_000_000 + n)
        }
        let latencies = try await sinkTask.value
        let measured = latencies.filter { $0.raisedAt >= loadStart.addingTimeInterval(1) }.map(\.milliseconds).sorted()
        // Fewer creations seen than new faults sent: say whether the worker opened them.
        let shortfall = latencies.count < fresh ? (tickets: (try? FaultStateReader(path: worker.statePath).ticketCount()) ?? -1, applied: worker.applied()) : nil
        worker.stop()
        BenchReport.latency(
            "C pipes' latency at \(Int(rate)) records/s for \(latencySeconds) s after a 1 s warm-up",
            rows: [("raw librdkafka pipe", [rawFigures]), ("durable C pipe", [durableFigures])])
        print("-- alarm→ticket latency at \(Int(rate)) alarms/s for \(latencySeconds) s after a 1 s warm-up (\(Int(newFaults * 100)) % new faults, the rest repeats)")
        if let figures = BenchReport.percentiles(measured, digits: 2) {
            print("   fault worker  \(figures)   (\(measured.count) tickets of \(latencies.count))")
            if let raw = rawFigures.p99, let durable = durableFigures.p99, let p99 = BenchReport.percentile(measured, 0.99) {
                print(String(format: "   p99 above the raw pipe's: fault worker %.2f ms, durable C pipe %.2f ms", p99 - raw, durable - raw))
            }
        } else {
            print("   no ticket measured")
        }
        if let shortfall {
            print(
                "   only \(latencies.count) of \(fresh) ticket creations seen in \(Int(latencySeconds) + 120) s; the worker's state holds \(shortfall.tickets) tickets"
                    + " (\(repeating) raised before the run) and counts \(shortfall.applied) alarm events applied of \(repeating + total) sent;"
                    + " the sink left out \(latencySink.startedBefore) started before the run and \(latencySink.undecoded.count) it could not read"
                    + (latencySink.undecoded.first.map { " (the first: \($0))" } ?? ""))
        }

    }

    static func circuitID(_ n: Int) -> String { "BC-\(n)" }

    /// Sends `records` in batches of 5 000, each delivered before the next is handed over, and
    /// returns how many were delivered. (The throughput mix is loaded this way, as in every
    /// session's figures; the storm hands its batches over without waiting, ``submit(_:_:)``.)
    func send(_ records: [KafkaProducerRecord], _ producer: KafkaProducer) async throws -> Int {
        var delivered = 0
        var index = 0
        while index < records.count {
            let results = await producer.send(Array(records[index..<min(index + 5000, records.count)]))
            delivered += results.filter { (try? $0.get()) != nil }.count
            index += 5000
        }
        return delivered
    }

    /// Hands `records` to the producer in order, in batches of 5 000, without waiting for their
    /// delivery (the producer waits for room when its queue is full).
    func submit(_ records: [KafkaProducerRecord], _ producer: KafkaProducer) async -> [KafkaPendingDeliveries] {
        var pending: [KafkaPendingDeliveries] = []
        var index = 0
        while index < records.count {
            pending.append(await producer.submit(Array(records[index..<min(index + 5000, records.count)])))
            index += 5000
        }
        return pending
    }

    /// Waits for `pending` records and returns how many were delivered.
    func delivered(_ pending: [KafkaPendingDeliveries]) async -> Int {
        var count = 0
        for batch in pending { count += await batch.results().filter { (try? $0.get()) != nil }.count }
        return count
    }

    /// Publishes ``inventory(circuits:perCustomer:fibre:topology:)`` to `topic`.
    func publishInventory(
        circuits: Int, perCustomer: Int, fibre: String?, topology: Topology, topic: String, producer: KafkaProducer
    ) async throws {
        let records = try Self.inventory(circuits: circuits, perCustomer: perCustomer, fibre: fibre, topology: topology).map { record in
            KafkaProducerRecord(topic: topic, key: record.key, value: record.value, headers: record.headers.map { KafkaHeader(key: $0.name, string: $0.value) })
        }
        let delivered = try await send(records, producer)
        guard delivered == records.count else { throw BenchError(description: "inventory: \(delivered) of \(records.count) delivered") }
    }

    /// Customers `BCU-<c>` (`perCustomer` circuits each, levels in turn), circuits
    /// `BC-<first>`…, and with `fibre` one fibre section carrying every circuit.
    static func inventory(circuits: Int, first: Int = 0, perCustomer: Int, fibre: String?, topology: Topology) throws -> [EventRecord] {
        let source = EventSource(unit: "GD", worker: "bench")
        let now = Date()
        func record<P: EventPayload>(_ type: EventType, _ payload: P) throws -> EventRecord {
            try EventRecord(EventEnvelope(type, event: payload, eventTime: now, source: source), topology: topology)
        }
        var records: [EventRecord] = []
        let levels = CustomerLevel.allCases
        for c in (first / perCustomer)..<((first + circuits + perCustomer - 1) / perCustomer) {
            records.append(try record(.customerUpdate, Customer(
                id: "BCU-\(c)", name: "Bench customer \(c)", level: levels[c % levels.count], assurance: .aa, units: ["GD-GZ"],
                customerManager: Contact(name: "CM \(c)", phone: "1"))))
        }
        for n in first..<(first + circuits) {
            records.append(try record(.circuitUpdate, Circuit(
                id: circuitID(n), customerId: "BCU-\(n / perCustomer)", serviceType: .ethernetPrivateLine, bandwidthKbps: 10_000,
                aEnd: .init(unit: "GD-GZ", address: "A"), zEnd: .init(unit: "GD-SZ", address: "Z"), assurance: .aa, scope: .crossCity)))
        }
        if let fibre {
            records.append(try record(.networkElementUpdate, NetworkElement(
                id: fibre, kind: .fibreCable, name: fibre, unit: "GD", circuitIds: (first..<(first + circuits)).map(circuitID))))
        }
        return records
    }

    /// Produces `total` records at `rate` per second, `make(n)` making the n-th.
    func produceAtRate(rate: Double, total: Int, producer: KafkaProducer, make: (Int) throws -> KafkaProducerRecord) async throws {
        let start = ContinuousClock.now
        let tick = 0.005
        var n = 0
        while n < total {
            let due = Int((ContinuousClock.now - start).seconds * rate)
            var batch: [KafkaProducerRecord] = []
            while n < min(due + 1, total) {
                batch.append(try make(n))
                n += 1
            }
            if !batch.isEmpty { _ = await producer.submit(batch) }
            try await Task.sleep(for: .seconds(tick))
        }
    }
}

/// Reads a worker's tickets topic: alarm→ticket latency of created tickets, and when a storm's
/// ticket lists every circuit.
final class TicketLatencySink: @unchecked Sendable {  // used from one task at a time
    struct Sample {
        var raisedAt: Date
        var milliseconds: Double
    }

    struct StormFigures {
        var firstTicket: ContinuousClock.Instant?
        var allCircuits: ContinuousClock.Instant?
    }

    private let consumer: KafkaConsumer
    private let topic: String
    /// Ticket creations ``collect(creates:since:timeout:)`` left out: started before `since`, or
    /// not read as a checked `TroubleTicket` event (with the first such error).
    private(set) var startedBefore = 0
    private(set) var undecoded: (count: Int, first: String?) = (0, nil)

    init(bootstrap: String, topic: String, logger: Logger) throws {
        var configuration = KafkaConsumerConfiguration(client: KafkaClientConfiguration(bootstrapServers: bootstrap), groupID: nil)
        configuration.fetchWaitMax = .milliseconds(10)
        consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        self.topic = topic
    }

    private func assign() async throws {
        let count = try await consumer.partitionCount(topic: topic)
        try consumer.assign(Dictionary(uniqueKeysWithValues: (0..<count).map { (KafkaTopicPartition(topic: topic, partition: Int32($0)), KafkaOffset.beginning) }))
    }

    /// Collects `creates` creations of tickets started at `since` or later (or what arrives
    /// before `timeout`).
    func collect(creates: Int, since: Date, timeout: Double) async throws -> [Sample] {
        try await assign()
        var samples: [Sample] = []
        let deadline = ContinuousClock.now + .seconds(timeout)
        while samples.count < creates, ContinuousClock.now < deadline {
            for message in try await consumer.poll(maxMessages: 2000, timeout: .milliseconds(20)) {
                let arrival = Date()
                guard message.headers.string("eventType") == EventType.troubleTicketCreate.rawValue, let value = message.value else { continue }
                let ticket: TroubleTicket
                do {
                    ticket = try EventEnvelope<TroubleTicket>.decode(value).event
                } catch {
                    undecoded = (undecoded.count + 1, undecoded.first ?? "\(error) (offset \(message.offset) of partition \(message.partition))")
                    continue
                }
                guard ticket.startedAt >= since else {
                    startedBefore += 1
                    continue
                }
                samples.append(Sample(raisedAt: ticket.startedAt, milliseconds: arrival.timeIntervalSince(ticket.startedAt) * 1000))
            }
        }
        await consumer.close()
        return samples
    }

    /// Watches for the first ticket event and for one listing `circuits` circuits.
    func watchStorm(circuits: Int, timeout: Double) async throws -> StormFigures {
        try await assign()
        var figures = StormFigures()
        let deadline = ContinuousClock.now + .seconds(timeout)
        while figures.allCircuits == nil, ContinuousClock.now < deadline {
            for message in try await consumer.poll(maxMessages: 100, timeout: .milliseconds(20)) {
                let arrival = ContinuousClock.now
                if figures.firstTicket == nil { figures.firstTicket = arrival }
                if let value = message.value, let ticket = try? EventEnvelope<TroubleTicket>.decode(value).event, ticket.circuitIds.count >= circuits {
                    figures.allCircuits = figures.allCircuits ?? arrival
                }
            }
        }
        await consumer.close()
        return figures
    }
}
