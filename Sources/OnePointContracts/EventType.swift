import OnePointDomain

/// Every event type of OnePoint: its name on the wire, its payload type, its topic, its
/// current schema version and how its key is made. `docs/events.md` is generated from this
/// catalogue and `schemas/<name>.v<version>.json` from the payload types.
///
/// Names follow one rule: TM Forum verbs for the lifecycle of a resource (`…CreateEvent`,
/// `…StateChangeEvent`, `…StatusChangeEvent`, `…AttributeValueChangeEvent`, `…ClearEvent`; on
/// the compacted inventory `…UpdateEvent` and `…DeleteEvent`); a past participle for a decision
/// a worker took (`ServiceOrderAcceptedEvent`, `CutoverRejectedEvent`); otherwise the name of
/// the document (`CutoverNoticeEvent`, `DeadLetterEvent`).
public enum EventType: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    // MARK: Provisioning (售前, 售中)
    /// A service order from a CRM feed or `onepoint order submit` (``ServiceOrder``).
    case serviceOrderCreate = "ServiceOrderCreateEvent"
    /// A pre-sale resource check asked of a unit (``ResourceCheckRequest``).
    case resourceCheckRequest = "ResourceCheckRequestEvent"
    /// A unit's answer to a resource check (``ResourceCheckResult``).
    case resourceCheckResult = "ResourceCheckResultEvent"
    /// A work order dispatched to a unit (``WorkOrder``).
    case workOrderCreate = "WorkOrderCreateEvent"
    /// A work order's stage, milestones, clock or deadline changed (``WorkOrder``).
    case workOrderStateChange = "WorkOrderStateChangeEvent"
    /// A unit reports a stage reached (``WorkOrderStageReport``).
    case workOrderStageReport = "WorkOrderStageReportEvent"
    /// A unit stops a work order's clock (``WorkOrderClockStop``).
    case workOrderClockStopStarted = "WorkOrderClockStopStartedEvent"
    /// A unit restarts a work order's clock (``WorkOrderClockStop``).
    case workOrderClockStopEnded = "WorkOrderClockStopEndedEvent"
    /// A delay application (``WorkOrderDelayApplication``).
    case workOrderDelayApplication = "WorkOrderDelayApplicationEvent"
    /// Data configuration started (``WorkOrderDataConfiguration``).
    case workOrderDataConfigurationStarted = "WorkOrderDataConfigurationStartedEvent"
    /// An acceptance step's result (``WorkOrderAcceptance``).
    case workOrderAcceptanceResult = "WorkOrderAcceptanceResultEvent"
    /// A local or end-to-end test report filed (``ServiceTestReport``).
    case testReportCreate = "TestReportCreateEvent"
    /// The verdict on a test report (``TestReportEvaluation``).
    case testReportEvaluated = "TestReportEvaluatedEvent"
    /// An order accepted, with its route and deadline (``OrderAcceptance``).
    case serviceOrderAccepted = "ServiceOrderAcceptedEvent"
    /// An order rejected, every problem listed (``OrderRejection``).
    case serviceOrderRejected = "ServiceOrderRejectedEvent"
    /// An order split into work orders (``OrderDispatch``).
    case serviceOrderDispatched = "ServiceOrderDispatchedEvent"
    /// One leg completed locally (``LegCompletion``).
    case serviceOrderLegCompleted = "ServiceOrderLegCompletedEvent"
    /// An order completed (``OrderCompletion``).
    case serviceOrderCompleted = "ServiceOrderCompletedEvent"
    /// An order reached its warning step (``OrderDeadlineStep``).
    case serviceOrderOverdueWarning = "ServiceOrderOverdueWarningEvent"
    /// An order passed its deadline (``OrderDeadlineStep``).
    case serviceOrderOverdue = "ServiceOrderOverdueEvent"
    /// An overdue order escalated a step further (``OrderDeadlineStep``).
    case serviceOrderEscalated = "ServiceOrderEscalatedEvent"
    /// A cease order carried out (``OrderCease``).
    case serviceOrderCeased = "ServiceOrderCeasedEvent"
    /// A fact the monthly assessment scores (``AssessmentRecord``).
    case assessmentRecord = "AssessmentRecordEvent"
    /// An open clock's deadline moved with the working calendar (``DeadlineChange``).
    case deadlineChanged = "DeadlineChangedEvent"

    // MARK: Inventory (compacted)
    /// A customer's current record (``Customer``).
    case customerUpdate = "CustomerUpdateEvent"
    /// A circuit's current record (``Circuit``).
    case circuitUpdate = "CircuitUpdateEvent"
    /// A circuit left the inventory (``CircuitDeletion``).
    case circuitDelete = "CircuitDeleteEvent"
    /// A network element's or fibre section's current record (``NetworkElement``).
    case networkElementUpdate = "NetworkElementUpdateEvent"

    // MARK: Faults (售后: 故障)
    /// An alarm raised (``Alarm``, state `raised`).
    case alarmCreate = "AlarmCreateEvent"
    /// An alarm updated or repeated (``Alarm``, state `updated`).
    case alarmAttributeValueChange = "AlarmAttributeValueChangeEvent"
    /// An alarm cleared (``Alarm``, state `cleared`).
    case alarmClear = "AlarmClearEvent"
    /// A customer fault report (``FaultReport``).
    case faultReportCreate = "FaultReportCreateEvent"
    /// An action on a ticket (``TicketCommand``).
    case troubleTicketCommand = "TroubleTicketCommandEvent"
    /// A key-assurance period declared (``AssurancePeriod``).
    case assurancePeriodCreate = "AssurancePeriodCreateEvent"
    /// A fault ticket opened (``TroubleTicket``).
    case troubleTicketCreate = "TroubleTicketCreateEvent"
    /// A ticket's status changed (``TroubleTicket``).
    case troubleTicketStatusChange = "TroubleTicketStatusChangeEvent"
    /// A ticket's circuits, customers, alarms, escalation or notes changed (``TroubleTicket``).
    case troubleTicketAttributeValueChange = "TroubleTicketAttributeValueChangeEvent"
    /// A customer complaint received (``Complaint``).
    case complaintCreate = "ComplaintCreateEvent"
    /// An action on a complaint (``ComplaintCommand``).
    case complaintCommand = "ComplaintCommandEvent"
    /// A complaint's state and clocks changed (``ComplaintStatus``).
    case complaintStateChange = "ComplaintStateChangeEvent"
    /// A circuit failed too often (``RepeatedFault``).
    case repeatedFaultDetected = "RepeatedFaultDetectedEvent"
    /// The faults of an ended key-assurance period (``AssurancePeriodSummary``).
    case assurancePeriodSummary = "AssurancePeriodSummaryEvent"

    // MARK: Cutovers (割接)
    /// A cutover plan submitted (``CutoverPlan``).
    case cutoverPlanCreate = "CutoverPlanCreateEvent"
    /// A cutover plan revised: a new window, interruption, more elements (``CutoverRevision``).
    case cutoverPlanAttributeValueChange = "CutoverPlanAttributeValueChangeEvent"
    /// A cutover plan called off (``CutoverCancellation``).
    case cutoverPlanCancel = "CutoverPlanCancelEvent"
    /// How a cutover ran: started, completed, rolled back (``CutoverExecutionReport``).
    case cutoverExecutionReport = "CutoverExecutionReportEvent"
    /// A customer's feedback letter (``CutoverFeedback``).
    case cutoverFeedback = "CutoverFeedbackEvent"
    /// A notice letter to one customer (``CutoverNotice``).
    case cutoverNotice = "CutoverNoticeEvent"
    /// A cutover plan approved (``CutoverDecision``).
    case cutoverApproved = "CutoverApprovedEvent"
    /// A cutover plan rejected (``CutoverDecision``).
    case cutoverRejected = "CutoverRejectedEvent"
    /// A reminder about a cutover (``CutoverReminder``).
    case cutoverReminder = "CutoverReminderEvent"
    /// A cutover plan's state changed (``CutoverStatus``).
    case cutoverStateChange = "CutoverStateChangeEvent"
    /// An approved planned-outage window (``PlannedOutage``).
    case plannedOutage = "PlannedOutageEvent"

    // MARK: Across workers
    /// An escalation step fired (``EscalationNotice``).
    case escalationNotification = "EscalationNotificationEvent"
    /// Progress feedback due to the customer manager (``ProgressFeedback``).
    case progressFeedbackNotification = "ProgressFeedbackNotificationEvent"
    /// One year's working calendar, loaded or corrected (``CalendarYearUpdate``).
    case calendarYearUpdate = "CalendarYearUpdateEvent"
    /// A unit's monthly operation analysis report (``MonthlyReport``).
    case monthlyReport = "MonthlyReportEvent"
    /// A unit's monthly assessment (the domain's `Scorecard`).
    case scorecard = "ScorecardEvent"
    /// An input no worker could apply (``DeadLetter``).
    case deadLetter = "DeadLetterEvent"

    /// The name on the wire, e.g. `AlarmCreateEvent`.
    public var description: String { rawValue }

    /// The current schema version; readers accept 1 through this. A version adds only optional
    /// fields or changes how the record is keyed, so an older event checks against the current
    /// schema; `schemas/` keeps every version's file.
    public var schemaVersion: Int {
        switch self {
        // v3: `provisional` (a deadline or notice lead counted on the provisional calendar).
        case .cutoverNotice, .cutoverApproved, .cutoverRejected, .escalationNotification:
            3
        // v2: `provisional` (a deadline counted on the provisional calendar).
        case .serviceOrderAccepted, .serviceOrderDispatched, .serviceOrderOverdueWarning, .serviceOrderOverdue, .serviceOrderEscalated,
            .serviceOrderCompleted, .workOrderCreate, .workOrderStateChange:
            2
        case .progressFeedbackNotification, .troubleTicketCommand, .troubleTicketCreate, .troubleTicketStatusChange,
            .troubleTicketAttributeValueChange, .scorecard, .monthlyReport:
            2
        // v2: keyed by the order id (v1: the work-order id), so every input about one order lands
        // on one partition number (co-partitioning); the payload is unchanged and still carries
        // both ids. The provisioning worker still reads v1 records keyed by the work-order id.
        case .workOrderStageReport, .workOrderClockStopStarted, .workOrderClockStopEnded, .workOrderDelayApplication,
            .workOrderDataConfigurationStarted, .workOrderAcceptanceResult, .testReportCreate:
            2
        default: 1
        }
    }

    /// The payload type the event carries.
    public var payloadType: any EventPayload.Type { entry.payload }

    /// The topic the event is published on.
    public var topic: Topic { entry.topic }

    /// The envelope's `domain` (a notification's follows its entity when the emitter says so).
    public var domain: EventDomain { entry.domain }

    /// What the Kafka key is, for people: `"order id"`, `"customer:<id>"`.
    public var keyDescription: String { entry.key }

    /// Who emits the event.
    public var emittedBy: String { entry.emittedBy }

    /// When the event is emitted, for people.
    public var summary: String { entry.summary }

    /// The `$id` of the event type's JSON Schema.
    public var schemaID: String { "https://onepoint.example/schemas/\(schemaFileName)" }

    /// The schema's file name under `schemas/`: `<name>.v<version>.json`.
    public var schemaFileName: String { "\(rawValue).v\(schemaVersion).json" }

    /// The event type's JSON Schema (draft 2020-12): the envelope with this payload.
    /// - Throws: ``ContractError`` only if a payload type cannot be described (a programming
    ///   error the catalogue's tests catch).
    public func jsonSchema() throws(ContractError) -> String {
        try envelopeNode().schemaFile(id: schemaID, title: rawValue, description: summary)
    }
}
