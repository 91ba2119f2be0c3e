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
    /// The partition count of the worker's topics.
    public let partitions: Int
    private let configDirectory: String
    private let clockArguments: [String]

    /// - Parameters:
    ///   - clockStart: what the workers' clock shows when the fixture is made.
    public init(_ kind: WorkerKind, configDirectory: String, clockStart: Date, partitions: Int = 3) throws {
        self.kind = kind
        self.configDirectory = configDirectory
        self.partitions = partitions
        // Made as the cluster starts (default names: see ProvisioningHarness).
        cluster = try EmbeddedKafkaCluster(
            brokers: 1, topics: Set(kind.inputs + kind.outputs + [.deadLetters]).map { KafkaTopicSpec(name: $0.defaultName, partitions: partitions) },
            logger: harnessLogger)
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

    // MARK: - Several instances (issue 15)

    /// Creates the worker's internal topics (``WorkerKind/internalTopics(beside:)``: its changelog
    /// and, for a worker that routes its inputs, its repartition topic) with the fixture's
    /// partition count, as `onepoint topics create` does, for instances with per-partition tasks.
    public func createInternalTopics() throws {
        let topics = kind.internalTopics()
        for name in [topics.changelog] + (topics.repartition.map { [$0] } ?? []) {
            try cluster.createTopic(KafkaTopicSpec(name: name, partitions: partitions))
        }
    }

    /// A new, empty state folder for one more instance (each process needs its own).
    public func newStateDirectory() throws -> String {
        let path = "\(stateDirectory)/instance-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Starts an instance with per-partition tasks (`ONEPOINT_RUNTIME_TASKS=per-partition`) on the
    /// state folder `stateDirectory` (``newStateDirectory()``), its log there.
    public func startTasks(stateDirectory: String) throws -> LoggedProcess {
        try start(in: stateDirectory, environment: ["ONEPOINT_RUNTIME_TASKS": "per-partition"])
    }

    /// The task stores under the instance folder `stateDirectory`, by task.
    public func taskStores(in stateDirectory: String) -> [Int32: String] {
        var stores: [Int32: String] = [:]
        for task in 0..<Int32(partitions) {
            let path = "\(stateDirectory)/\(kind.rawValue)/tasks/task-\(task).sqlite"
            if FileManager.default.fileExists(atPath: path) { stores[task] = path }
        }
        return stores
    }

    /// `sql` (a count) summed over the task stores under `stateDirectory`, and how many there are.
    public func sum(_ sql: String, overTasksIn stateDirectory: String) throws -> (total: Int, tasks: Int) {
        var total = 0
        let stores = taskStores(in: stateDirectory)
        for path in stores.values { total += try StateProbe.open(path).read { db in try Int.fetchOne(db, sql: sql) ?? 0 } }
        return (total, stores.count)
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

extension WorkerProcessFixture {
    /// Waits until `instances` share every task of the worker between them, each task in one of
    /// them (``LoggedProcess/currentTasks``): the group's assignment has settled.
    /// - Returns: false when `timeout` passes first.
    public func waitForTasks(sharedBy instances: [LoggedProcess], timeout: Duration = .seconds(90)) async -> Bool {
        let all = Set(0..<Int32(partitions))
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let held = instances.map(\.currentTasks)
            if held.reduce(0, { $0 + $1.count }) == all.count, held.reduce(Set<Int32>(), { $0.union($1) }) == all { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}

extension LoggedProcess {
    /// The tasks this worker instance runs now, as its log says (the runtime's `assigned …
    /// (tasks 0,2)`, until its next `revoked …`): empty before its first assignment.
    public var currentTasks: Set<Int32> {
        var tasks: Set<Int32> = []
        for line in output.split(separator: "\n") where line.contains("[OnePointRuntime]") {
            if line.contains("] assigned "), let open = line.range(of: "(tasks ") {
                tasks = Set(line[open.upperBound...].prefix { $0 != ")" }.split(separator: ",").compactMap { Int32($0) })
            } else if line.contains("] revoked ") {
                tasks = []
            }
        }
        return tasks
    }
}
