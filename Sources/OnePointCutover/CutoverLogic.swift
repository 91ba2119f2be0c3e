import Foundation
import GRDB
import Logging
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointRuntime
import OnePointState

/// The cutover worker's decisions (DOMAIN.md §6.2, docs/cutover.md): who a planned change
/// affects, the notice lead each customer needs, whether the plan is in time and clear of
/// key-assurance periods, one notice letter per customer, feedback and renegotiation, reminders,
/// execution reports, and the information-notice facts the monthly score counts.
///
/// Every decision depends only on the worker's tables, the input and `context.now`; every
/// deadline (feedback due, the 24-hour reminder, the window's start) is a durable timer.
public struct CutoverLogic: WorkerLogic {
    /// One decoded input of the cutover worker.
    public enum Input: Sendable {
        /// A plan submitted.
        case plan(EventEnvelope<CutoverPlan>)
        /// A plan revised.
        case revision(EventEnvelope<CutoverRevision>)
        /// A plan called off.
        case cancellation(EventEnvelope<CutoverCancellation>)
        /// How a plan ran.
        case execution(EventEnvelope<CutoverExecutionReport>)
        /// A customer's feedback letter.
        case feedback(EventEnvelope<CutoverFeedback>)
        /// A key-assurance period declared.
        case assurance(AssurancePeriod)
        /// A record of the inventory (or a tombstone).
        case inventory(InventoryRecord)
        /// One year's working calendar from the `calendar` topic (loaded or corrected).
        case calendarYear(CalendarYearUpdate)
    }

    /// The event types the worker reads.
    public static let acceptedTypes: Set<EventType> = Set<EventType>([
        .cutoverPlanCreate, .cutoverPlanAttributeValueChange, .cutoverPlanCancel, .cutoverExecutionReport, .cutoverFeedback,
        .assurancePeriodCreate, .calendarYearUpdate,
    ]).union(InventoryRecord.eventTypes)

    /// The name the worker signs its events with.
    public static let workerName = "onepoint-cutover"

    let topology: Topology
    let sla: SLAPolicy
    /// The working clock a decision counts with: the calendar in force when it is taken
    /// (``counting(on:)``); `calendar.yaml`'s until then.
    private(set) var clock: WorkingClock
    let settings: CutoverConfiguration
    let topics: TopicNames
    /// `calendar.yaml`'s years with the years applied from the `calendar` topic in their place.
    let loadedCalendar: LoadedCalendar
    /// Who may act on what, and how a command may be dated (docs/security.md).
    let commandGuard: CommandGuard
    /// How the runtime splits the worker into tasks (``RuntimeConfiguration/tasks``): with
    /// ``TaskLayout/perPartition`` a plan, revision, cancellation, execution report or feedback
    /// must be keyed by its cutover id (``requireCutoverKey(_:_:)``), so that every record of a
    /// cutover reaches the one task that keeps it. Set it to the runtime's layout.
    public var taskLayout: TaskLayout = .single

    var calendar: WorkingCalendar { clock.calendar }

    /// A logic over checked configuration.
    public init(domain: DomainConfiguration, settings: CutoverConfiguration, topics: TopicNames) {
        self.topology = domain.topology
        self.sla = domain.sla
        self.clock = domain.clock
        self.settings = settings
        self.topics = topics
        self.loadedCalendar = LoadedCalendar(configured: domain.calendar, table: "cutover_calendar_years")
        self.commandGuard = CommandGuard(topology: domain.topology, policy: domain.commands, topics: topics)
    }

    /// This logic counting working days on `calendar` (the calendar in force for one decision).
    func counting(on calendar: WorkingCalendar) -> CutoverLogic {
        var copy = self
        copy.clock = WorkingClock(calendar: calendar, hours: clock.hours)
        return copy
    }

    /// The logic of the configuration folder `directory` (`sla.yaml`, `calendar.yaml`,
    /// `topology.yaml`, …, `cutover.yaml`).
    ///
    /// - Throws: ``ConfigError`` naming the file, key and line of the first problem.
    public init(configDirectory directory: String, topics: TopicNames) throws(ConfigError) {
        self.init(domain: try DomainConfiguration.load(directory: directory), settings: try CutoverConfiguration.load(directory: directory), topics: topics)
    }

    public func migrate(_ migrator: inout DatabaseMigrator) {
        CutoverTables.migrate(&migrator)
        loadedCalendar.migrate(&migrator)
    }

    /// Every unit's own topic of the commands this worker reads, when `commands.unitTopics` is on
    /// (docs/security.md); none otherwise.
    public var additionalInputTopics: [String] { commandGuard.unitTopics.inputs(of: .cutover) }

    public func decode(_ record: InputRecord) throws(InputRejection) -> DecodedInput<Input> {
        if InventoryRecord.isTombstone(record, topics: topics) {
            return DecodedInput(id: "tombstone:\(record.topic):\(record.partition):\(record.offset)", input: .inventory(.tombstone))
        }
        let event = try IncomingEvent(record, accepted: Self.acceptedTypes, unitTopics: commandGuard.unitTopics)
        if let record = try InventoryRecord.decode(event, topology: topology) { return DecodedInput(id: event.eventId, input: .inventory(record)) }
        let input: Input
        switch event.type {
        case .cutoverPlanCreate:
            let plan = try event.decode(CutoverPlan.self, topology: topology)
            try Self.checkWindow(start: plan.event.windowStart, end: plan.event.windowEnd, of: plan.event.cutoverId)
            try Self.checkInterruption(plan.event.expectedInterruptionMinutes, of: plan.event.cutoverId)
            guard !plan.event.elementIds.isEmpty || !plan.event.circuitIds.isEmpty else {
                throw InputRejection(.validation, "cutover \(plan.event.cutoverId) names no element and no circuit: nothing says whom it affects")
            }
            try requireCutoverKey(record, plan.event.cutoverId)
            input = .plan(plan)
        case .cutoverPlanAttributeValueChange:
            let revision = try event.decode(CutoverRevision.self, topology: topology)
            if let minutes = revision.event.expectedInterruptionMinutes { try Self.checkInterruption(minutes, of: revision.event.cutoverId) }
            if (revision.event.windowStart == nil) != (revision.event.windowEnd == nil) {
                throw InputRejection(.validation, "revision of \(revision.event.cutoverId): give both windowStart and windowEnd, or neither")
            }
            if let start = revision.event.windowStart, let end = revision.event.windowEnd {
                try Self.checkWindow(start: start, end: end, of: revision.event.cutoverId)
            }
            try requireCutoverKey(record, revision.event.cutoverId)
            input = .revision(revision)
        case .cutoverPlanCancel:
            let cancellation = try event.decode(CutoverCancellation.self, topology: topology)
            try requireCutoverKey(record, cancellation.event.cutoverId)
            input = .cancellation(cancellation)
        case .cutoverExecutionReport:
            let report = try event.decode(CutoverExecutionReport.self, topology: topology)
            if report.event.outcome != .started {
                guard let minutes = report.event.actualInterruptionMinutes else {
                    throw InputRejection(.missingField, "event.actualInterruptionMinutes: a \(report.event.outcome.rawValue) report needs the real interruption in minutes")
                }
                try Self.checkInterruption(minutes, of: report.event.cutoverId)
            }
            try requireCutoverKey(record, report.event.cutoverId)
            input = .execution(report)
        case .cutoverFeedback:
            let feedback = try event.decode(CutoverFeedback.self, topology: topology)
            if let start = feedback.event.proposedWindowStart, let end = feedback.event.proposedWindowEnd {
                try Self.checkWindow(start: start, end: end, of: feedback.event.cutoverId)
            }
            try requireCutoverKey(record, feedback.event.cutoverId)
            input = .feedback(feedback)
        case .assurancePeriodCreate:
            let envelope = try event.decode(AssurancePeriod.self, topology: topology)
            let period = envelope.event
            // The declaring unit (the envelope's source, the only unit the event carries) must be
            // every covered unit or above it, as the fault worker checks.
            try commandGuard.authorize(envelope.source.unit, onAllOf: period.units, "assurance period \(period.periodId)")
            guard period.to > period.from else {
                throw InputRejection(.validation, "assurance period \(period.periodId) ends (\(period.to)) before it starts (\(period.from))")
            }
            input = .assurance(period)
        case .calendarYearUpdate: input = .calendarYear(try event.decode(CalendarYearUpdate.self, topology: topology).event)
        default:
            throw InputRejection(.unknownType, "\(event.type.rawValue) is not an input of the cutover worker")
        }
        return DecodedInput(id: event.eventId, input: input)
    }

    public func apply(_ input: Input, in context: inout DecisionContext) throws {
        // Every decision counts on the calendar in force when it is taken (DOMAIN.md §9).
        try counting(on: loadedCalendar.calendar(context.db)).decide(input, in: &context)
    }

    private func decide(_ input: Input, in context: inout DecisionContext) throws {
        switch input {
        case .plan(let envelope): try applyPlan(envelope.event, in: &context)
        case .revision(let envelope): try applyRevision(envelope.event, in: &context)
        case .cancellation(let envelope): try applyCancellation(envelope.event, in: &context)
        case .execution(let envelope): try applyExecution(envelope.event, in: &context)
        case .feedback(let envelope): try applyFeedback(envelope.event, in: &context)
        case .assurance(let period): try applyAssurance(period, in: &context)
        case .inventory(.customer(let customer)): try applyCustomer(customer, in: &context)
        case .inventory(.circuit(let circuit)): try applyCircuit(circuit, in: &context)
        case .inventory(.circuitDeleted(let deletion)):
            try context.db.cachedStatement(sql: "DELETE FROM cutover_circuits WHERE id = ?").execute(arguments: [deletion.circuitId])
        case .inventory(.element(let element)): try applyElement(element, in: &context)
        case .inventory(.tombstone): break
        case .calendarYear(let update): try applyCalendar(update, in: &context)
        }
    }

    public func fire(_ timer: DueTimer, in context: inout DecisionContext) throws {
        try counting(on: loadedCalendar.calendar(context.db)).fireTimer(timer, in: &context)
    }

    // MARK: - Checks and emitting

    static func checkWindow(start: Date, end: Date, of cutover: String) throws(InputRejection) {
        guard end > start else {
            throw InputRejection(.validation, "cutover \(cutover): the window ends (\(end)) before or when it starts (\(start))")
        }
    }

    static func checkInterruption(_ minutes: Int, of cutover: String) throws(InputRejection) {
        guard minutes >= 0 else {
            throw InputRejection(.validation, "cutover \(cutover): an interruption of \(minutes) minutes is negative")
        }
    }

    /// Emits `payload` as an event of `type` from `unit`, with an id stable for this decision.
    @discardableResult
    func emit<Payload: EventPayload>(
        _ type: EventType, _ payload: Payload, unit: UnitID, at time: Date, priority: EventPriority = .normal, in context: inout DecisionContext
    ) throws -> String {
        let envelope = EventEnvelope(
            type, event: payload, eventTime: time, source: EventSource(unit: unit, worker: Self.workerName),
            eventId: StableEventID.make(Self.eventName(context)), priority: priority)
        return try context.emit(envelope, topology: topology, topics: topics)
    }
}
