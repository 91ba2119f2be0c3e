import Foundation
import GRDB
import Logging
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointKafka
import OnePointRuntime
import OnePointState
import ServiceLifecycle
import Synchronization

/// A wait in a harness ran out: the test fails with what it waited for.
public struct HarnessTimeout: Error, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}

/// A logger that prints nothing below critical.
public let harnessLogger: Logger = {
    var logger = Logger(label: "worker-harness")
    logger.logLevel = .critical
    return logger
}()

/// One event a worker emitted, or a dead letter.
public struct CollectedEvent: Sendable {
    /// The event type (nil for a dead letter).
    public var type: EventType?
    /// The event id (or `dlq-<topic>-<partition>-<offset>`).
    public var id: String
    /// The record's value.
    public var value: [UInt8]
    /// The `unit` header.
    public var unit: String?
    /// The record's key.
    public var key: String?
    /// For a dead letter: its kind and message.
    public var deadLetter: (kind: String, message: String)?

    /// The payload, decoded and checked against its schema.
    public func payload<P: EventPayload>(_ type: P.Type) throws -> P { try EventEnvelope<P>.decode(value).event }
}

/// Reads what a worker emits on some topics, once per event id. Records it cannot read (no
/// `eventType` or `eventId` header, an unknown type, a payload that fails its schema) are kept
/// in ``malformed`` so a test can fail on them rather than miss them.
public final class EventCollector {
    private let consumer: KafkaConsumer
    private var seen: Set<String> = []
    private let partitions: [KafkaTopicPartition]
    /// The next offset to read, by partition.
    private var next: [KafkaTopicPartition: Int64] = [:]
    public private(set) var events: [CollectedEvent] = []
    public private(set) var malformed: [String] = []

    /// Reads `topics` (Kafka names) from the beginning.
    public init(bootstrap: String, topics: [String]) async throws {
        consumer = try KafkaConsumer(configuration: .init(bootstrapServers: bootstrap, groupID: nil), logger: harnessLogger)
        var assignment: [KafkaTopicPartition: KafkaOffset] = [:]
        for topic in topics {
            let count = try await consumer.partitionCount(topic: topic)
            for partition in 0..<count { assignment[KafkaTopicPartition(topic: topic, partition: Int32(partition))] = .beginning }
        }
        partitions = Array(assignment.keys)
        try consumer.assign(assignment)
    }

    /// Reads every partition up to its high watermark as it stands now. After
    /// ``WorkerHarness/quiesce()``, nothing the worker emitted is left unread: an absence
    /// asserted after this is proven, not a race.
    /// - Throws: ``HarnessTimeout`` when the partitions cannot be read to their end in `timeout`.
    public func readToEnd(timeout: Duration = .seconds(60)) async throws {
        var ends: [KafkaTopicPartition: Int64] = [:]
        for partition in partitions { ends[partition] = try await consumer.watermarks(partition).high }
        let deadline = ContinuousClock.now + timeout
        while ends.contains(where: { partition, end in (next[partition] ?? 0) < end }) {
            guard ContinuousClock.now < deadline else { throw HarnessTimeout(description: "timed out reading every partition to its end") }
            for message in try await consumer.poll(maxMessages: 5000, timeout: .milliseconds(50)) { take(message) }
        }
    }

    /// Polls until `condition` holds on everything read so far.
    /// - Throws: ``HarnessTimeout`` naming `what` when `timeout` passes first.
    public func wait(_ what: String, timeout: Duration = .seconds(30), until condition: ([CollectedEvent]) throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while try !condition(events) {
            guard ContinuousClock.now < deadline else { throw HarnessTimeout(description: "timed out waiting for \(what)") }
            for message in try await consumer.poll(maxMessages: 5000, timeout: .milliseconds(50)) { take(message) }
        }
    }

    /// The payloads of every event of `type`, in the order read.
    public func all<P: EventPayload>(_ type: EventType, as payload: P.Type) throws -> [P] {
        try events.filter { $0.type == type }.map { try $0.payload(payload) }
    }

    /// The dead letters read so far.
    public var deadLetters: [(kind: String, message: String)] { events.compactMap(\.deadLetter) }

    public func close() async { await consumer.close() }

    private func take(_ message: KafkaMessage) {
        let partition = KafkaTopicPartition(topic: message.topic, partition: message.partition)
        next[partition] = max(next[partition] ?? 0, message.offset + 1)
        if let kind = message.headers.string("onepoint.error.kind") {
            let id = "dlq-\(message.topic)-\(message.partition)-\(message.offset)"
            guard seen.insert(id).inserted else { return }
            events.append(CollectedEvent(
                type: nil, id: id, value: message.value ?? [], unit: nil, key: message.keyString,
                deadLetter: (kind, message.headers.string("onepoint.error.message") ?? "")))
            return
        }
        guard let value = message.value, let name = message.headers.string("eventType"), let type = EventType(rawValue: name),
            let id = message.headers.string("eventId")
        else {
            malformed.append("\(message.topic)/\(message.partition)@\(message.offset): no readable eventType and eventId headers")
            return
        }
        guard seen.insert(id).inserted else { return }
        do {
            _ = try EventHead(json: value).supportedEventType()
        } catch {
            malformed.append("\(message.topic)/\(message.partition)@\(message.offset): \(error)")
            return
        }
        events.append(CollectedEvent(type: type, id: id, value: value, unit: message.headers.string("unit"), key: message.keyString, deadLetter: nil))
    }
}

/// A worker (the real ``WorkerRuntime`` with a ``WorkerLogic``) on its own embedded cluster, in
/// this process, on a simulated clock; state in a fresh SQLite file.
public struct WorkerHarness {
    public let kind: WorkerKind
    public let cluster: EmbeddedKafkaCluster
    public let names: [Topic: String]
    public let domain: DomainConfiguration
    public let state: String
    public let producer: KafkaProducer
    public let clock: SimulatedWorkerClock
    /// The worker's name in the runtime (its metrics' `worker` dimension): the kind's unless
    /// the test gives one.
    public let workerName: String
    let group: String
    let sent = SentCounter()

    /// - Parameters:
    ///   - kind: which worker's topics to create and read.
    ///   - configDirectory: the configuration folder (`config/`). With `commands.unitTopics` on
    ///     in its `security.yaml`, every unit's own topics of the worker's command inputs are
    ///     created too.
    ///   - start: the simulated clock's start.
    ///   - workerName: the runtime's name for the worker (default: the kind's).
    public init(_ kind: WorkerKind, configDirectory: String, start: Date, partitions: Int = 3, workerName: String? = nil) throws {
        self.kind = kind
        self.workerName = workerName ?? kind.rawValue
        cluster = try EmbeddedKafkaCluster(brokers: 1, logger: harnessLogger)
        let prefix = "t-\(UUID().uuidString.prefix(8).lowercased())"
        var names: [Topic: String] = [:]
        for topic in Topic.allCases { names[topic] = "\(prefix).\(topic.rawValue)" }
        self.names = names
        for topic in Set(kind.inputs + kind.outputs + [.deadLetters]) {
            try cluster.createTopic(KafkaTopicSpec(name: names[topic] ?? topic.defaultName, partitions: partitions))
        }
        domain = try DomainConfiguration.load(directory: configDirectory)
        let unitTopics = UnitTopics(policy: domain.commands, topology: domain.topology, names: TopicNames(names))
        for name in unitTopics.inputs(of: kind) {
            try cluster.createTopic(KafkaTopicSpec(name: name, partitions: partitions))
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-\(kind)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        state = folder.appendingPathComponent("state.sqlite").path
        producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: harnessLogger)
        clock = SimulatedWorkerClock(start: start)
        group = "\(kind)-\(prefix)"
    }

    public var topics: TopicNames { TopicNames(names) }
    public var topology: Topology { domain.topology }

    /// The runtime's configuration: the worker's inputs, short waits and retries.
    public func configuration() -> RuntimeConfiguration {
        var configuration = RuntimeConfiguration(
            name: workerName, groupID: group, inputTopics: kind.inputs.map { names[$0] ?? $0.defaultName },
            deadLetterTopic: names[.deadLetters] ?? Topic.deadLetters.defaultName,
            kafka: KafkaClientConfiguration(bootstrapServers: cluster.bootstrapServers), statePath: state)
        configuration.idleWait = .milliseconds(10)
        configuration.retryDelay = .milliseconds(10)
        configuration.maxAttempts = 2
        return configuration
    }

    /// Publishes records, in order, and waits for their delivery.
    public func send(_ records: [EventRecord]) async throws {
        let results = await producer.send(records.map { record in
            KafkaProducerRecord(
                topic: names[record.topic] ?? record.topic.defaultName, key: record.key, value: record.value,
                headers: record.headers.map { KafkaHeader(key: $0.name, string: $0.value) })
        })
        for result in results { _ = try result.get() }
        sent.add(records.count)
    }

    /// Publishes records, in order, on the Kafka topic `topicName` (a unit's own topic, say),
    /// whatever their logical topic, and waits for their delivery.
    public func send(_ records: [EventRecord], to topicName: String) async throws {
        let results = await producer.send(records.map { record in
            KafkaProducerRecord(
                topic: topicName, key: record.key, value: record.value, headers: record.headers.map { KafkaHeader(key: $0.name, string: $0.value) })
        })
        for result in results { _ = try result.get() }
        sent.add(records.count)
    }

    /// Publishes raw bytes on `topic` (bad input).
    public func sendRaw(_ topic: Topic, key: String, value: [UInt8]) async throws {
        try await sendRaw(topicName: names[topic] ?? topic.defaultName, key: key, value: value)
    }

    /// Publishes raw bytes on the Kafka topic `topicName` (a forger writing the JSON itself).
    public func sendRaw(topicName: String, key: String, value: [UInt8]) async throws {
        let results = await producer.send([KafkaProducerRecord(topic: topicName, key: key, value: value, headers: [])])
        for result in results { _ = try result.get() }
        sent.add(1)
    }

    /// The record of `payload` as an event of `type`, stamped with the simulated clock.
    public func record<P: EventPayload>(_ type: EventType, _ payload: P, at time: Date? = nil, unit: UnitID = "HQ") throws -> EventRecord {
        try EventRecord(
            EventEnvelope(type, event: payload, eventTime: time ?? clock.now(), source: EventSource(unit: unit, worker: "test")), topology: topology)
    }

    /// Publishes one event.
    public func send<P: EventPayload>(_ type: EventType, _ payload: P) async throws {
        try await send([try record(type, payload)])
    }

    /// Runs `logic` until `body` returns, reading `outputs`, then shuts the worker down gracefully.
    /// - Throws: ``HarnessTimeout`` when the collector read malformed records.
    public func run<Logic: WorkerLogic>(_ logic: Logic, reading outputs: [Topic], _ body: (EventCollector) async throws -> Void) async throws {
        var configuration = configuration()
        // Every unit's own command topics, as WorkerHost adds them (commands.unitTopics).
        configuration.inputTopics += logic.additionalInputTopics
        let runtime = WorkerRuntime(configuration: configuration, logic: logic, clock: clock, readiness: Readiness(), logger: harnessLogger)
        let services = ServiceGroup(services: [runtime], logger: harnessLogger)
        let collector = try await EventCollector(bootstrap: cluster.bootstrapServers, topics: (outputs + [.deadLetters]).map { names[$0] ?? $0.defaultName })
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await services.run() }
            do {
                try await body(collector)
            } catch {
                await services.triggerGracefulShutdown()
                await collector.close()
                throw error
            }
            await services.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        await collector.close()
        if !collector.malformed.isEmpty { throw HarnessTimeout(description: "malformed outputs: \(collector.malformed)") }
    }

    /// Waits until `condition` holds on the worker's database.
    /// - Throws: ``HarnessTimeout`` naming `what` when `timeout` passes first.
    public func waitForState(_ what: String, timeout: Duration = .seconds(60), _ condition: @escaping @Sendable (Database) throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let queue = try? StateProbe.open(state), (try? await queue.read(condition)) == true { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw HarnessTimeout(description: "timed out waiting for \(what)")
    }

    /// Moves the simulated clock to `instant` and waits until every timer due by then has fired
    /// and every record sent so far has been read.
    public func advance(to instant: Date) async throws {
        clock.advance(to: instant)
        try await settle()
    }

    /// Waits until the worker has read past every record sent so far (applied or dead-lettered)
    /// and every timer due by the clock has fired.
    public func settle() async throws {
        let count = sent.value
        let millis = Int64((clock.now().timeIntervalSince1970 * 1000).rounded())
        try await waitForState("the worker to read all \(count) records sent and fire every timer due") { db in
            let read = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(next_offset), 0) FROM runtime_positions") ?? 0
            let due = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runtime_timers WHERE due_at <= ?", arguments: [millis]) ?? 0
            return read >= count && due == 0
        }
    }

    /// ``settle()``, then waits until every output the worker committed has been delivered (its
    /// outbox is empty). Follow it with ``EventCollector/readToEnd(timeout:)`` before asserting
    /// that something did not happen.
    public func quiesce() async throws {
        try await settle()
        try await waitForState("the worker's outbox to drain") { db in try StateTables.outboxDepth(db) == 0 }
    }

    /// Reads the worker's database.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await StateProbe.open(state).read(body)
    }
}

/// How many records a harness has sent.
final class SentCounter: Sendable {
    private let count = Mutex(0)
    func add(_ n: Int) { count.withLock { $0 += n } }
    var value: Int { count.withLock { $0 } }
}
