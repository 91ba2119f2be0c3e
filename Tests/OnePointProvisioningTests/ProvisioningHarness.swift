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
    let state: String
    let clock: SimulatedWorkerClock
    let producer: KafkaProducer
    let topology = shippedConfiguration.topology
    /// The domain configuration the worker runs with (the shipped one unless a test changes it).
    let domain: DomainConfiguration
    private let reader: KafkaConsumer
    private(set) var outputs: [Output] = []

    init(start: Date, domain: DomainConfiguration = shippedConfiguration) async throws {
        self.domain = domain
        cluster = try EmbeddedKafkaCluster(brokers: 1, logger: quietLogger)
        for topic in Topic.allCases {
            try cluster.createTopic(KafkaTopicSpec(name: topic.defaultName, partitions: topic == .deadLetters ? 1 : 3))
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-prov-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        state = folder.appendingPathComponent("state.sqlite").path
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
    }

    deinit {
        try? FileManager.default.removeItem(atPath: (state as NSString).deletingLastPathComponent)
    }

    var configuration: RuntimeConfiguration {
        var configuration = RuntimeConfiguration(
            name: "provisioning", groupID: WorkerKind.provisioning.consumerGroup,
            inputTopics: WorkerKind.provisioning.inputs.map(\.defaultName), deadLetterTopic: Topic.deadLetters.defaultName,
            kafka: KafkaClientConfiguration(bootstrapServers: cluster.bootstrapServers), statePath: state)
        configuration.retryDelay = .milliseconds(10)
        configuration.maxAttempts = 2
        configuration.idleWait = .milliseconds(20)
        return configuration
    }

    /// Runs the worker until `body` returns, then shuts it down gracefully.
    func run(_ body: () async throws -> Void) async throws {
        let readiness = Readiness()
        let runtime = WorkerRuntime(
            configuration: configuration, logic: ProvisioningLogic(configuration: domain), clock: clock, readiness: readiness,
            logger: quietLogger)
        let group = ServiceGroup(services: [runtime], logger: quietLogger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                let deadline = ContinuousClock.now + .seconds(30)
                while !readiness.isReady, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
                try await body()
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Produces `payload` as an event of `type` from `unit`, stamped with the simulated clock.
    func send<P: EventPayload>(_ type: EventType, _ payload: P, from unit: UnitID, worker: String = "test") async throws {
        let envelope = EventEnvelope(type, event: payload, eventTime: clock.now(), source: EventSource(unit: unit, worker: worker))
        let record = try EventRecord(envelope, topology: topology)
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
                throw HarnessTimeout()
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

    /// Reads whatever arrives within `duration` (to check that something did *not* happen).
    func refresh(for duration: Duration = .milliseconds(500)) async throws {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline { try await pollOnce() }
    }

    private func pollOnce() async throws {
        let messages = try await reader.poll(maxMessages: 1000, timeout: .milliseconds(100))
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

    /// Moves the simulated clock and waits until the worker has fired what came due.
    func advance(to instant: Date) async throws {
        clock.advance(to: instant)
        let database = try StateProbe.open(state)
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let next = try await database.read { db in try StateTables.nextDue(db) }
            if next.map({ $0 > instant }) ?? true { break }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func openTimers() throws -> Int {
        try StateProbe.open(state).read { db in try StateTables.openTimers(db) }
    }
}

struct HarnessTimeout: Error {}
