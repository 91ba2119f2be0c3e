import Foundation
import GRDB
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointRuntime
import OnePointState

/// The fault worker's decisions (DOMAIN.md §6.1, docs/fault.md): alarms and customer reports
/// become one ticket per root cause, with a restoration clock per customer, progress feedback,
/// the escalation ladder, planned-outage suppression, reopening and repeated-fault detection.
///
/// Every decision depends only on the worker's tables, the input and `context.now`; every
/// deadline is a durable timer.
public struct FaultLogic: WorkerLogic {
    /// One decoded input of the fault worker.
    public enum Input: Sendable {
        /// An alarm raised, updated or cleared.
        case alarm(EventEnvelope<Alarm>)
        /// A customer's fault report.
        case report(EventEnvelope<FaultReport>)
        /// An action on a ticket.
        case command(EventEnvelope<TicketCommand>)
        /// A customer complaint.
        case complaint(EventEnvelope<Complaint>)
        /// An action on a complaint.
        case complaintCommand(EventEnvelope<ComplaintCommand>)
        /// A key-assurance period declared.
        case assurance(EventEnvelope<AssurancePeriod>)
        /// A planned-outage window (approved or cancelled).
        case outage(EventEnvelope<PlannedOutage>)
        /// A record of the inventory (or a tombstone).
        case inventory(InventoryRecord)
    }

    /// The event types the worker reads.
    public static let acceptedTypes: Set<EventType> = Set<EventType>([
        .alarmCreate, .alarmAttributeValueChange, .alarmClear, .faultReportCreate, .troubleTicketCommand, .complaintCreate, .complaintCommand,
        .assurancePeriodCreate,
        .plannedOutage,
    ]).union(InventoryRecord.eventTypes)

    /// The name the worker signs its events with.
    public static let workerName = "onepoint-fault"

    let topology: Topology
    let sla: SLAPolicy
    let complaints: ComplaintPolicy
    let settings: FaultSettings
    let topics: TopicNames
    let timeZone: TimeZone
    let calendar: WorkingCalendar
    /// Who may act on what, and how a command may be dated (docs/security.md).
    let commandGuard: CommandGuard
    /// How the runtime splits the worker into tasks (``RuntimeConfiguration/tasks``): with
    /// ``TaskLayout/perPartition`` every ticket id carries its correlation domain and task, task
    /// 0's too, so a command on it can be routed (``route(_:in:)``); with ``TaskLayout/single``
    /// only a task other than 0 (which a single-task worker never runs) makes such ids. Set it to
    /// the runtime's layout.
    public var taskLayout: TaskLayout = .single

    /// A logic over checked configuration.
    public init(domain: DomainConfiguration, settings: FaultSettings, topics: TopicNames) {
        self.topology = domain.topology
        self.sla = domain.sla
        self.complaints = domain.complaints
        self.settings = settings
        self.topics = topics
        self.timeZone = domain.calendar.timeZone
        self.calendar = domain.calendar
        self.commandGuard = CommandGuard(topology: domain.topology, policy: domain.commands, topics: topics)
    }

    /// The logic of the configuration folder `directory` (`sla.yaml`, `topology.yaml`, …,
    /// `fault.yaml`).
    ///
    /// - Throws: ``ConfigError`` naming the file, key and line of the first problem.
    public init(configDirectory directory: String, topics: TopicNames) throws(ConfigError) {
        self.init(domain: try DomainConfiguration.load(directory: directory), settings: try FaultSettings.load(directory: directory), topics: topics)
    }

    public func migrate(_ migrator: inout DatabaseMigrator) {
        FaultTables.migrate(&migrator)
    }

    /// Every unit's own topic of the commands this worker reads, when `commands.unitTopics` is on
    /// (docs/security.md); none otherwise.
    public var additionalInputTopics: [String] { commandGuard.unitTopics.inputs(of: .fault) }
    /// Tickets first: every timer (progress feedback, escalation), command and new alarm on an
    /// open fault reads its ticket, then the ticket's children.
    public var warmTables: [String] { ["fault_tickets", "fault_children"] }

    public func decode(_ record: InputRecord) throws(InputRejection) -> DecodedInput<Input> {
        if InventoryRecord.isTombstone(record, topics: topics) {
            return DecodedInput(id: "tombstone:\(record.topic):\(record.partition):\(record.offset)", input: .inventory(.tombstone))
        }
        let event = try IncomingEvent(record, accepted: Self.acceptedTypes, unitTopics: commandGuard.unitTopics)
        if let record = try InventoryRecord.decode(event, topology: topology) { return DecodedInput(id: event.eventId, input: .inventory(record)) }
        let input: Input
        switch event.type {
        case .alarmCreate, .alarmAttributeValueChange, .alarmClear:
            input = .alarm(try event.decode(Alarm.self, topology: topology))
        case .faultReportCreate:
            input = .report(try event.decode(FaultReport.self, topology: topology))
        case .troubleTicketCommand:
            // Decoded without the topology so that an unknown acting unit is refused as
            // `unauthorized` (an unknown principal), not as a malformed field.
            let command = try event.decode(TicketCommand.self, topology: nil)
            try commandGuard.requireKnown(command.event.unit, field: "event.unit", source: command.source.unit)
            if command.event.action == .note, (command.event.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw InputRejection(.missingField, "event.note: a note command needs the note's text")
            }
            input = .command(command)
        case .complaintCreate:
            input = .complaint(try event.decode(Complaint.self, topology: topology))
        case .complaintCommand:
            let command = try event.decode(ComplaintCommand.self, topology: nil)
            try commandGuard.requireKnown(command.event.unit, field: "event.unit", source: command.source.unit)
            if command.event.action == .note, (command.event.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw InputRejection(.missingField, "event.note: a note on a complaint needs the note's text")
            }
            input = .complaintCommand(command)
        case .assurancePeriodCreate:
            let period = try event.decode(AssurancePeriod.self, topology: topology)
            guard period.event.to > period.event.from else {
                throw InputRejection(.validation, "assurance period \(period.event.periodId) ends (\(period.event.to)) before it starts (\(period.event.from))")
            }
            input = .assurance(period)
        case .plannedOutage:
            let outage = try event.decode(PlannedOutage.self, topology: topology)
            guard outage.event.windowEnd > outage.event.windowStart else {
                throw InputRejection(.validation, "planned outage \(outage.event.cutoverId) ends before it starts")
            }
            input = .outage(outage)
        default:
            throw InputRejection(.unknownType, "\(event.type.rawValue) is not an input of the fault worker")
        }
        return DecodedInput(id: event.eventId, input: input)
    }

    public func apply(_ input: Input, in context: inout DecisionContext) throws {
        switch input {
        case .alarm(let envelope): try applyAlarm(envelope.event, type: envelope.eventType, in: &context)
        case .report(let envelope): try applyReport(envelope.event, in: &context)
        case .command(let envelope): try applyCommand(envelope.event, in: &context)
        case .complaint(let envelope): try applyComplaint(envelope.event, in: &context)
        case .complaintCommand(let envelope): try applyComplaintCommand(envelope.event, in: &context)
        case .assurance(let envelope): try applyAssurance(envelope.event, declaredBy: envelope.source.unit, in: &context)
        case .outage(let envelope): try applyOutage(envelope.event, in: &context)
        case .inventory(.customer(let customer)): try applyCustomer(customer, in: &context)
        case .inventory(.circuit(let circuit)): try applyCircuit(circuit, in: &context)
        case .inventory(.circuitDeleted(let deletion)):
            try context.db.cachedStatement(sql: "DELETE FROM fault_circuits WHERE id = ?").execute(arguments: [deletion.circuitId])
        case .inventory(.element(let element)): try applyElement(element, in: &context)
        case .inventory(.tombstone): break
        }
    }

    public func fire(_ timer: DueTimer, in context: inout DecisionContext) throws {
        try fireTimer(timer, in: &context)
    }

    // MARK: - Emitting

    /// Emits `payload` as an event of `type` from `unit`, with an id stable for this decision.
    func emit<Payload: EventPayload>(_ type: EventType, _ payload: Payload, unit: UnitID, at time: Date, in context: inout DecisionContext) throws {
        let envelope = EventEnvelope(
            type, event: payload, eventTime: time, source: EventSource(unit: unit, worker: Self.workerName),
            eventId: StableEventID.make(Self.eventName(context)),
            priority: type == .escalationNotification ? .high : .normal)
        try context.emit(envelope, topology: topology, topics: topics)
    }

    /// What the id of the next event a decision emits is made from: `<cause>#<n>`, and in a task
    /// other than 0 `<cause>#<n>@task<task>`, since an input of a global topic (a planned outage,
    /// an assurance period) and the timers it sets are decided in every task, each emitting its
    /// own events.
    static func eventName(_ context: DecisionContext) -> String {
        context.task == 0 ? "\(context.cause)#\(context.emitted)" : "\(context.cause)#\(context.emitted)@task\(context.task)"
    }
}
