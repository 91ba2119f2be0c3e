import Foundation
import GRDB
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointRuntime
import OnePointState

/// The reporting worker's decisions (DOMAIN.md §7, docs/reporting.md): it keeps, per unit and
/// month, the facts each score part needs (from the other workers' `AssessmentRecordEvent`s and
/// from trouble tickets), drafts every unit's monthly report and scorecard when the month ends,
/// revises them when late facts arrive, makes them final at 18:00 on the 5th and carries later
/// facts as amendments in the next report.
///
/// Every decision depends only on the worker's tables, the input and `context.now`; month ends
/// and due times are durable timers.
public struct ReportingLogic: WorkerLogic {
    /// One decoded input of the reporting worker.
    public enum Input: Sendable {
        /// A scored fact from another worker.
        case record(AssessmentRecord, eventId: String)
        /// A ticket as it stands now (its customers' restorations).
        case ticket(TroubleTicket, eventId: String)
        /// An order went past its deadline.
        case overdue(OrderDeadlineStep)
        /// A survey (resource check) was requested.
        case checkRequest(ResourceCheckRequest)
        /// A deadline step of some work (a survey past its deadline is open work).
        case escalation(EscalationNotice)
        /// A cease order was carried out: it is no longer open work.
        case ceased(orderId: String)
        /// An open clock's deadline moved with the calendar: its open-work row moves with it.
        case deadlineChanged(DeadlineChange)
        /// One year's working calendar from the `calendar` topic (loaded or corrected).
        case calendarYear(CalendarYearUpdate)
        /// An event on the worker's topics it has nothing to do with.
        case nothing
    }

    /// The name the worker signs its events with.
    public static let workerName = "onepoint-reporting"

    /// How many months back a fact may belong to (older ones are rejected as out of range).
    public static let monthsBack = 12

    let topology: Topology
    /// The working clock a decision counts with: the calendar in force when it is taken
    /// (``counting(on:)``); `calendar.yaml`'s until then.
    private(set) var clock: WorkingClock
    /// `calendar.yaml`'s years with the years applied from the `calendar` topic in their place.
    let loadedCalendar: LoadedCalendar
    let builder: ReportBuilder
    let topics: TopicNames
    let zone: TimeZone

    /// A logic over checked configuration.
    public init(domain: DomainConfiguration, topics: TopicNames) {
        topology = domain.topology
        clock = domain.clock
        loadedCalendar = LoadedCalendar(configured: domain.calendar, table: "report_calendar_years")
        zone = domain.calendar.timeZone
        builder = ReportBuilder(policy: domain.assessment, topology: domain.topology, zone: domain.calendar.timeZone)
        self.topics = topics
    }

    /// The logic of the configuration folder `directory` (`calendar.yaml`, `topology.yaml`,
    /// `assessment.yaml`, …).
    ///
    /// - Throws: ``ConfigError`` naming the file, key and line of the first problem.
    public init(configDirectory directory: String, topics: TopicNames) throws(ConfigError) {
        self.init(domain: try DomainConfiguration.load(directory: directory), topics: topics)
    }

    public func migrate(_ migrator: inout DatabaseMigrator) {
        ReportingTables.migrate(&migrator)
        loadedCalendar.migrate(&migrator)
    }

    /// This logic counting working time on `calendar` (the calendar in force for one decision).
    func counting(on calendar: WorkingCalendar) -> ReportingLogic {
        var copy = self
        copy.clock = WorkingClock(calendar: calendar, hours: clock.hours)
        return copy
    }

    public func decode(_ record: InputRecord) throws(InputRejection) -> DecodedInput<Input> {
        if record.value == nil {
            return DecodedInput(id: "tombstone:\(record.topic):\(record.partition):\(record.offset)", input: .nothing)
        }
        // Every event of the topics it reads is welcome; most are not its business.
        let event = try IncomingEvent(record, accepted: Set(EventType.allCases))
        let input: Input
        switch event.type {
        case .assessmentRecord:
            let record = try event.decode(AssessmentRecord.self, topology: topology).event
            do {
                _ = try ReportMonth(parsing: record.month)
            } catch {
                throw InputRejection(.invalidValue, "event.month: \(error.message) (fact \(record.part.rawValue) \(record.reference))")
            }
            try Self.check(record)
            input = .record(record, eventId: event.eventId)
        case .troubleTicketCreate, .troubleTicketStatusChange, .troubleTicketAttributeValueChange:
            input = .ticket(try event.decode(TroubleTicket.self, topology: topology).event, eventId: event.eventId)
        case .serviceOrderOverdue:
            input = .overdue(try event.decode(OrderDeadlineStep.self, topology: topology).event)
        case .resourceCheckRequest:
            input = .checkRequest(try event.decode(ResourceCheckRequest.self, topology: topology).event)
        case .escalationNotification:
            input = .escalation(try event.decode(EscalationNotice.self, topology: topology).event)
        case .deadlineChanged:
            input = .deadlineChanged(try event.decode(DeadlineChange.self, topology: topology).event)
        case .calendarYearUpdate:
            input = .calendarYear(try event.decode(CalendarYearUpdate.self, topology: topology).event)
        case .serviceOrderCeased:
            input = .ceased(orderId: try event.decode(OrderCease.self, topology: topology).event.orderId)
        default:
            input = .nothing
        }
        return DecodedInput(id: event.eventId, input: input)
    }

    /// A record's fields as its part needs them.
    static func check(_ record: AssessmentRecord) throws(InputRejection) {
        switch record.part {
        case .provisioningOnTime, .acceptancePass, .complaintTimeliness, .informationNotices, .networkQuality:
            guard record.met != nil else {
                throw InputRejection(.missingField, "event.met: a \(record.part.rawValue) fact (\(record.reference)) says whether it met its target")
            }
        case .existingNetworkSurvey, .constructionSurvey, .dataConfiguration, .restorationTime:
            guard record.overrunMinutes != nil else {
                throw InputRejection(.missingField, "event.overrunMinutes: a \(record.part.rawValue) fact (\(record.reference)) gives its overrun in minutes")
            }
        }
    }

    public func apply(_ input: Input, in context: inout DecisionContext) throws {
        // Every decision counts on the calendar in force when it is taken (DOMAIN.md §9).
        try counting(on: loadedCalendar.calendar(context.db)).decide(input, in: &context)
    }

    private func decide(_ input: Input, in context: inout DecisionContext) throws {
        switch input {
        case .record(let record, let eventId): try applyRecord(record, eventId: eventId, in: &context)
        case .ticket(let ticket, let eventId): try applyTicket(ticket, eventId: eventId, in: &context)
        case .overdue(let step): try applyOverdue(step, in: &context)
        case .ceased(let orderId): try applyCease(orderId, in: &context)
        case .checkRequest(let request): try applyCheckRequest(request, in: &context)
        case .escalation(let notice): try applyEscalation(notice, in: &context)
        case .deadlineChanged(let change): try applyDeadlineChange(change, in: &context)
        case .calendarYear(let update):
            do {
                _ = try loadedCalendar.apply(try update.calendarYear(), eventId: context.cause, at: context.now, context.db)
            } catch let error as DomainError {
                throw InputRejection(.validation, "\(error.message) [\(error.code)]")
            }
        case .nothing: break
        }
    }

    public func fire(_ timer: DueTimer, in context: inout DecisionContext) throws {
        try counting(on: loadedCalendar.calendar(context.db)).fireTimer(timer, in: &context)
    }

    /// Emits `payload` as an event of `type` from `unit`, with an id stable for this decision.
    @discardableResult
    func emit<Payload: EventPayload>(_ type: EventType, _ payload: Payload, unit: UnitID, in context: inout DecisionContext) throws -> String {
        let envelope = EventEnvelope(
            type, event: payload, eventTime: context.now, source: EventSource(unit: unit, worker: Self.workerName),
            eventId: StableEventID.make("\(context.cause)#\(context.emitted)"))
        return try context.emit(envelope, topology: topology, topics: topics)
    }
}
