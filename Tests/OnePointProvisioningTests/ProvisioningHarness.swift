import Foundation
import GRDB
import Logging
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointKafka
import OnePointProvisioning
import OnePointRuntime
import OnePointState
import OnePointTestSupport
import ServiceLifecycle
import Synchronization
import Testing

let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}()

/// The repository's `config/` folder: the shipped calendar, SLA tables, topology and thresholds.
let configDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("config").path

let shippedConfiguration: DomainConfiguration = {
    do {
        return try DomainConfiguration.load(directory: configDirectory)
    } catch {
        preconditionFailure("the shipped configuration must load: \(error)")
    }
}()

/// An instant in China Standard Time, `yyyy-MM-dd HH:mm`.
func cst(_ text: String) -> Date {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    guard let date = formatter.date(from: text) else { preconditionFailure("bad test instant \(text)") }
    return date
}

/// One event the worker emitted.
struct Output {
    var topic: String
    var type: EventType?
    var key: String
    var unit: String?
    var eventId: String?
    var value: [UInt8]?
    /// For a dead letter: why (`onepoint.error.message`).
    var errorMessage: String?

    func event<P: EventPayload>(_ payload: P.Type) throws -> P {
        try EventEnvelope<P>.decode(value ?? []).event
    }
}

/// The provisioning worker in this process: its real runtime on an embedded cluster, a simulated
/// clock, the shipped configuration; inputs produced as the CRM and the units would, outputs
/// read back from every topic the worker writes.
final class ProvisioningHarness: @unchecked Sendable {
    let cluster: EmbeddedKafkaCluster
    /// The worker's state file (``TaskLayout/single``).
    let state: String
    /// How the worker's inputs are split into tasks: ``TaskLayout/single`` (one store, ``state``)
    /// or ``TaskLayout/perPartition`` (a store per task under ``taskFolder``).
    let tasks: TaskLayout
    /// The folder of the tasks' stores (``TaskLayout/perPartition``).
    let taskFolder: String
    let clock: SimulatedWorkerClock
    let producer: KafkaProducer
    let topology = shippedConfiguration.topology
    /// The domain configuration the worker runs with (the shipped one unless a test changes it).
    let domain: DomainConfiguration
    private let reader: KafkaConsumer
    private(set) var outputs: [Output] = []
    /// The next offset to read of each output partition.
    private var readUpTo: [KafkaTopicPartition: Int64] = [:]
    private let outputPartitions: [KafkaTopicPartition]
    /// Every partition of the worker's inputs.
    private let inputPartitions: [KafkaTopicPartition]
    /// Whether ``run(readinessTimeout:sourceLocation:_:)`` is running the worker.
    private let running = Mutex(false)

    /// - Parameter tasks: with ``TaskLayout/perPartition`` the topics have their default
    ///   partition counts (``Topic/defaultPartitions``) and the worker a store per task; with
    ///   ``TaskLayout/single``, 3 partitions each and one store.
    init(start: Date, domain: DomainConfiguration = shippedConfiguration, tasks: TaskLayout = .single) async throws {
        self.domain = domain
        self.tasks = tasks
        var topics = Topic.allCases.map { topic in
            KafkaTopicSpec(name: topic.defaultName, partitions: topic == .deadLetters ? 1 : (tasks == .perPartition ? topic.defaultPartitions : 3))
        }
        if tasks == .perPartition, let repartition = Self.repartitionTopic {
            // As `onepoint topics create` makes it: a partition per task.
            topics.append(KafkaTopicSpec(name: repartition, partitions: Topic.serviceOrders.defaultPartitions))
        }
        // Made as the cluster starts: a client of an earlier test's cluster still retrying its
        // address, which the new listener may have taken over, would otherwise have these
        // default-named topics auto-created first (CI saw "Topic already exists").
        cluster = try EmbeddedKafkaCluster(brokers: 1, topics: topics, logger: quietLogger)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-prov-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        state = folder.appendingPathComponent("state.sqlite").path
        taskFolder = folder.appendingPathComponent("tasks").path
        clock = SimulatedWorkerClock(start: start)
        producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: quietLogger)
        reader = try KafkaConsumer(configuration: .init(bootstrapServers: cluster.bootstrapServers, groupID: nil), logger: quietLogger)
        var assignment: [KafkaTopicPartition: KafkaOffset] = [:]
        for topic in WorkerKind.provisioning.outputs + [.deadLetters] {
            let partitions = try await reader.partitionCount(topic: topic.defaultName)
            for partition in 0..<partitions {
                assignment[KafkaTopicPartition(topic: topic.defaultName, partition: Int32(partition))] = .beginning
            }
        }
        try reader.assign(assignment)
        outputPartitions = Array(assignment.keys)
        var inputs: [KafkaTopicPartition] = []
        let repartition = tasks == .perPartition ? Self.repartitionTopic.map { [$0] } ?? [] : []
        for topic in WorkerKind.provisioning.inputs.map(\.defaultName) + repartition {
            let partitions = try await reader.partitionCount(topic: topic)
            inputs += (0..<partitions).map { KafkaTopicPartition(topic: topic, partition: Int32($0)) }
        }
        inputPartitions = inputs
    }

    /// The worker's repartition topic (``WorkerKind/internalTopics(beside:)``).
    static let repartitionTopic = WorkerKind.provisioning.internalTopics().repartition

    deinit {
        try? FileManager.default.removeItem(atPath: (state as NSString).deletingLastPathComponent)
    }

    var configuration: RuntimeConfiguration {
        var configuration = RuntimeConfiguration(
            name: "provisioning", groupID: WorkerKind.provisioning.consumerGroup,
            inputTopics: WorkerKind.provisioning.inputs.map(\.defaultName), deadLetterTopic: Topic.deadLetters.defaultName,
            kafka: KafkaClientConfiguration(bootstrapServers: cluster.bootstrapServers), statePath: tasks == .single ? state : taskFolder)
        configuration.tasks = tasks
        if tasks == .perPartition {
            // As a worker's settings configure it with tasks: its compacted inputs (the inventory,
            // the calendar) are global topics, which every task reads whole.
            let inputs = WorkerKind.provisioning.inputs
            configuration.inputTopics = inputs.filter { !$0.isCompacted }.map(\.defaultName)
            configuration.globalTopics = inputs.filter(\.isCompacted).map(\.defaultName)
            // Version 1 progress, keyed by the work-order id, meets its order's task through the
            // repartition topic.
            if let repartition = Self.repartitionTopic {
                configuration.inputTopics.append(repartition)
                configuration.repartitionTopic = repartition
            }
        }
        configuration.retryDelay = .milliseconds(10)
        configuration.maxAttempts = 2
        configuration.idleWait = .milliseconds(20)
        return configuration
    }

    /// Runs the worker until `body` returns, then shuts it down gracefully. The body starts once
    /// the worker is ready; a worker not ready within `readiness` fails the test, naming it.
    func run(readinessTimeout: Duration = .seconds(90), sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async throws {
        let readiness = Readiness()
        let runtime = WorkerRuntime(
            configuration: configuration, logic: ProvisioningLogic(configuration: domain), clock: clock, readiness: readiness,
            logger: quietLogger)
        let group = ServiceGroup(services: [runtime], logger: quietLogger)
        running.withLock { $0 = true }
        defer { running.withLock { $0 = false } }
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                let deadline = ContinuousClock.now + readinessTimeout
                while !readiness.isReady {
                    guard ContinuousClock.now < deadline else {
                        throw timeout("the provisioning worker to get ready (\(readiness.notReadyReason ?? "no reason given"))", after: readinessTimeout, sourceLocation)
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await body()
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Records an issue naming what was awaited, and returns the error to throw.
    private func timeout(_ what: String, after duration: Duration, _ sourceLocation: SourceLocation) -> HarnessTimeout {
        let description = "timed out after \(duration) waiting for \(what)"
        Issue.record(Comment(rawValue: description), sourceLocation: sourceLocation)
        return HarnessTimeout(description: description)
    }

    /// Produces `payload` as an event of `type` from `unit`, stamped with the simulated clock.
    func send<P: EventPayload>(_ type: EventType, _ payload: P, from unit: UnitID, worker: String = "test") async throws {
        let envelope = EventEnvelope(type, event: payload, eventTime: clock.now(), source: EventSource(unit: unit, worker: worker))
        let record = try EventRecord(envelope, topology: topology)
        try await sendRaw(topic: record.topic.defaultName, key: record.key, value: record.value, headers: record.headers)
    }

    /// Produces `payload` as a schema version 1 event of `type`, keyed by `key` (version 1 of the
    /// units' progress and test reports was keyed by the work-order id), as an older client
    /// writes it from docs/events.md.
    func sendVersion1<P: EventPayload>(_ type: EventType, _ payload: P, key: String, from unit: UnitID) async throws {
        var envelope = EventEnvelope(
            type, event: payload, eventTime: clock.now(), source: EventSource(unit: unit, worker: "older-client"), correlationId: key)
        envelope.schemaVersion = 1
        let record = try EventRecord(envelope, topology: topology, key: key)
        try await sendRaw(topic: record.topic.defaultName, key: record.key, value: record.value, headers: record.headers)
    }

    func sendRaw(topic: String, key: String, value: [UInt8], headers: [(name: String, value: String)] = []) async throws {
        let result = await producer.send([
            KafkaProducerRecord(topic: topic, key: key, value: value, headers: headers.map { KafkaHeader(key: $0.name, string: $0.value) })
        ])
        for item in result { _ = try item.get() }
    }

    /// Reads outputs until `predicate` holds over everything read so far; fails the test after
    /// `timeout`.
    @discardableResult
    func wait(
        _ what: String, timeout: Duration = .seconds(30), sourceLocation: SourceLocation = #_sourceLocation, until predicate: ([Output]) -> Bool
    ) async throws -> [Output] {
        let deadline = ContinuousClock.now + timeout
        while !predicate(outputs) {
            guard ContinuousClock.now < deadline else {
                let seen = outputs.map { "\($0.type?.rawValue ?? "tombstone") \($0.key)\($0.errorMessage.map { " DEAD LETTER: \($0)" } ?? "")" }.joined(separator: "\n  ")
                Issue.record("timed out waiting for \(what); outputs so far:\n  \(seen)", sourceLocation: sourceLocation)
                throw HarnessTimeout(description: "timed out waiting for \(what)")
            }
            try await pollOnce()
        }
        return outputs
    }

    /// Waits for `count` events of `type` (distinct event ids) and returns their payloads.
    @discardableResult
    func events<P: EventPayload>(
        _ type: EventType, as payload: P.Type, count: Int = 1, timeout: Duration = .seconds(30), sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [P] {
        try await wait("\(count) × \(type.rawValue)", timeout: timeout, sourceLocation: sourceLocation) { outputs in
            distinct(outputs, type).count >= count
        }
        return try distinct(outputs, type).map { try $0.event(P.self) }
    }

    /// Outputs of `type`, one per event id (a re-published output has the same id).
    func distinct(_ outputs: [Output], _ type: EventType) -> [Output] {
        var seen = Set<String>()
        return outputs.filter { $0.type == type && seen.insert($0.eventId ?? UUID().uuidString).inserted }
    }

    /// Waits until the worker is idle, then reads every output it emitted: an absence asserted
    /// after this is proven, not a race (it replaces reading "whatever arrives in 500 ms").
    func refresh(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await quiesce(sourceLocation: sourceLocation)
        try await readToEnd(sourceLocation: sourceLocation)
    }

    /// Reads every output partition up to its high watermark as it stands now.
    func readToEnd(timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation) async throws {
        var ends: [KafkaTopicPartition: Int64] = [:]
        for partition in outputPartitions { ends[partition] = try await reader.watermarks(partition).high }
        let deadline = ContinuousClock.now + timeout
        while ends.contains(where: { partition, end in (readUpTo[partition] ?? 0) < end }) {
            guard ContinuousClock.now < deadline else { throw self.timeout("every output partition read to its end", after: timeout, sourceLocation) }
            try await pollOnce()
        }
    }

    private func pollOnce() async throws {
        let messages = try await reader.poll(maxMessages: 1000, timeout: .milliseconds(100))
        for message in messages {
            let partition = KafkaTopicPartition(topic: message.topic, partition: message.partition)
            readUpTo[partition] = max(readUpTo[partition] ?? 0, message.offset + 1)
        }
        outputs += messages.map { message in
            Output(
                topic: message.topic, type: message.headers.string("eventType").flatMap(EventType.init(rawValue:)), key: message.keyString ?? "",
                unit: message.headers.string("unit"), eventId: message.headers.string("eventId"), value: message.value,
                errorMessage: message.headers.string("onepoint.error.message"))
        }
    }

    /// Every output read so far of `type` (distinct), without waiting.
    func seen<P: EventPayload>(_ type: EventType, as payload: P.Type) throws -> [P] {
        try distinct(outputs, type).map { try $0.event(P.self) }
    }

    /// Moves the simulated clock and waits until the worker has read every input sent so far and
    /// fired every timer due by `instant`; fails the test, naming what it waited for, when that
    /// takes longer than `timeout`. The worker must be running (``moveClock(to:)`` while it is down).
    func advance(to instant: Date, timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation) async throws {
        guard running.withLock({ $0 }) else {
            Issue.record("advance(to: \(instant)) needs a running worker; use moveClock(to:) while it is down", sourceLocation: sourceLocation)
            throw HarnessTimeout(description: "advance without a running worker")
        }
        clock.advance(to: instant)
        try await settle(timeout: timeout, sourceLocation: sourceLocation)
    }

    /// Moves the simulated clock while the worker is down: what comes due fires after the next start.
    func moveClock(to instant: Date) {
        clock.advance(to: instant)
    }

    /// Waits until the worker has read every input partition to its current end (each record
    /// applied or dead-lettered) and no timer is due by the clock; fails the test after `timeout`.
    func settle(timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let deadline = ContinuousClock.now + timeout
        var databases = try stores()
        var ends: [KafkaTopicPartition: Int64] = [:]
        for partition in inputPartitions { ends[partition] = try await reader.watermarks(partition).high }
        let now = clock.now()
        var last = "nothing read yet"
        while true {
            // Tasks open their stores as their partitions are assigned: look for new ones.
            if tasks == .perPartition { databases = try stores() }
            var positions: [String: [Int32: Int64]] = [:]
            var due: Date?
            for database in databases {
                let stored: [String: [Int32: Int64]]
                let next: Date?
                do {
                    (stored, next) = try await database.read { db in (try StateTables.positions(db), try StateTables.nextDue(db)) }
                } catch where tasks == .perPartition {
                    continue  // a task's store still being created: read again next round
                }
                positions.merge(stored) { $0.merging($1) { max($0, $1) } }
                if let next { due = min(due ?? next, next) }
            }
            let behind = ends.filter { partition, end in (positions[partition.topic]?[partition.partition] ?? 0) < end }
            if behind.isEmpty, due.map({ $0 > now }) ?? true { return }
            last = behind.isEmpty
                ? "a timer due at \(due.map { "\($0)" } ?? "?") still not fired"
                : "\(behind.count) input partitions not read to their end, e.g. \(behind.first.map { "\($0.key): \($0.value)" } ?? "")"
            guard ContinuousClock.now < deadline else {
                throw self.timeout("the worker to read every input sent and fire every timer due by \(now) (\(last))", after: timeout, sourceLocation)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// ``settle(timeout:sourceLocation:)``, then waits until every output the worker committed has
    /// been delivered (its outbox is empty). A worker that reads its own outputs (the inventory)
    /// is settled again until nothing moves.
    func quiesce(timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            try await settle(timeout: timeout, sourceLocation: sourceLocation)
            var depth = 0
            var positions: [String: [Int32: Int64]] = [:]
            for database in try stores() {
                let outbox: Int
                let stored: [String: [Int32: Int64]]
                do {
                    (outbox, stored) = try await database.read { db in (try StateTables.outboxDepth(db), try StateTables.positions(db)) }
                } catch where tasks == .perPartition {
                    depth += 1  // a task's store still being created: not quiet yet
                    continue
                }
                depth += outbox
                positions.merge(stored) { $0.merging($1) { max($0, $1) } }
            }
            if depth == 0 {
                var ends: [KafkaTopicPartition: Int64] = [:]
                for partition in inputPartitions { ends[partition] = try await reader.watermarks(partition).high }
                if ends.allSatisfy({ partition, end in (positions[partition.topic]?[partition.partition] ?? 0) >= end }) { return }
            }
            guard ContinuousClock.now < deadline else {
                throw self.timeout("the worker's outbox to drain (\(depth) outputs left)", after: timeout, sourceLocation)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits until `condition` holds on the worker's database; fails the test, naming `what`, after `timeout`.
    func waitForState(
        _ what: String, timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: @escaping @Sendable (Database) throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let queue = try? StateProbe.open(state), (try? await queue.read(condition)) == true { return }
            guard ContinuousClock.now < deadline else { throw self.timeout(what, after: timeout, sourceLocation) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The worker's stores, read-only: its state file, or (``TaskLayout/perPartition``) every
    /// task's store opened so far.
    func stores() throws -> [DatabaseQueue] {
        guard tasks == .perPartition else { return [try StateProbe.open(state)] }
        return try taskStorePaths().values.map { try StateProbe.open($0) }
    }

    /// The path of each task's store opened so far, by task (``TaskLayout/perPartition``).
    func taskStorePaths() -> [Int32: String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: taskFolder)) ?? []
        var paths: [Int32: String] = [:]
        for name in names where name.hasPrefix("task-") && name.hasSuffix(".sqlite") {
            if let task = Int32(name.dropFirst("task-".count).dropLast(".sqlite".count)) { paths[task] = taskFolder + "/" + name }
        }
        return paths
    }

    /// Reads the worker's database.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await StateProbe.open(state).read(body)
    }

    func openTimers() throws -> Int {
        try StateProbe.open(state).read { db in try StateTables.openTimers(db) }
    }
}

