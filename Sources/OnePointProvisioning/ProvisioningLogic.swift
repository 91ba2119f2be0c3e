import Foundation
import GRDB
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointRuntime
import OnePointState

/// The provisioning worker's decisions (DOMAIN.md §4, §5): takes service orders and pre-sale
/// resource checks, splits each order into one work order per unit that must act, follows every
/// leg up through its stages and tests to end-to-end completion and acceptance, and keeps the
/// order's clock: deadline, clock stops, delay applications, warning and escalation timers.
///
/// `docs/provisioning.md` describes the flow; every decision is committed with its input.
public struct ProvisioningLogic: WorkerLogic {
    /// One decoded input (opaque outside the module).
    public struct Input: Sendable {
        let kind: ProvisioningInput
    }

    /// The name this worker signs its events with (`source.worker`).
    public static let workerName = WorkerKind.provisioning.executableName

    let configuration: DomainConfiguration
    let topics: TopicNames
    /// `calendar.yaml`'s years with the years applied from the `calendar` topic in their place.
    let loadedCalendar: LoadedCalendar
    /// The working clock a decision counts with: the calendar in force when it was taken
    /// (``counting(on:)``); `calendar.yaml`'s until then.
    private(set) var clock: WorkingClock
    /// Who may act on what, and how a command may be dated (docs/security.md).
    let commandGuard: CommandGuard

    /// The table of the calendar years this worker applied (`onepoint calendar load`).
    static let calendarTable = "prov_calendar_years"

    /// - Parameters:
    ///   - configuration: calendar, SLA tables, topology and test thresholds (`config/*.yaml`).
    ///   - topics: the topic names in use.
    public init(configuration: DomainConfiguration, topics: TopicNames = TopicNames()) {
        self.configuration = configuration
        self.topics = topics
        self.loadedCalendar = LoadedCalendar(configured: configuration.calendar, table: Self.calendarTable)
        self.clock = configuration.clock
        self.commandGuard = CommandGuard(topology: configuration.topology, policy: configuration.commands, topics: topics)
    }

    var topology: Topology { configuration.topology }
    var sla: SLAPolicy { configuration.sla }

    /// This logic counting working time on `calendar` (the calendar in force for one decision).
    func counting(on calendar: WorkingCalendar) -> ProvisioningLogic {
        var copy = self
        copy.clock = WorkingClock(calendar: calendar, hours: configuration.hours)
        return copy
    }

    /// The inputs keyed by the order id: service orders, the units' work-order progress and
    /// their test reports (schema version 2). They must have one partition count, so that an
    /// order's records land on the same partition number of each and meet in the one task that
    /// holds the order when the worker runs a task per partition (co-partitioning,
    /// `docs/provisioning.md`). Resource checks meet no order (a request and its answer share
    /// their request id). The inventory and the calendar are reference data that every task
    /// needs whole, not co-partitioned inputs.
    public static let orderKeyedInputs: [Topic] = [.serviceOrders, .workOrderProgress, .testReports]

    static let accepted: Set<EventType> = [
        .serviceOrderCreate, .resourceCheckRequest, .resourceCheckResult, .workOrderStageReport, .workOrderClockStopStarted,
        .workOrderClockStopEnded, .workOrderDelayApplication, .workOrderDataConfigurationStarted, .workOrderAcceptanceResult,
        .testReportCreate, .customerUpdate, .circuitUpdate, .circuitDelete, .networkElementUpdate, .calendarYearUpdate,
    ]

    public func migrate(_ migrator: inout DatabaseMigrator) {
        ProvisioningTables.migrate(&migrator)
        loadedCalendar.migrate(&migrator)
    }

    /// Every unit's own topic of the commands this worker reads, when `commands.unitTopics` is on
    /// (docs/security.md); none otherwise.
    public var additionalInputTopics: [String] { commandGuard.unitTopics.inputs(of: .provisioning) }

    public func decode(_ record: InputRecord) throws(InputRejection) -> DecodedInput<Input> {
        if record.value == nil && record.topic == topics.name(of: .inventory) {
            // The tombstone that follows a circuit deletion: compaction's business, not ours.
            return DecodedInput(id: "tombstone:\(record.topic):\(record.partition):\(record.offset)", input: Input(kind: .ignored))
        }
        let event = try IncomingEvent(record, accepted: Self.accepted, unitTopics: commandGuard.unitTopics)
        let kind: ProvisioningInput
        switch event.type {
        case .serviceOrderCreate:
            let problems = EventEnvelope<ServiceOrder>.problems(in: event.bytes, topology: topology)
            if problems.isEmpty {
                kind = .order(try event.decode(ServiceOrder.self, topology: topology))
            } else if let invalid = InvalidOrder(bytes: event.bytes, problems: problems, topology: topology) {
                kind = .invalidOrder(invalid)
            } else {
                throw InputRejection(problems[0])
            }
        case .resourceCheckRequest: kind = .resourceCheckRequest(try event.decode(ResourceCheckRequest.self, topology: topology))
        case .resourceCheckResult: kind = .resourceCheckResult(try event.decode(ResourceCheckResult.self, topology: topology))
        case .workOrderStageReport:
            let (report, keying) = try workOrderInput(event, WorkOrderStageReport.self, key: record.keyText)
            kind = .stageReport(report, keyedBy: keying)
        case .workOrderClockStopStarted, .workOrderClockStopEnded:
            let (stop, keying) = try workOrderInput(event, WorkOrderClockStop.self, key: record.keyText)
            kind = .clockStop(stop, started: event.type == .workOrderClockStopStarted, keyedBy: keying)
        case .workOrderDelayApplication:
            let (application, keying) = try workOrderInput(event, WorkOrderDelayApplication.self, key: record.keyText)
            kind = .delay(application, keyedBy: keying)
        case .workOrderDataConfigurationStarted:
            let (start, keying) = try workOrderInput(event, WorkOrderDataConfiguration.self, key: record.keyText)
            kind = .dataConfiguration(start, keyedBy: keying)
        case .workOrderAcceptanceResult:
            let (result, keying) = try workOrderInput(event, WorkOrderAcceptance.self, key: record.keyText)
            kind = .acceptance(result, keyedBy: keying)
        case .testReportCreate:
            let (report, keying) = try workOrderInput(event, ServiceTestReport.self, key: record.keyText)
            kind = .testReport(report, keyedBy: keying)
        case .customerUpdate: kind = .customer(try event.decode(Customer.self, topology: topology).event)
        case .circuitUpdate: kind = .circuit(try event.decode(Circuit.self, topology: topology).event)
        case .circuitDelete: kind = .circuitDeleted(try event.decode(CircuitDeletion.self, topology: topology).event)
        case .calendarYearUpdate: kind = .calendarYear(try event.decode(CalendarYearUpdate.self, topology: topology).event)
        default: kind = .ignored
        }
        return DecodedInput(id: event.eventId, input: Input(kind: kind))
    }

    /// Decodes a unit's input on a work order and says how it is keyed (``ProgressKeying``).
    ///
    /// - Throws: ``InputRejection`` for a payload that breaks its schema, or for a record of
    ///   version 2 or later whose Kafka key is not its order id: keyed otherwise, it could reach
    ///   another task than its order's on a worker split into tasks (docs/provisioning.md).
    private func workOrderInput<Payload: WorkOrderInput>(
        _ event: IncomingEvent, _ type: Payload.Type, key: String?
    ) throws(InputRejection) -> (Payload, ProgressKeying) {
        let envelope = try event.decode(type, topology: topology)
        guard envelope.schemaVersion >= 2 else { return (envelope.event, .workOrderId) }
        let orderId = envelope.event.orderId
        guard key == orderId else {
            throw InputRejection(
                .validation,
                "\(event.type.rawValue) version \(envelope.schemaVersion) on work order \(envelope.event.workOrderId) is keyed \(key.map { "'\($0)'" } ?? "by nothing"), not by its order id '\(orderId)'; from version 2 the key is the order id, so that every input about the order reaches the partition (and task) holding it")
        }
        return (envelope.event, .orderId)
    }

    public func apply(_ input: Input, in context: inout DecisionContext) throws {
        // Every decision counts on the calendar in force when it is taken (DOMAIN.md §9). Reading
        // it is no rule of the domain: a failure there is retried like any other.
        let logic = counting(on: try loadedCalendar.calendar(context.db))
        do {
            try logic.decide(input.kind, in: &context)
        } catch let error as DomainError {
            // A rule of the domain refuses the input (a stage out of order, a calendar year not
            // loaded, …): dead-lettered with the rule's message, never retried.
            throw InputRejection(.validation, "\(error.message) [\(error.code)]")
        }
    }

    private func decide(_ kind: ProvisioningInput, in context: inout DecisionContext) throws {
        switch kind {
        case .order(let envelope): try takeOrder(envelope.event, in: &context)
        case .invalidOrder(let invalid): try reject(invalid.orderId, unit: invalid.initiatingUnit, problems: invalid.problems, in: &context)
        case .resourceCheckRequest(let envelope): try openCheck(envelope.event, in: &context)
        case .resourceCheckResult(let envelope): try closeCheck(envelope.event, in: &context)
        case .stageReport(let report, let keying): try reportStage(report, keyedBy: keying, in: &context)
        case .clockStop(let stop, let started, let keying): try stopClock(stop, started: started, keyedBy: keying, in: &context)
        case .delay(let application, let keying): try decideDelay(application, keyedBy: keying, in: &context)
        case .dataConfiguration(let start, let keying): try recordDataConfiguration(start, keyedBy: keying, in: &context)
        case .acceptance(let result, let keying): try recordAcceptance(result, keyedBy: keying, in: &context)
        case .testReport(let report, let keying): try evaluate(report, keyedBy: keying, in: &context)
        case .customer(let customer): try ProvisioningTables.save(context.db, customer)
        case .circuit(let circuit): try ProvisioningTables.save(context.db, circuit)
        case .circuitDeleted(let deletion): try ProvisioningTables.deleteCircuit(context.db, id: deletion.circuitId)
        case .calendarYear(let update): try applyCalendar(update, in: &context)
        case .ignored: break
        }
    }

    public func fire(_ timer: DueTimer, in context: inout DecisionContext) throws {
        guard let payload = ProvisioningTimer(timer.payload) else { return }
        let logic = counting(on: try loadedCalendar.calendar(context.db))
        try logic.fire(payload, in: &context)
    }

    private func fire(_ payload: ProvisioningTimer, in context: inout DecisionContext) throws {
        switch payload {
        case .orderStep(let orderId, let percent): try fireStep(orderId: orderId, percent: percent, in: &context)
        case .checkDeadline(let requestId): try fireCheckDeadline(requestId: requestId, in: &context)
        }
    }

    // MARK: Emitting

    /// Emits `payload` as an event of `type`, signed by `unit` and this worker.
    @discardableResult
    func emit<Payload: EventPayload>(
        _ type: EventType, _ payload: Payload, unit: UnitID, correlation: String, priority: EventPriority = .normal,
        in context: inout DecisionContext
    ) throws -> String {
        let envelope = EventEnvelope(
            type, event: payload, eventTime: context.now, source: EventSource(unit: unit, worker: Self.workerName),
            correlationId: correlation, priority: priority)
        return try context.emit(envelope, topology: topology, topics: topics)
    }

    /// The month an assessment fact counts in, `YYYY-MM` on the wall clock of `calendar.yaml`'s
    /// time zone (the one time-zone source of the domain; DOMAIN.md §7).
    func month(of instant: Date) throws -> String {
        try configuration.calendar.month(of: instant)
    }

    /// Whole minutes in `seconds`, rounded up.
    static func minutes(roundingUp seconds: Int) -> Int { seconds <= 0 ? 0 : (seconds + 59) / 60 }
}

/// What a provisioning timer is for, carried in its payload.
enum ProvisioningTimer: Equatable {
    /// A ladder step (warning, overdue, escalation) of an order.
    case orderStep(orderId: String, percent: Int)
    /// The deadline of a resource check.
    case checkDeadline(requestId: String)

    init?(_ payload: [UInt8]) {
        guard let text = String(validating: payload, as: UTF8.self) else { return nil }
        let parts = text.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        switch parts.first {
        case "step" where parts.count == 3:
            guard let percent = Int(parts[1]) else { return nil }
            self = .orderStep(orderId: parts[2], percent: percent)
        case "check" where parts.count >= 2: self = .checkDeadline(requestId: parts.dropFirst().joined(separator: "|"))
        default: return nil
        }
    }

    /// The timer's id (unique per purpose) and payload.
    var id: String {
        switch self {
        case .orderStep(let orderId, let percent): "order:\(orderId):step:\(percent)"
        case .checkDeadline(let requestId): "check:\(requestId)"
        }
    }

    var payload: [UInt8] {
        switch self {
        case .orderStep(let orderId, let percent): Array("step|\(percent)|\(orderId)".utf8)
        case .checkDeadline(let requestId): Array("check|\(requestId)".utf8)
        }
    }
}
