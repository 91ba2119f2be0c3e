import ArgumentParser
import Foundation
import OnePointConfig
import OnePointContracts
import OnePointFault
import OnePointRuntime

/// `onepoint-bench decode`: the fault worker's decoding of alarm records (`FaultLogic.decode`, what
/// the runtime runs on each record before its transaction: head, schema check, typed event) on one
/// thread, with no Kafka and no SQLite, beside Foundation's `JSONSerialization` parsing the same
/// bytes in the same run.
///
/// A worker's run shares both cores with the load generator and the embedded cluster, and its
/// profile mixes decoding with everything else; this loop is decoding alone, so a profile of it
/// (`perf record … onepoint-bench decode`) shows where decoding's time goes. Its figures still move
/// between invocations with the machine's speed (±15 % on the 2-core machine of
/// `docs/performance.md`): compare them with `JSONSerialization`'s from the same run.
struct DecodeBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Fault worker's decoding of alarm records on one thread: CPU per record, beside JSONSerialization on the same bytes.")

    @Option(help: "Alarm records per run (per circuit: a raise, three updates, a clear).") var count = 200_000
    @Option(help: "Runs; the fastest and the median are reported.") var runs = 7
    @Option(help: "The configuration folder to read.") var configDirectory = "config"

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be at least 1, not \(count)") }
        guard runs > 0 else { throw ValidationError("--runs must be at least 1, not \(runs)") }
    }

    func run() async throws {
        // What a worker builds once as it starts (before this, nothing in the process has).
        let schemasBegan = ContinuousClock.now
        EventType.prepareSchemas()
        let schemas = (ContinuousClock.now - schemasBegan).seconds * 1000
        let domain = try DomainConfiguration.load(directory: configDirectory)
        let logic = FaultLogic(domain: domain, settings: try FaultSettings.load(directory: configDirectory), topics: TopicNames())
        let topic = TopicNames().name(of: .alarms)
        let templates = try AlarmTemplates(topology: domain.topology, topic: topic, raised: Date())
        let states: [Alarm.State] = [.raised, .updated, .updated, .updated, .cleared]
        let records = (0..<count).map { serial in
            let parts = templates.parts(states[serial % 5], .init(id: FaultBenchCommand.circuitID(serial / 5), type: .circuit), serial: serial)
            return InputRecord(
                topic: topic, partition: Int32(serial % 12), offset: Int64(serial / 12), key: Array(parts.key.utf8), value: parts.value,
                headers: parts.headers.map { InputRecord.Header(name: $0.0, text: $0.1) })
        }
        let bytes = records.reduce(0) { $0 + ($1.value?.count ?? 0) }
        BenchReport.header(
            "Decoding alarm records as the fault worker does (one thread; no Kafka, no SQLite)",
            details: "\(count) records, \(bytes / count) bytes each on average (per circuit: a raise, three updates, a clear); \(runs) runs")
        print("   every event type's schema and reading plan built in \(String(format: "%.1f", schemas)) ms (once per process; a worker does it as it starts)")

        var ours: [Double] = []
        var foundation: [Double] = []
        for _ in 0..<runs {
            // Alternated within each run, so both see the machine's same moment.
            var decoded = 0
            let began = ContinuousClock.now
            for record in records {
                if case .alarm = try logic.decode(record).input { decoded += 1 }
            }
            ours.append((ContinuousClock.now - began).seconds * 1e6 / Double(count))
            guard decoded == count else { throw ValidationError("only \(decoded) of \(count) records decoded as alarms") }

            var parsed = 0
            let parseBegan = ContinuousClock.now
            for record in records {
                if try JSONSerialization.jsonObject(with: Data(record.value ?? [])) is [String: Any] { parsed += 1 }
            }
            foundation.append((ContinuousClock.now - parseBegan).seconds * 1e6 / Double(count))
            guard parsed == count else { throw ValidationError("only \(parsed) of \(count) records parsed as objects") }
        }
        Self.report("fault worker decode", ours)
        Self.report("JSONSerialization parse", foundation)
        print("   decode / JSONSerialization (fastest runs): \(String(format: "%.2f", (ours.min() ?? 0) / max(foundation.min() ?? 1, 1e-9)))")
    }

    private static func report(_ label: String, _ values: [Double]) {
        let runs = values.map { String(format: "%.3f", $0) }.joined(separator: ", ")
        print(
            "   \(label.padding(toLength: 26, withPad: " ", startingAt: 0)) fastest \(String(format: "%.3f", values.min() ?? 0)) µs/record   median \(String(format: "%.3f", BenchReport.median(values))) µs/record   runs: \(runs)"
        )
    }
}
