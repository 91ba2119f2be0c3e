import Foundation
import GRDB
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointKafka

/// A worker executable run as operators run it, for crash tests: its own embedded cluster with
/// the worker's topics (default names), a producer for its inputs, a state folder, and one
/// accelerated clock at real speed from a fixed start that every instance shares (so a restarted
/// instance reads the same time as the one it replaces).
public final class WorkerProcessFixture {
    public let kind: WorkerKind
    public let cluster: EmbeddedKafkaCluster
    public let domain: DomainConfiguration
    public let producer: KafkaProducer
    public let stateDirectory: String
    private let configDirectory: String
    private let clockArguments: [String]

    /// - Parameters:
    ///   - clockStart: what the workers' clock shows when the fixture is made.
    public init(_ kind: WorkerKind, configDirectory: String, clockStart: Date, partitions: Int = 3) throws {
        self.kind = kind
        self.configDirectory = configDirectory
        cluster = try EmbeddedKafkaCluster(brokers: 1, logger: harnessLogger)
        for topic in Set(kind.inputs + kind.outputs + [.deadLetters]) {
            try cluster.createTopic(KafkaTopicSpec(name: topic.defaultName, partitions: partitions))
        }
        domain = try DomainConfiguration.load(directory: configDirectory)
        producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: harnessLogger)
        stateDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-\(kind)-crash-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        let zone = domain.calendar.timeZone
        clockArguments = [
            "--clock", "accelerated", "--clock-start", ISOTime.format(clockStart, in: zone), "--clock-factor", "1",
            "--clock-origin", ISOTime.format(Date(), in: zone),
        ]
    }

    /// The worker's database.
    public var statePath: String { "\(stateDirectory)/\(kind.rawValue)/state.sqlite" }

    /// Starts an instance of the worker, its log in the state folder.
    public func start() throws -> LoggedProcess {
        try start(in: stateDirectory)
    }

    /// Starts an instance of the worker on state folder `folder` (another machine's instance has
    /// its own), its log there, with `environment` added to this process's (e.g.
    /// `ONEPOINT_RUNTIME_TASKS=per-partition`).
    public func start(in folder: String, environment: [String: String] = [:]) throws -> LoggedProcess {
        try LoggedProcess(
            kind.executableName,
            [
                "--config", configDirectory + "/onepoint.yaml", "--bootstrap-servers", cluster.bootstrapServers, "--state-dir", folder,
                "--http-port", "0", "--log-level", "info",
            ] + clockArguments,
            log: folder + "/\(kind.rawValue)-\(UUID().uuidString.prefix(6)).log", environment: environment)
    }

    /// The record of `payload` as an event of `type` from `unit`.
    public func record<P: EventPayload>(_ type: EventType, _ payload: P, unit: UnitID) throws -> EventRecord {
        try EventRecord(EventEnvelope(type, event: payload, eventTime: Date(), source: EventSource(unit: unit, worker: "test")), topology: domain.topology)
    }

    /// Publishes records on their topics (default names), in order, and waits for delivery.
    public func send(_ records: [EventRecord]) async throws {
        let results = await producer.send(records.map { record in
            KafkaProducerRecord(
                topic: record.topic.defaultName, key: record.key, value: record.value, headers: record.headers.map { KafkaHeader(key: $0.name, string: $0.value) })
        })
        for result in results { _ = try result.get() }
    }

    /// Waits until `sql` (a count) on the worker's database is `expected`.
    /// - Throws: ``HarnessTimeout`` with the last count.
    public func waitForCount(_ sql: String, equals expected: Int, timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = -1
        while ContinuousClock.now < deadline {
            if let queue = try? StateProbe.open(statePath), let count = try? await queue.read({ db in try Int.fetchOne(db, sql: sql) }) {
                last = count
                if last == expected { return }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessTimeout(description: "\(sql) is \(last), expected \(expected)")
    }

    public func close() async { await producer.close() }
}
