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
import OnePointTestSupport
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

/// The fault worker's logic with the shipped configuration, and an empty store of its tables in a
/// folder of its own: for tests that write rows straight into the tables.
func shippedLogicAndStore() throws -> (logic: FaultLogic, store: StateStore) {
    let domain = try DomainConfiguration.load(directory: configDirectory)
    let logic = FaultLogic(domain: domain, settings: try FaultSettings.load(directory: configDirectory), topics: TopicNames())
    return (logic, try StateStore(path: "\(temporaryFolder())/fault.sqlite", migrations: logic.migrate))
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

    /// The typed view of a collected event; a payload that does not decode is a test failure.
    init(_ event: CollectedEvent) throws {
        if let dead = event.deadLetter {
            self = .deadLetter(kind: dead.kind, message: dead.message)
            return
        }
        guard let type = event.type else {
            self = .other("?")
            return
        }
        switch type {
        case .troubleTicketCreate, .troubleTicketStatusChange, .troubleTicketAttributeValueChange:
            self = .ticket(type, try event.payload(TroubleTicket.self))
        case .escalationNotification: self = .escalation(try event.payload(EscalationNotice.self))
        case .progressFeedbackNotification: self = .feedback(try event.payload(ProgressFeedback.self))
        case .repeatedFaultDetected: self = .repeated(try event.payload(RepeatedFault.self))
        case .assurancePeriodSummary: self = .summary(try event.payload(AssurancePeriodSummary.self))
        default: self = .other(type.rawValue)
        }
    }
}

/// Reads everything the fault worker emits (tickets, notifications, dead letters), once per
/// event id, typed. Built on the shared ``EventCollector``: a record without `eventType` and
/// `eventId` headers, or whose payload does not decode, fails the test instead of being skipped.
final class OutputCollector {
    let base: EventCollector

    init(_ base: EventCollector) { self.base = base }

    convenience init(bootstrap: String, topics: [String]) async throws {
        self.init(try await EventCollector(bootstrap: bootstrap, topics: topics))
    }

    /// Everything read so far, typed.
    var events: [Output] {
        base.events.compactMap { event in
            do {
                return try Output(event)
            } catch {
                Issue.record("the fault worker emitted \(event.type?.rawValue ?? "?") \(event.id) that does not decode: \(error)")
                return nil
            }
        }
    }

    /// Polls until `condition` holds on everything read so far, or `timeout` passes.
    @discardableResult
    func wait(_ timeout: Duration = .seconds(30), until condition: @escaping ([Output]) -> Bool) async throws -> Bool {
        do {
            try await base.wait("a condition on the fault worker's outputs", timeout: timeout) { _ in condition(self.events) }
            return true
        } catch is HarnessTimeout {
            return false
        }
    }

    /// Reads every partition to its end: with ``FaultHarness/quiesce()`` first, an absence
    /// checked after this is real (nothing the worker emitted is still unread).
    func readToEnd() async throws { try await base.readToEnd() }

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

    func close() async { await base.close() }
}

/// A fault worker (the real `WorkerRuntime` with `FaultLogic`) on an embedded cluster, in this
/// process, on a simulated clock: the shared ``WorkerHarness`` with the fault worker's helpers.
struct FaultHarness {
    let base: WorkerHarness
    let settings: FaultSettings

    static var testSettings: FaultSettings { FaultSettings.defaults }

    /// - Parameters:
    ///   - config: the configuration folder (default: the package's `config/`).
    ///   - workerName: the runtime's name of the worker, for a test reading its metrics.
    init(settings: FaultSettings = FaultHarness.testSettings, start: Date = t0, partitions: Int = 3, config: String? = nil, workerName: String? = nil) throws {
        base = try WorkerHarness(.fault, configDirectory: config ?? configDirectory, start: start, partitions: partitions, workerName: workerName)
        self.settings = settings
    }

    var names: [Topic: String] { base.names }
    var domain: DomainConfiguration { base.domain }
    var clock: SimulatedWorkerClock { base.clock }
    var topics: TopicNames { base.topics }
    var topology: Topology { domain.topology }

    /// Publishes events (each checked against the topology), in order.
    func send(_ records: [EventRecord]) async throws { try await base.send(records) }

    /// Publishes raw bytes (bad input).
    func sendRaw(_ topic: Topic, key: String, value: [UInt8]) async throws { try await base.sendRaw(topic, key: key, value: value) }

    /// Publishes `payload` as an event of `type` on the Kafka topic `topicName` (a unit's own topic).
    func send<P: EventPayload>(_ type: EventType, _ payload: P, to topicName: String) async throws {
        try await base.send([try record(type, payload)], to: topicName)
    }

    func record<P: EventPayload>(_ type: EventType, _ payload: P, at time: Date? = nil) throws -> EventRecord {
        try base.record(type, payload, at: time)
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
        try await base.settle()
    }

    /// Runs the worker until `body` returns, then shuts it down gracefully.
    func run(_ body: (OutputCollector) async throws -> Void) async throws {
        let logic = FaultLogic(domain: domain, settings: settings, topics: topics)
        try await base.run(logic, reading: [.tickets, .notifications]) { collector in
            try await body(OutputCollector(collector))
        }
    }

    /// Moves the simulated clock to `instant` and waits until every timer due by then has fired.
    func advance(to instant: Date) async throws { try await base.advance(to: instant) }

    /// Waits until the worker has read past every record sent so far (applied or dead-lettered)
    /// and every timer due by the clock has fired.
    func settle() async throws { try await base.settle() }

    /// ``settle()``, then waits until every output the worker committed has been delivered:
    /// followed by ``OutputCollector/readToEnd()``, nothing it emitted is still unread.
    func quiesce() async throws { try await base.quiesce() }

    /// Reads the worker's database.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T { try await base.read(body) }
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
