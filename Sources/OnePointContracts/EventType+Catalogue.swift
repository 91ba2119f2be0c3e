import OnePointDomain

/// Internal: what the catalogue says of each event type.
extension EventType {
    struct Entry {
        var payload: any EventPayload.Type
        var topic: Topic
        var domain: EventDomain
        var key: String
        var emittedBy: String
        var summary: String
    }

    var entry: Entry {
        switch self {
        case .serviceOrderCreate:
            Entry(
                payload: ServiceOrder.self, topic: .serviceOrders, domain: .provisioning, key: "order id",
                emittedBy: "CRM order feed (`crm`), `onepoint order submit`",
                summary: "A customer's order for a service (TMF641): provision (`add`) or cease (`delete`) a circuit.")
        case .resourceCheckRequest:
            Entry(
                payload: ResourceCheckRequest.self, topic: .presaleRequests, domain: .provisioning, key: "request id",
                emittedBy: "CRM feed, customer managers (`onepoint-cli`)",
                summary: "A pre-sale resource check (资源核查) asked of a unit: an existing-network survey or a construction survey; its limit runs from `requestedAt`.")
        case .resourceCheckResult:
            Entry(
                payload: ResourceCheckResult.self, topic: .presaleRequests, domain: .provisioning, key: "request id",
                emittedBy: "the surveying unit (`onepoint-cli` or its own system)",
                summary: "A unit's answer to a resource check: resources reserved, or the investment and time new construction needs.")
        case .workOrderCreate:
            Entry(
                payload: WorkOrder.self, topic: .workOrders, domain: .provisioning, key: "work-order id",
                emittedBy: "provisioning worker",
                summary: "A work order dispatched to one unit of a service order (a city's access, a province's backbone, HQ's trunk), with its deadline.")
        case .workOrderStateChange:
            Entry(
                payload: WorkOrder.self, topic: .workOrders, domain: .provisioning, key: "work-order id",
                emittedBy: "provisioning worker",
                summary: "A work order's stage, milestones, clock stops or deadline changed; carries the whole work order.")
        case .workOrderStageReport:
            Entry(
                payload: WorkOrderStageReport.self, topic: .workOrderProgress, domain: .provisioning, key: "order id (v1: work-order id)",
                emittedBy: "the unit doing the work (`onepoint-cli` or its own system)",
                summary: "A unit reports that its work order reached a stage, with progress for the coordinating party.")
        case .workOrderClockStopStarted:
            Entry(
                payload: WorkOrderClockStop.self, topic: .workOrderProgress, domain: .provisioning, key: "order id (v1: work-order id)",
                emittedBy: "the unit doing the work",
                summary: "A unit stops the work order's clock for a customer cause or resource construction (暂停计时).")
        case .workOrderClockStopEnded:
            Entry(
                payload: WorkOrderClockStop.self, topic: .workOrderProgress, domain: .provisioning, key: "order id (v1: work-order id)",
                emittedBy: "the unit doing the work",
                summary: "A unit restarts the work order's clock; the deadline moves out by the working time stopped.")
        case .workOrderDelayApplication:
            Entry(
                payload: WorkOrderDelayApplication.self, topic: .workOrderProgress, domain: .provisioning, key: "order id (v1: work-order id)",
                emittedBy: "the unit doing the work",
                summary: "A delay application (延期申请): accepted only for a customer cause filed before the deadline, else one more overdue occurrence.")
        case .workOrderDataConfigurationStarted:
            Entry(
                payload: WorkOrderDataConfiguration.self, topic: .workOrderProgress, domain: .provisioning, key: "order id (v1: work-order id)",
                emittedBy: "the configuring unit",
                summary: "Data configuration started; it must start within 30 minutes of its notice.")
        case .workOrderAcceptanceResult:
            Entry(
                payload: WorkOrderAcceptance.self, topic: .workOrderProgress, domain: .provisioning, key: "order id (v1: work-order id)",
                emittedBy: "the accepting unit",
                summary: "The result of an acceptance step (工程验收); a failed preliminary acceptance returns the work to engineering.")
        case .testReportCreate:
            Entry(
                payload: ServiceTestReport.self, topic: .testReports, domain: .provisioning, key: "order id (v1: work-order id)",
                emittedBy: "the testing unit; HQ for the assembled end-to-end report of a cross-province circuit",
                summary: "A local or end-to-end test report with the metrics its service type requires, its tester and its confirmation.")
        case .testReportEvaluated:
            Entry(
                payload: TestReportEvaluation.self, topic: .orderEvents, domain: .provisioning, key: "order id",
                emittedBy: "provisioning worker",
                summary: "The verdict on a test report: passed, failed (thresholds not met) or rejected (a metric missing, naming it).")
        case .serviceOrderAccepted:
            Entry(
                payload: OrderAcceptance.self, topic: .orderEvents, domain: .provisioning, key: "order id",
                emittedBy: "provisioning worker",
                summary: "An order accepted, with its scope, coordinating party, end-to-end reporter, limit and deadline.")
        case .serviceOrderRejected:
            Entry(
                payload: OrderRejection.self, topic: .orderEvents, domain: .provisioning, key: "order id",
                emittedBy: "provisioning worker",
                summary: "An order rejected, listing every problem (unknown unit, unknown service type, no access point, …).")
        case .serviceOrderDispatched:
            Entry(
                payload: OrderDispatch.self, topic: .orderEvents, domain: .provisioning, key: "order id",
                emittedBy: "provisioning worker",
                summary: "An order split into work orders, one per unit that must act.")
        case .serviceOrderLegCompleted:
            Entry(
                payload: LegCompletion.self, topic: .orderEvents, domain: .provisioning, key: "order id",
                emittedBy: "provisioning worker",
                summary: "One unit's leg completed locally (本地竣工), rolled up to the coordinating party.")
        case .serviceOrderCompleted:
            Entry(
                payload: OrderCompletion.self, topic: .orderEvents, domain: .provisioning, key: "order id",
                emittedBy: "provisioning worker",
                summary: "An order completed after final acceptance, on time or not, with the maintenance manager for Diamond and Gold.")
        case .serviceOrderOverdueWarning:
            Entry(
                payload: OrderDeadlineStep.self, topic: .orderEvents, domain: .provisioning, key: "order id",
                emittedBy: "provisioning worker (durable timer)",
                summary: "An order reached its warning step (超时预警, 80 % of the limit by default) and the coordinating party is warned.")
        case .serviceOrderOverdue:
            Entry(
                payload: OrderDeadlineStep.self, topic: .orderEvents, domain: .provisioning, key: "order id",
                emittedBy: "provisioning worker (durable timer)",
                summary: "An order passed its deadline: overdue, escalated to the parent unit.")
        case .serviceOrderEscalated:
            Entry(
                payload: OrderDeadlineStep.self, topic: .orderEvents, domain: .provisioning, key: "order id",
                emittedBy: "provisioning worker (durable timer)",
                summary: "An overdue order escalated a further step up the ladder in configuration.")
        case .serviceOrderCeased:
            Entry(
                payload: OrderCease.self, topic: .orderEvents, domain: .provisioning, key: "order id",
                emittedBy: "provisioning worker",
                summary: "A cease order (业务关闭) carried out: resources released, service closed, circuit removed from the inventory.")
        case .assessmentRecord:
            Entry(
                payload: AssessmentRecord.self, topic: .orderEvents, domain: .provisioning, key: "order id (resource-check request id for surveys)",
                emittedBy: "provisioning worker",
                summary: "A scored fact for the monthly assessment: on time or not, acceptance first-pass, data-configuration delay, survey overrun.")
        case .deadlineChanged:
            Entry(
                payload: DeadlineChange.self, topic: .orderEvents, domain: .provisioning, key: "order id (resource-check request id for surveys)",
                emittedBy: "provisioning worker (on a calendar year loaded or corrected)",
                summary: "An open clock's deadline moved because a year's working calendar was loaded or corrected: the old and new deadline, whether it is still provisional, the reason; its timers moved with it.")
        case .customerUpdate:
            Entry(
                payload: Customer.self, topic: .inventory, domain: .inventory, key: "`customer:<id>`",
                emittedBy: "`onepoint inventory load`",
                summary: "A customer's current record: level, assurance, units, customer manager.")
        case .circuitUpdate:
            Entry(
                payload: Circuit.self, topic: .inventory, domain: .inventory, key: "`circuit:<id>`",
                emittedBy: "`onepoint inventory load`; provisioning worker when an order completes",
                summary: "A circuit's current record: service type, bandwidth, A and Z ends by unit, assurance level, customer.")
        case .circuitDelete:
            Entry(
                payload: CircuitDeletion.self, topic: .inventory, domain: .inventory, key: "`circuit:<id>`",
                emittedBy: "provisioning worker (cease orders)",
                summary: "A circuit left the inventory; a tombstone on the same key follows.")
        case .networkElementUpdate:
            Entry(
                payload: NetworkElement.self, topic: .inventory, domain: .inventory, key: "`element:<id>`",
                emittedBy: "`onepoint inventory load`",
                summary: "A network element's or fibre section's current record: its unit, its ports and the circuits they carry.")
        case .alarmCreate:
            Entry(
                payload: Alarm.self, topic: .alarms, domain: .fault, key: "reduction key `<type>:<object id>:<probableCause>[:<specificProblem>]`",
                emittedBy: "NMS alarm feed (`nms`), `onepoint alarm inject`",
                summary: "A network alarm raised (TMF642 / X.733), state `raised`.")
        case .alarmAttributeValueChange:
            Entry(
                payload: Alarm.self, topic: .alarms, domain: .fault, key: "reduction key",
                emittedBy: "NMS alarm feed",
                summary: "A raised alarm changed (severity) or repeated, state `updated`.")
        case .alarmClear:
            Entry(
                payload: Alarm.self, topic: .alarms, domain: .fault, key: "reduction key",
                emittedBy: "NMS alarm feed",
                summary: "An alarm cleared, state `cleared`, with `alarmClearedTime`.")
        case .faultReportCreate:
            Entry(
                payload: FaultReport.self, topic: .faultReports, domain: .fault, key: "circuit id",
                emittedBy: "`onepoint fault report`, a customer-service feed",
                summary: "A customer's fault report (故障申告); opens a ticket or joins the circuit's open one.")
        case .troubleTicketCommand:
            Entry(
                payload: TicketCommand.self, topic: .ticketCommands, domain: .fault, key: "ticket id",
                emittedBy: "`onepoint ticket ack`, `note`, `confirm`, `close`",
                summary: "An operator's or customer's action on a ticket: acknowledge, note, confirm, close.")
        case .assurancePeriodCreate:
            Entry(
                payload: AssurancePeriod.self, topic: .assurancePeriods, domain: .fault, key: "period id",
                emittedBy: "`onepoint assurance declare`",
                summary: "A key-communication-assurance period (重保): units, customers, from and to; covered faults are handled at Key level.")
        case .troubleTicketCreate:
            Entry(
                payload: TroubleTicket.self, topic: .tickets, domain: .fault, key: "ticket id",
                emittedBy: "fault worker",
                summary: "A fault ticket opened (TMF621): one root cause, every affected circuit and customer with its own clock.")
        case .troubleTicketStatusChange:
            Entry(
                payload: TroubleTicket.self, topic: .tickets, domain: .fault, key: "ticket id",
                emittedBy: "fault worker",
                summary: "A ticket's status changed (acknowledged, inProgress, resolved on restoration, closed, reopened); carries the whole ticket.")
        case .troubleTicketAttributeValueChange:
            Entry(
                payload: TroubleTicket.self, topic: .tickets, domain: .fault, key: "ticket id",
                emittedBy: "fault worker",
                summary: "A ticket's alarms, circuits, customers, escalation level or notes changed; carries the whole ticket.")
        case .repeatedFaultDetected:
            Entry(
                payload: RepeatedFault.self, topic: .tickets, domain: .fault, key: "the latest ticket id",
                emittedBy: "fault worker",
                summary: "A circuit had more faults than configured within the period (故障重复发生): counts against network quality.")
        case .assurancePeriodSummary:
            Entry(
                payload: AssurancePeriodSummary.self, topic: .notifications, domain: .fault, key: "period id",
                emittedBy: "fault worker (durable timer at the period's end)",
                summary: "The faults of a key-assurance period, when it ends, for the plan's archive.")
        case .complaintCreate:
            Entry(
                payload: Complaint.self, topic: .complaints, domain: .fault, key: "complaint id",
                emittedBy: "response centres (`onepoint complaint submit`), a CRM feed",
                summary: "A customer complaint (投诉) about a customer's service, optionally a circuit or a ticket; its response, handling and reply clocks start.")
        case .complaintCommand:
            Entry(
                payload: ComplaintCommand.self, topic: .complaints, domain: .fault, key: "complaint id",
                emittedBy: "the handling unit (`onepoint complaint ack|handle|reply|note`)",
                summary: "An action on a complaint: first contact (acknowledge), cause acted on (handle), result told (reply, closes it), or a note.")
        case .complaintStateChange:
            Entry(
                payload: ComplaintStatus.self, topic: .tickets, domain: .fault, key: "complaint id",
                emittedBy: "fault worker",
                summary: "A complaint's state and its three clocks, at every change; once closed, whether it was in time (all three met).")
        case .cutoverPlanCreate:
            Entry(
                payload: CutoverPlan.self, topic: .cutoverPlans, domain: .cutover, key: "cutover id",
                emittedBy: "network operations (`onepoint cutover submit`)",
                summary: "A cutover plan (割接): window, elements touched, expected interruption, emergency or not.")
        case .cutoverPlanAttributeValueChange:
            Entry(
                payload: CutoverRevision.self, topic: .cutoverPlans, domain: .cutover, key: "cutover id",
                emittedBy: "the owning unit (`onepoint cutover revise`)",
                summary: "A cutover plan revised: a new window (after a disagreement), interruption, or more elements and circuits; decided again, fresh notices supersede the old.")
        case .cutoverPlanCancel:
            Entry(
                payload: CutoverCancellation.self, topic: .cutoverPlans, domain: .cutover, key: "cutover id",
                emittedBy: "the owning unit (`onepoint cutover cancel`)",
                summary: "A cutover plan called off: its planned-outage window is cancelled and the plan closes.")
        case .cutoverExecutionReport:
            Entry(
                payload: CutoverExecutionReport.self, topic: .cutoverPlans, domain: .cutover, key: "cutover id",
                emittedBy: "the owning unit (`onepoint cutover report`)",
                summary: "How a cutover ran: started, completed or rolled back, with the real interruption in minutes.")
        case .cutoverFeedback:
            Entry(
                payload: CutoverFeedback.self, topic: .cutoverFeedback, domain: .cutover, key: "cutover id",
                emittedBy: "customer managers (`onepoint-cli`)",
                summary: "A customer's feedback letter (客户反馈函): agree, or disagree and propose another window.")
        case .cutoverNotice:
            Entry(
                payload: CutoverNotice.self, topic: .cutoverNotices, domain: .cutover, key: "cutover id",
                emittedBy: "cutover worker",
                summary: "A notice letter (告知函) to one customer: reason, window, affected service and circuits, interruption, advice, contacts, lead.")
        case .cutoverApproved:
            Entry(
                payload: CutoverDecision.self, topic: .cutoverNotices, domain: .cutover, key: "cutover id",
                emittedBy: "cutover worker",
                summary: "A cutover plan approved (or a revision of it): the notices sent, one per affected customer; none when no customer circuit is touched.")
        case .cutoverRejected:
            Entry(
                payload: CutoverDecision.self, topic: .cutoverNotices, domain: .cutover, key: "cutover id",
                emittedBy: "cutover worker",
                summary: "A cutover plan refused, every problem listed (too late for its lead, with the earliest window start in time; a key-assurance conflict; a unit that does not own the network).")
        case .cutoverReminder:
            Entry(
                payload: CutoverReminder.self, topic: .cutoverNotices, domain: .cutover, key: "cutover id",
                emittedBy: "cutover worker (durable timer)",
                summary: "A reminder: feedback missing when it falls due, the window starting in 24 hours.")
        case .cutoverStateChange:
            Entry(
                payload: CutoverStatus.self, topic: .cutoverNotices, domain: .cutover, key: "cutover id",
                emittedBy: "cutover worker",
                summary: "A cutover plan's state changed: renegotiation, execution, completion or roll-back (with the real interruption), cancellation.")
        case .plannedOutage:
            Entry(
                payload: PlannedOutage.self, topic: .plannedOutages, domain: .cutover, key: "cutover id",
                emittedBy: "cutover worker",
                summary: "An approved planned-outage window (or its cancellation); alarms inside it open no ticket.")
        case .escalationNotification:
            Entry(
                payload: EscalationNotice.self, topic: .notifications, domain: .fault, key: "the entity's id (ticket, order, work order, request)",
                emittedBy: "fault and provisioning workers (durable timers)",
                summary: "An escalation step fired: the entity, the step, the unit notified, elapsed and remaining time.")
        case .progressFeedbackNotification:
            Entry(
                payload: ProgressFeedback.self, topic: .notifications, domain: .fault, key: "the entity's id",
                emittedBy: "fault and provisioning workers (durable timers)",
                summary: "Progress feedback (进展反馈) due to the customer manager, at the customer level's interval.")
        case .calendarYearUpdate:
            Entry(
                payload: CalendarYearUpdate.self, topic: .calendar, domain: .operations, key: "the year, `2027`",
                emittedBy: "`onepoint calendar load`",
                summary: "One year's working calendar (the State Council holiday notice): days off and make-up working days. The latest record of a year wins over `calendar.yaml`; a later one corrects it.")
        case .monthlyReport:
            Entry(
                payload: MonthlyReport.self, topic: .reports, domain: .reporting, key: "`<unit>:<YYYY-MM>`",
                emittedBy: "reporting worker",
                summary: "A unit's monthly operation analysis report for the previous month, due by the 5th.")
        case .scorecard:
            Entry(
                payload: Scorecard.self, topic: .reports, domain: .reporting, key: "`<unit>:<YYYY-MM>`",
                emittedBy: "reporting worker",
                summary: "A unit's monthly assessment score (考核), part by part.")
        case .deadLetter:
            Entry(
                payload: DeadLetter.self, topic: .deadLetters, domain: .operations, key: "the input's key",
                emittedBy: "any worker",
                summary: "An input a worker could not apply, with the reason and its source topic, partition and offset (also in headers).")
        }
    }

    /// The alarm state an alarm event type requires (the event type and the state say the same).
    var requiredAlarmState: Alarm.State? {
        switch self {
        case .alarmCreate: .raised
        case .alarmAttributeValueChange: .updated
        case .alarmClear: .cleared
        default: nil
        }
    }

    /// Whether this event comes from people or feeds (not only from a worker), so its strings
    /// and lists are bounded (``SchemaLimits``). Circuits are loaded by operators as well as
    /// written by the provisioning worker (from a bounded order).
    public var isBounded: Bool { !entry.emittedBy.contains("worker") || self == .circuitUpdate || self == .circuitDelete }

    /// The schema of the envelope carrying this event type's payload.
    func envelopeNode() throws(ContractError) -> SchemaNode {
        switch Self.envelopeNodes[self] {
        case .success(let node)?: return node
        case .failure(let failure)?: throw ContractError(.invalidValue, path: "event", "internal: \(failure)")
        case nil: throw ContractError(.unknownEventType, path: "eventType", "'\(rawValue)' has no schema")
        }
    }

    /// Builds every event type's envelope schema and one-pass reading plan now, rather than
    /// inside the first event that needs them: a worker calls it as it starts, beside its group
    /// join, so that its first input and first output after a (re)start do not wait for it
    /// (`onepoint-bench decode` prints what it costs). Safe from any thread, at any time: each is
    /// built once per process.
    public static func prepareSchemas() {
        _ = envelopeNodes.count
        _ = SchemaScanner.Plan.envelopes.count
    }

    /// Every event type's envelope schema, built once from the payload types.
    private static let envelopeNodes: [EventType: Result<SchemaNode, SchemaIntrospector.Failure>] = {
        func payloadNode<P: EventPayload>(_ type: P.Type) throws(SchemaIntrospector.Failure) -> SchemaNode {
            try SchemaIntrospector.node(for: type)
        }
        var nodes: [EventType: Result<SchemaNode, SchemaIntrospector.Failure>] = [:]
        for type in EventType.allCases {
            do throws(SchemaIntrospector.Failure) {
                let introspected = try payloadNode(type.payloadType)
                let payload = type.isBounded ? SchemaLimits.bounded(introspected) : introspected
                nodes[type] = .success(
                    .object([
                        .init(name: "eventId", node: .uuid, required: true),
                        .init(name: "eventType", node: .constant(type.rawValue), required: true),
                        .init(name: "eventTime", node: .dateTime, required: true),
                        .init(name: "correlationId", node: .string, required: true),
                        .init(name: "domain", node: .enumeration(EventDomain.allCases.map(\.rawValue)), required: true),
                        .init(name: "priority", node: .enumeration(EventPriority.allCases.map(\.rawValue)), required: true),
                        .init(
                            name: "source",
                            node: .object([
                                .init(name: "unit", node: .unit, required: true),
                                .init(name: "worker", node: .string, required: true),
                            ]), required: true),
                        .init(name: "schemaVersion", node: .integerRange(1...type.schemaVersion), required: true),
                        .init(name: "event", node: payload, required: true),
                    ]))
            } catch {
                nodes[type] = .failure(error)
            }
        }
        return nodes
    }()
}
