import ArgumentParser
import CKafkaBaseline
import Foundation
import Logging
import OnePointKafka

/// `onepoint-bench restore`: how fast a task's store comes back from its changelog. A changelog of
/// `rows` row records (in transactions of `rows-per-transaction`, each closed by a commit marker,
/// as the runtime writes them) is spread over `partitions` tasks; a real `onepoint-relay` with an
/// empty state folder restores every task, and the raw librdkafka consumer reads the same records
/// in the same run. The embedded cluster keeps about 5 MiB per partition, so a million records
/// need about 100 partitions: the figure is per million records over many tasks, not one task.
struct RestoreBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restoring task stores from their changelogs (relay) vs reading the same records (raw librdkafka).")

    @Option(help: "Row records in the changelog, over every partition.") var rows = 1_000_000
    @Option(help: "Partitions (tasks); the embedded cluster keeps about 5 MiB per partition.") var partitions = 100
    @Option(help: "Row records per transaction (one commit marker each).") var rowsPerTransaction = 100
    @Option(help: "Runs; the median is reported.") var runs = 3

    func run() async throws {
        let bench = try BenchCluster(brokers: 1, partitions: partitions)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-bench-restore-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        BenchReport.header(
            "Restoring tasks from changelogs", details: "\(rows) row records over \(partitions) tasks, \(rowsPerTransaction) per transaction, relay = onepoint-relay process, median of \(runs) runs")
        var raw: [RunFigures] = []
        var restore: [RunFigures] = []
        var walls: [Double] = []
        let deadLetters = try bench.newTopic("restore-dlq")
        for run in 0..<runs {
            let changelog = try bench.newTopic("changelog")
            let input = try bench.newTopic("restore-in")
            let output = try bench.newTopic("restore-out")
            let records = try await fill(changelog, bootstrap: bench.bootstrap)
            let readStart = kb_now_ns()
            let read = try await Baseline.sink(bootstrap: bench.bootstrap, topic: changelog, count: records, warmup: 0, timeout: 600)
            raw.append(RunFigures(messages: records, seconds: Double(read.lastArrival - readStart) / 1e9))

            let log = "\(folder)/relay-\(run).log"
            let started = ContinuousClock.now
            let relay = try RelayRunner(
                bootstrap: bench.bootstrap, input: input, output: output, deadLetters: deadLetters, group: "restore-\(run)", state: "\(folder)/state-\(run)",
                extra: ["--tasks", "per-partition", "--changelog", changelog, "--log-level", "info"], log: log)
            let ready = await relay.waitForLog("ready: caught up", timeout: .seconds(900))
            let wall = ContinuousClock.now - started
            relay.stop()
            guard ready else { throw BenchError(description: "the relay did not restore its tasks within 900 s; see \(log)") }
            // The runtime logs each task's restore: records read and seconds spent.
            var restored = 0
            var seconds = 0.0
            for line in relay.output.split(separator: "\n") where line.contains("restored from \(changelog)") {
                let fields = line.split(separator: " ")
                if let r = fields.first(where: { $0.hasPrefix("records=") }).flatMap({ Int($0.dropFirst(8)) }),
                    let s = fields.first(where: { $0.hasPrefix("seconds=") }).flatMap({ Double($0.dropFirst(8)) })
                {
                    restored += r
                    seconds += s
                }
            }
            guard restored == records else { throw BenchError(description: "the relay restored \(restored) of \(records) records; see \(log)") }
            restore.append(RunFigures(messages: restored, seconds: seconds))
            walls.append(wall.seconds)
        }
        BenchReport.throughput("restore \(rows) rows over \(partitions) tasks (time inside the restores)", raw: raw, swift: restore, swiftLabel: "relay restore", rawLabel: "raw read")
        let wall = walls.sorted()[walls.count / 2]
        print("   start to ready (group join, \(partitions) stores opened and restored): \(String(format: "%.1f", wall)) s   runs: \(walls.map { String(format: "%.1f", $0) }.joined(separator: ", "))")
        print("   per million rows: \(String(format: "%.1f", BenchReport.median(restore.map(\.seconds)) * 1_000_000 / Double(rows))) s inside the restores")
        bench.close()
    }

    /// Writes the changelog: per partition a generation marker, then transactions of row records
    /// closed by commit markers. Returns the number of records written.
    private func fill(_ topic: String, bootstrap: String) async throws -> Int {
        var configuration = KafkaProducerConfiguration(bootstrapServers: bootstrap)
        configuration.linger = .milliseconds(5)
        let producer = try KafkaProducer(configuration: configuration, logger: Logger(label: "bench"))
        defer { Task { await producer.close() } }
        let perPartition = rows / partitions
        var written = 0
        for partition in 0..<partitions {
            let generation = UUID().uuidString.lowercased()
            func headers(_ seq: Int) -> [KafkaHeader] {
                [KafkaHeader(key: "onepoint.changelog.generation", string: generation), KafkaHeader(key: "onepoint.changelog.seq", string: String(seq))]
            }
            var batch = [
                KafkaProducerRecord(
                    topic: topic, key: "~generation", value: Array(#"{"generation":"\#(generation)","rebase":false}"#.utf8), headers: headers(0), partition: Int32(partition))
            ]
            var seq = 1
            for row in 0..<perPartition {
                let key = "p\(partition)-k\(row)"
                batch.append(
                    KafkaProducerRecord(
                        topic: topic, key: #"relay_totals/["\#(key)"]"#, value: Array(#"{"key":"\#(key)","count":1,"total":\#(row)}"#.utf8), headers: headers(seq),
                        partition: Int32(partition)))
                seq += 1
                if (row + 1) % rowsPerTransaction == 0 || row == perPartition - 1 {
                    batch.append(KafkaProducerRecord(topic: topic, key: "~commit", value: Array(#"{"seq":\#(seq)}"#.utf8), headers: headers(seq), partition: Int32(partition)))
                    seq += 1
                }
            }
            let results = await producer.send(batch)
            if let failure = results.first(where: { (try? $0.get()) == nil }), case .failure(let error) = failure {
                throw BenchError(description: "writing the changelog failed: \(error)")
            }
            written += batch.count
        }
        return written
    }
}
