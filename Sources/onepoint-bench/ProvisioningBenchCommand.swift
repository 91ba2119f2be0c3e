import ArgumentParser
import Foundation
import GRDB
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointKafka
import OnePointState

/// `onepoint-bench provisioning`: the provisioning worker (`onepoint-provisioning` as a real
/// process) on a state holding 0, 10 000 and 100 000 open orders (issue 16): throughput of a
/// mix of new orders' lifecycles, peak memory, CPU and state size, beside the durable C pipe's
/// throughput on records of the same mean size in the same run.
struct ProvisioningBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provisioning",
        abstract: "Provisioning worker as open orders grow: events/s, peak RSS, CPU, state size, vs the durable C pipe.")

    /// Counts of open orders, written `10000,100000`.
    struct OrderCounts: ExpressibleByArgument {
        var values: [Int]

        init(_ values: [Int]) { self.values = values }

        init?(argument: String) {
            var values: [Int] = []
            for part in argument.split(separator: ",") {
                guard let value = Int(part.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")), value >= 0 else {
                    return nil
                }
                values.append(value)
            }
            self.values = values
        }

        var defaultValueDescription: String { values.map(String.init).joined(separator: ",") }
    }

    @Option(help: "Open orders in the worker's state, comma-separated: a row each, after the row of none.")
    var openOrders = OrderCounts([10_000, 100_000])
    @Option(help: "Events per throughput run (whole orders: at least this many).") var count = 50_000
    @Option(help: "Orders taken through their lifecycle before each timed run.") var warmUpOrders = 100
    @Option(help: "Runs per size (and of the durable C pipe); the median is reported.") var runs = 3
    @Option(help: "Partitions of every benchmark topic (the embedded cluster keeps ~5 MiB per partition).") var partitions = 24
    @Option(help: "Seconds of simulated time over which the seeded orders arrived.") var spread = 28_800.0
    @Option(help: "The configuration folder to copy.") var configDirectory = "config"
    @Option(help: "Keep the seeds in this folder and reuse those found there (made with the same --spread).") var seedDirectory: String?

    /// The figures of one worker run.
    struct WorkerRun {
        var load: RunFigures
        var peakMiB: Double
        /// CPU seconds of the worker during the timed load.
        var cpu: Double
        var readySeconds: Double
        /// The state database (with its write-ahead log) after the run.
        var stateMiB: Double
    }

    func run() async throws {
        let sizes = Array(Set([0] + openOrders.values)).sorted()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-provisioning-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let topology = try DomainConfiguration.load(directory: configDirectory).topology
        BenchReport.header(
            "Provisioning worker as open orders grow",
            details: "onepoint-provisioning process (SQLite synchronous=FULL) on an embedded cluster of 3 brokers, \(partitions) partitions; "
                + "state seeded by the worker's own decisions in-process")

        // MARK: Seeds
        let start = ProvisioningSeed.defaultStart
        // The worker's clock starts just after the seed's last order: nothing seeded falls due.
        let clockStart = start.addingTimeInterval(spread + 60)
        print("-- seeds: orders arriving evenly over \(Int(spread)) s of simulated time from \(Self.iso(start)) (Monday 09:00 in China), each")
        print("   dispatched (work orders, deadline, warning and overdue timers) and taken 0-3 steps into its work; 3 in 4 local, 1 in 4")
        print("   cross-city; customers of 10 orders each, and \(ProvisioningSeed.loadCustomers) customers for the load's orders")
        print("   open orders   seeded in   timers set   state DB    first timer due (the worker's clock starts at \(Self.iso(clockStart)))")
        var seeds: [Int: String] = [:]
        if let seedDirectory { try FileManager.default.createDirectory(atPath: seedDirectory, withIntermediateDirectories: true) }
        for size in sizes {
            let path = "\(seedDirectory ?? folder)/provisioning-seed-\(size).sqlite"
            let seed: ProvisioningSeed.Figures
            let reused = seedDirectory != nil && FileManager.default.fileExists(atPath: path)
            if reused {
                seed = try ProvisioningSeed.figures(of: path)
            } else {
                seed = try ProvisioningSeed(orders: size, start: start, spread: spread).write(to: path, configDirectory: configDirectory) { line in
                    FileHandle.standardError.write(Data("   seed \(size): \(line)\n".utf8))
                }
            }
            guard seed.end < clockStart else { throw BenchError(description: "the seed \(path) ends at \(Self.iso(seed.end)), after the worker's clock start") }
            if let due = seed.firstDue, due < clockStart.addingTimeInterval(3600) {
                throw BenchError(description: "a seeded timer falls due at \(Self.iso(due)), within an hour of the worker's clock start")
            }
            let due = seed.firstDue.map { "\(Self.iso($0)) (+\(String(format: "%.1f", $0.timeIntervalSince(clockStart) / 86_400)) days)" } ?? "none"
            print(
                "   \(Self.number(size, 12))  \(reused ? "reused    " : Self.pad(String(format: "%.1f s", seed.seconds), 10))  \(Self.number(seed.timers, 11))"
                    + "  \(Self.pad(String(format: "%.0f MiB", seed.mebibytes), 10))  \(due)")
            seeds[size] = path
        }

        // MARK: The load
        // New orders from intake to final acceptance, stamped with the worker's clock at its start.
        func lifecycles(_ prefix: String, orders: Int? = nil, events: Int = 0) throws -> [[[EventRecord]]] {
            var result: [[[EventRecord]]] = []
            var total = 0
            var n = 0
            while orders.map({ n < $0 }) ?? (total < events) {
                let order = OrderLifecycle(id: "\(prefix)\(n)", number: n, customer: OrderLifecycle.customer("BCU-L", n % ProvisioningSeed.loadCustomers))
                let segments = try order.segments(at: clockStart, topology: topology)
                total += segments.reduce(0) { $0 + $1.count }
                result.append(segments)
                n += 1
            }
            return result
        }
        let warm = try lifecycles("SO-W", orders: warmUpOrders)
        let load = try lifecycles("SO-L", events: count)
        let records = load.flatMap { $0.flatMap { $0 } }
        let events = records.count
        let meanSize = records.reduce(0) { $0 + $1.value.count } / max(1, events)
        var byType: [String: Int] = [:]
        for record in records { byType[record.header(EventRecord.HeaderName.eventType) ?? "?", default: 0] += 1 }
        print("-- the load: \(load.count) new orders, \(events) events (mean value \(meanSize) bytes), after a warm-up of \(warm.count) orders;")
        print("   each order from intake to final acceptance as the CRM and the units send it (3 in 4 local, one work order, 11 events;")
        print("   1 in 4 cross-city, three work orders, 24 events): the order; per work order engineering (the first with a note: progress")
        print("   feedback to the customer manager), in-progress inspection, configuration, a local test report, local completion; the")
        print("   end-to-end test report; end-to-end completion (with a note), each point's preliminary acceptance (cross-city), the")
        print("   order's preliminary acceptance, trial operation and final acceptance (the order completes, its circuit is published).")
        let shares = byType.sorted { $0.value > $1.value }.map { "\($0.key) \(String(format: "%.0f", Double($0.value) * 100 / Double(events))) %" }
        print("   by type: " + shares.joined(separator: ", "))
        print("   An order's next segment (its records on one topic) is sent once the worker's state shows the segment before it applied")
        print("   (a test report after the configuration it tests), thousands of orders in flight; timed from the load's first send until")
        print("   the worker's stored input positions (runtime_positions, committed with each decision) pass every record sent. Checked")
        print("   after each run: every order of the load completed (prov_orders), the seeded ones still open, no dead letter.")

        // MARK: The durable limit
        let bench = try BenchCluster(brokers: 3, partitions: partitions)
        let bootstrap = bench.bootstrap
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: bootstrap), logger: bench.logger)
        let durableBatch = try await Baseline.workerBatchSize(configDirectory: configDirectory)
        var durable: [RunFigures] = []
        for run in 0..<runs {
            durable.append(
                try await FaultBenchCommand.pipeRun(bench: bench, name: "durable", run: run, warm: 2000, count: events, size: meanSize) { input, output, total in
                    try await Baseline.durablePipe(
                        bootstrap: bootstrap, from: input, to: output, group: "provisioning-durable-\(run)", database: "\(folder)/durable-\(run).sqlite",
                        synchronousFull: true, maxBatch: durableBatch, count: total, timeout: 300)
                })
        }
        let durableRate = BenchReport.median(durable.map(\.rate))
        print("-- durable C pipe (synchronous=FULL), \(events) records of \(meanSize) bytes, batches of at most \(durableBatch) as the worker's")
        print("   \(BenchReport.format(durableRate)) msg/s   runs: \(durable.map { BenchReport.format($0.rate) }.joined(separator: ", "))")

        // MARK: The worker, size by size
        print("-- provisioning worker, \(events) events per run (\(runs) run\(runs == 1 ? "" : "s") per size; medians)")
        print("   open orders   events/s    / durable   peak RSS   CPU (load)   events/CPU-s   start to ready   state DB after   runs (events/s)")
        var label = 0
        for size in sizes {
            guard let seed = seeds[size] else { continue }
            var figures: [WorkerRun] = []
            for _ in 0..<runs {
                label += 1
                figures.append(try await workerRun(
                    bench: bench, producer: producer, folder: folder, label: "prov\(label)", seed: seed, openOrders: size, clockStart: clockStart,
                    warm: warm, load: load))
            }
            let rate = BenchReport.median(figures.map(\.load.rate))
            let cpu = BenchReport.median(figures.map(\.cpu))
            print(
                "   \(Self.number(size, 12))  \(BenchReport.format(rate))  \(Self.pad(String(format: "%.1f %%", durableRate > 0 ? rate / durableRate * 100 : 0), 9))"
                    + "  \(Self.pad(String(format: "%.0f MiB", BenchReport.median(figures.map(\.peakMiB))), 9))"
                    + "  \(Self.pad(String(format: "%.1f s", cpu), 11))  \(Self.pad(String(format: "%.0f", cpu > 0 ? Double(events) / cpu : 0), 13))"
                    + "  \(Self.pad(String(format: "%.2f s", BenchReport.median(figures.map(\.readySeconds))), 15))"
                    + "  \(Self.pad(String(format: "%.0f MiB", BenchReport.median(figures.map(\.stateMiB))), 15))"
                    + "  \(figures.map { String(format: "%.0f", $0.load.rate) }.joined(separator: ", "))")
        }
        await producer.close()
        bench.close()
    }

    /// One run: a worker on a copy of `seed`, warmed up with `warm`, timed on `load`, then checked.
    func workerRun(
        bench: BenchCluster, producer: KafkaProducer, folder: String, label: String, seed: String, openOrders: Int, clockStart: Date,
        warm: [[[EventRecord]]], load: [[[EventRecord]]]
    ) async throws -> WorkerRun {
        // The worker's clock shows `clockStart` at `origin` and runs at real speed.
        let origin = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let worker = try BenchWorker(
            .provisioning, bench: bench, folder: folder, label: label, configDirectory: configDirectory, partitions: partitions, replication: 3,
            seed: seed, arguments: BenchWorker.clock(showing: clockStart, at: origin))
        defer {
            worker.stop()
            try? FileManager.default.removeItem(atPath: worker.stateDirectory)
        }
        let ready = try await worker.waitReady(timeout: 300)
        let state = try ReadOnlyStores(paths: [worker.statePath])
        let positions = { try state.each { db in try StateTables.positions(db) }.first ?? [:] }
        func records(_ orders: [[[EventRecord]]]) -> [[[KafkaProducerRecord]]] {
            orders.map { segments in
                segments.map { segment in
                    segment.map { record in
                        KafkaProducerRecord(
                            topic: worker.name(record.topic), key: record.key, value: record.value,
                            headers: record.headers.map { KafkaHeader(key: $0.name, string: $0.value) })
                    }
                }
            }
        }
        _ = try await GatedLoad(records(warm)).run(producer: producer, timeout: 120, positions: positions, check: worker.checkRunning)
        let timed = GatedLoad(records(load))
        let cpuBefore = worker.cpuSeconds()
        let loadStart = ContinuousClock.now
        let done = try await timed.run(producer: producer, timeout: 900, positions: positions, check: worker.checkRunning)
        let cpu = worker.cpuSeconds() - cpuBefore
        let peak = worker.peakResidentMiB()

        // Checked: every order of the load completed, the seeded ones open, nothing dead-lettered.
        let (completed, open) = try state.each { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM prov_orders WHERE state = ?", arguments: [ServiceOrderState.completed.rawValue]) ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM prov_orders WHERE state = ?", arguments: [ServiceOrderState.inProgress.rawValue]) ?? 0
            )
        }.first ?? (0, 0)
        let drained = ContinuousClock.now + .seconds(120)
        while (try state.each { db in try StateTables.outboxDepth(db) }.first ?? 0) > 0, ContinuousClock.now < drained {
            try await Task.sleep(for: .milliseconds(50))
        }
        let deadLetters = try await Self.records(on: worker.name(.deadLetters), bench: bench)
        guard completed == warm.count + load.count, open == openOrders, deadLetters == 0 else {
            throw BenchError(description: """
                after the run: \(completed) of \(warm.count + load.count) orders completed, \(open) of \(openOrders) seeded orders open, \
                \(deadLetters) dead letters; see \(worker.log)
                """)
        }
        let stateMiB = SeededStore.mebibytes(worker.statePath) + SeededStore.mebibytes(worker.statePath + "-wal")
        return WorkerRun(
            load: RunFigures(messages: timed.total, seconds: (done - loadStart).seconds), peakMiB: peak, cpu: cpu,
            readySeconds: (ready - worker.startedAt).seconds, stateMiB: stateMiB)
    }

    /// Records on `topic` (the sum of its partitions' high watermarks).
    static func records(on topic: String, bench: BenchCluster) async throws -> Int {
        let consumer = try KafkaConsumer(configuration: .init(bootstrapServers: bench.bootstrap, groupID: nil), logger: bench.logger)
        var total: Int64 = 0
        for partition in 0..<(try await consumer.partitionCount(topic: topic)) {
            total += try await consumer.watermarks(KafkaTopicPartition(topic: topic, partition: Int32(partition))).high
        }
        await consumer.close()
        return Int(total)
    }

    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    static func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }

    static func number(_ value: Int, _ width: Int) -> String { pad(value.formatted(.number.grouping(.automatic)), width) }
}
