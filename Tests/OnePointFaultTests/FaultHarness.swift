import Foundation
import GRDB
import Logging
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointFault
import OnePointKafka
import OnePointRuntime
import OnePointState
import ServiceLifecycle
import Synchronization
import Testing

let quietLogger: Logger = {
    var logger = Logger(label: "fault-test")
    logger.logLevel = .critical
    return logger
}()

func uniqueName(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

func temporaryFolder() -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-fault-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.path
}

/// The package's `config/` folder.
let configDirectory: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("config").path

/// `2026-11-23T10:00:00+08:00`, a Monday.
let t0 = Date(timeIntervalSince1970: 1_795_399_200)

func minutes(_ m: Double) -> TimeInterval { m * 60 }

/// One event the fault worker emitted.
enum Output {
    case ticket(EventType, TroubleTicket)
    case escalation(EscalationNotice)
    case feedback(ProgressFeedback)
    case repeated(RepeatedFault)
    case summary(AssurancePeriodSummary)
    case deadLetter(kind: String, message: String)
    case other(String)

    var ticket: TroubleTicket? { if case .ticket(_, let t) = self { t } else { nil } }
    var ticketEvent: (EventType, TroubleTicket)? { if case .ticket(let type, let t) = self { (type, t) } else { nil } }
    var escalation: EscalationNotice? { if case .escalation(let e) = self { e } else { nil } }
    var feedback: ProgressFeedback? { if case .feedback(let f) = self { f } else { nil } }
}

/// Reads everything the worker emits (tickets, notifications, dead letters), once per event id.
final class OutputCollector {
    private let consumer: KafkaConsumer
    private var seen: Set<String> = []
    private(set) var events: [Output] = []

    init(bootstrap: String, topics: [String]) async throws {
        consumer = try KafkaConsumer(configuration: .init(bootstrapServers: bootstrap, groupID: nil), logger: quietLogger)
        var assignment: [KafkaTopicPartition: KafkaOffset] = [:]
        for topic in topics {
            let count = try await consumer.partitionCount(topic: topic)
            for partition in 0..<count { assignment[KafkaTopicPartition(topic: topic, partition: Int32(partition))] = .beginning }
        }
        try consumer.assign(assignment)
    }

    /// Polls until `condition` holds on everything read so far, or `timeout` passes.
    @discardableResult
    func wait(_ timeout: Duration = .seconds(30), until condition: ([Output]) -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition(events) {
            guard ContinuousClock.now < deadline else { return false }
            for message in try await consumer.poll(maxMessages: 5000, timeout: .milliseconds(50)) { take(message) }
        }
        return true
    }

    var tickets: [TroubleTicket] { events.compactMap(\.ticket) }
    /// Tickets created, by id (the order they were opened in: ids count up).
    var creates: [TroubleTicket] { events.compactMap { $0.ticketEvent?.0 == .troubleTicketCreate ? $0.ticket : nil }.sorted { $0.id < $1.id } }
    var escalations: [EscalationNotice] { events.compactMap(\.escalation) }
    var feedbacks: [ProgressFeedback] { events.compactMap(\.feedback) }
    /// The latest state of each ticket.
    var latest: [String: TroubleTicket] {
        var result: [String: TroubleTicket] = [:]
        for ticket in tickets { result[ticket.id] = ticket }
        return result
    }

    func close() async { await consumer.close() }

    private func take(_ message: KafkaMessage) {
        if let kind = message.headers.string("onepoint.error.kind") {
            let id = "dlq-\(message.topic)-\(message.partition)-\(message.offset)"
            guard seen.insert(id).inserted else { return }
            events.append(.deadLetter(kind: kind, message: message.headers.string("onepoint.error.message") ?? ""))
            return
        }
        guard let value = message.value, let typeName = message.headers.string("eventType"), let type = EventType(rawValue: typeName),
            let id = message.headers.string("eventId"), seen.insert(id).inserted
        else { return }
        switch type {
        case .troubleTicketCreate, .troubleTicketStatusChange, .troubleTicketAttributeValueChange:
            if let envelope = try? EventEnvelope<TroubleTicket>.decode(value) { events.append(.ticket(type, envelope.event)) }
        case .escalationNotification:
            if let envelope = try? EventEnvelope<EscalationNotice>.decode(value) { events.append(.escalation(envelope.event)) }
        case .progressFeedbackNotification:
            if let envelope = try? EventEnvelope<ProgressFeedback>.decode(value) { events.append(.feedback(envelope.event)) }
        case .repeatedFaultDetected:
            if let envelope = try? EventEnvelope<RepeatedFault>.decode(value) { events.append(.repeated(envelope.event)) }
        case .assurancePeriodSummary:
            if let envelope = try? EventEnvelope<AssurancePeriodSummary>.decode(value) { events.append(.summary(envelope.event)) }
        default:
            events.append(.other(typeName))
        }
    }
}

/// A fault worker (the real `WorkerRuntime` with `FaultLogic`) on an embedded cluster, in this
/// process, on a simulated clock.
struct FaultHarness {
    let cluster: EmbeddedKafkaCluster
    let names: [Topic: String]
    let domain: DomainConfiguration
    let settings: FaultSettings
    let state: String
    let producer: KafkaProducer
    let clock: SimulatedWorkerClock
    let group = uniqueName("fault")
    /// Records sent so far, for ``settle()``.
    let sent = SentCounter()

    static var testSettings: FaultSettings { FaultSettings.defaults }

    init(settings: FaultSettings = FaultHarness.testSettings, start: Date = t0, partitions: Int = 3) throws {
        cluster = try EmbeddedKafkaCluster(brokers: 1, logger: quietLogger)
        let prefix = uniqueName("t")
        var names: [Topic: String] = [:]
        for topic in Topic.allCases { names[topic] = "\(prefix).\(topic.rawValue)" }
        self.names = names
        for topic in WorkerKind.fault.inputs + WorkerKind.fault.outputs + [.deadLetters] {
            try cluster.createTopic(KafkaTopicSpec(name: names[topic] ?? topic.defaultName, partitions: partitions))
        }
        domain = try DomainConfiguration.load(directory: configDirectory)
        self.settings = settings
        state = temporaryFolder() + "/fault.sqlite"
        producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: quietLogger)
        clock = SimulatedWorkerClock(start: start)
    }

    var topics: TopicNames { TopicNames(names) }
    var topology: Topology { domain.topology }

    func configuration() -> RuntimeConfiguration {
        var configuration = RuntimeConfiguration(
            name: "fault", groupID: group, inputTopics: WorkerKind.fault.inputs.map { names[$0] ?? $0.defaultName },
            deadLetterTopic: names[.deadLetters] ?? Topic.deadLetters.defaultName,
            kafka: KafkaClientConfiguration(bootstrapServers: cluster.bootstrapServers), statePath: state)
        configuration.idleWait = .milliseconds(10)
        configuration.retryDelay = .milliseconds(10)
        configuration.maxAttempts = 2
        return configuration
    }

    /// Publishes events (each checked against the topology), in order.
    func send(_ records: [EventRecord]) async throws {
        let results = await producer.send(records.map { record in
            KafkaProducerRecord(
                topic: names[record.topic] ?? record.topic.defaultName, key: record.key, value: record.value,
                headers: record.headers.map { KafkaHeader(key: $0.name, string: $0.value) })
        })
        for result in results { _ = try result.get() }
        sent.add(records.count)
    }

    func record<P: EventPayload>(_ type: EventType, _ payload: P, at time: Date? = nil, worker: String = "test") throws -> EventRecord {
        try EventRecord(
            EventEnvelope(type, event: payload, eventTime: time ?? clock.now(), source: EventSource(unit: "HQ", worker: worker)), topology: topology)
    }

    func send<P: EventPayload>(_ type: EventType, _ payload: P) async throws {
        try await send([try record(type, payload)])
    }

    /// Publishes the inventory and waits until the worker holds it.
    func load(_ inventory: TestInventory) async throws {
        var records: [EventRecord] = []
        for customer in inventory.customers { records.append(try record(.customerUpdate, customer)) }
        for circuit in inventory.circuits { records.append(try record(.circuitUpdate, circuit)) }
        for element in inventory.elements { records.append(try record(.networkElementUpdate, element)) }
        try await send(records)
        let total = records.count
        let held = try await waitForState { db in
            try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM fault_customers) + (SELECT COUNT(*) FROM fault_circuits) + (SELECT COUNT(*) FROM fault_elements)")
                == total
        }
        #expect(held, "the worker holds the inventory")
    }

    /// Runs the worker until `body` returns, then shuts it down gracefully.
    func run(_ body: (OutputCollector) async throws -> Void) async throws {
        let logic = FaultLogic(domain: domain, settings: settings, topics: topics)
        let readiness = Readiness()
        let runtime = WorkerRuntime(configuration: configuration(), logic: logic, clock: clock, readiness: readiness, logger: quietLogger)
        let group = ServiceGroup(services: [runtime], logger: quietLogger)
        let outputs = try await OutputCollector(
            bootstrap: cluster.bootstrapServers,
            topics: [Topic.tickets, .notifications, .deadLetters].map { names[$0] ?? $0.defaultName })
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                try await body(outputs)
            } catch {
                await group.triggerGracefulShutdown()
                await outputs.close()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        await outputs.close()
    }

    /// Waits until `condition` holds on the worker's database.
    func waitForState(_ timeout: Duration = .seconds(30), _ condition: @escaping @Sendable (Database) throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let queue = try? DatabaseQueue(path: state), (try? await queue.read(condition)) == true { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    /// Moves the simulated clock to `instant` and waits until every timer due by then has fired.
    func advance(to instant: Date) async throws {
        clock.advance(to: instant)
        let millis = Int64((instant.timeIntervalSince1970 * 1000).rounded())
        let settled = try await waitForState { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runtime_timers WHERE due_at <= ?", arguments: [millis]) == 0
        }
        #expect(settled, "every timer due by \(instant) fired")
    }

    /// Waits until the worker has read past every record sent so far (applied or dead-lettered)
    /// and every timer due by the clock has fired.
    func settle() async throws {
        let count = sent.value
        let millis = Int64((clock.now().timeIntervalSince1970 * 1000).rounded())
        let settled = try await waitForState { db in
            let read = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(next_offset), 0) FROM runtime_positions") ?? 0
            let due = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runtime_timers WHERE due_at <= ?", arguments: [millis]) ?? 0
            return read >= count && due == 0
        }
        #expect(settled, "the worker read all \(count) records sent")
    }

    /// Reads the worker's database.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await DatabaseQueue(path: state).read(body)
    }
}

/// How many records a harness has sent.
final class SentCounter: Sendable {
    private let count = Mutex(0)
    func add(_ n: Int) { count.withLock { $0 += n } }
    var value: Int { count.withLock { $0 } }
}

/// Customers, circuits and elements for a scenario.
struct TestInventory {
    var customers: [Customer] = []
    var circuits: [Circuit] = []
    var elements: [NetworkElement] = []

    /// A customer of `level` with `circuits` circuits (ids `<id>-C<n>`) in `unit`.
    @discardableResult
    mutating func customer(_ id: String, _ level: CustomerLevel, unit: UnitID = "GD-GZ", circuits count: Int = 1) -> [String] {
        customers.append(Customer(
            id: id, name: "Customer \(id)", level: level, assurance: .aa, units: [unit],
            customerManager: Contact(name: "Manager of \(id)", phone: "+86 138 0000 0000")))
        var ids: [String] = []
        for n in 1...count {
            let circuitID = "\(id)-C\(n)"
            circuits.append(Circuit(
                id: circuitID, customerId: id, serviceType: .ethernetPrivateLine, bandwidthKbps: 100_000, aEnd: .init(unit: unit, address: "A"),
                zEnd: .init(unit: unit, address: "Z"), assurance: .aa, scope: .local))
            ids.append(circuitID)
        }
        return ids
    }

    mutating func element(_ id: String, _ kind: NetworkElement.Kind = .node, unit: UnitID = "GD-GZ", ports: [NetworkElement.Port] = [], circuits: [String]) {
        elements.append(NetworkElement(id: id, kind: kind, name: id, unit: unit, ports: ports, circuitIds: circuits))
    }
}

/// Alarms as an NMS sends them.
enum NMS {
    static func alarm(
        _ state: Alarm.State, on object: Alarm.AlarmedObject, raised: Date, cleared: Date? = nil, changed: Date? = nil,
        severity: Alarm.PerceivedSeverity = .critical, cause: String = "lossOfSignal", id: String? = nil
    ) -> Alarm {
        Alarm(
            alarmId: id ?? "NMS-\(object.id)-\(Int(raised.timeIntervalSince1970))", state: state,
            perceivedSeverity: state == .cleared ? .cleared : severity, alarmType: .communicationsAlarm, alarmedObject: object,
            probableCause: cause, alarmRaisedTime: raised, alarmChangedTime: changed, alarmClearedTime: cleared, reportingSystemId: "GD-OTN-NMS")
    }

    static func type(_ state: Alarm.State) -> EventType {
        switch state {
        case .raised: .alarmCreate
        case .updated: .alarmAttributeValueChange
        case .cleared: .alarmClear
        }
    }
}

extension FaultHarness {
    func raise(_ object: Alarm.AlarmedObject, at raised: Date, severity: Alarm.PerceivedSeverity = .critical) async throws {
        try await send(.alarmCreate, NMS.alarm(.raised, on: object, raised: raised, severity: severity))
    }

    func clear(_ object: Alarm.AlarmedObject, raised: Date, at cleared: Date) async throws {
        try await send(.alarmClear, NMS.alarm(.cleared, on: object, raised: raised, cleared: cleared))
    }

    func command(_ ticket: String, _ action: TicketCommand.Action, by: String = "duty operator", at: Date? = nil, note: String? = nil) async throws {
        try await send(.troubleTicketCommand, TicketCommand(ticketId: ticket, action: action, unit: "GD-GZ", by: by, at: at ?? clock.now(), note: note))
    }
}
