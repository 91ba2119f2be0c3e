import Foundation
import OnePointContracts
import OnePointDomain

/// One realistic example of every event type: the examples `docs/examples/` and
/// `docs/events.md` show, checked against the schemas and decoded back.
///
/// They tell one story: Pearl River Bank (Diamond) orders a 100 Mbit/s Ethernet private line
/// from Guangzhou to Nanjing; a fibre cut in Guangzhou later takes it down; a cutover in
/// Guangzhou is announced to it.
struct ContractExample: Sendable {
    let type: EventType
    /// The envelope's JSON, indented.
    let pretty: @Sendable () throws -> [UInt8]
    /// Decodes `bytes` as this example's payload type and says whether it equals the example.
    let decodesEqual: @Sendable ([UInt8]) throws -> Bool
    /// The Kafka record of the example.
    let record: @Sendable (Topology) throws -> EventRecord
    /// The contracts' own JSON reading and writing compared with `JSONDecoder` and `JSONEncoder`.
    let codingComparison: @Sendable () throws -> CodingComparison

    init<P: EventPayload>(_ envelope: EventEnvelope<P>) {
        type = envelope.eventType
        pretty = { try envelope.encoded(pretty: true) }
        decodesEqual = { try EventEnvelope<P>.decode($0) == envelope }
        record = { try EventRecord(envelope, topology: $0) }
        codingComparison = { try CodingComparison(envelope) }
    }
}

enum ContractExamples {
    typealias F = ContractFixtures

    static func at(_ text: String) -> Date { F.at(text) }

    /// A fixed event id per example, so the files do not change from run to run.
    static func eventId(_ number: Int) -> String {
        let tail = String(number * 7919 + 104_729, radix: 16)
        return "6f1c2a3e-5b7d-4c2a-9e1f-" + String(repeating: "0", count: 12 - tail.count) + tail
    }

    static let bank = CustomerReference(id: "C-GZ-0001", name: "广州珠江银行 Pearl River Bank", level: .diamond)
    static let liMin = Contact(name: "李敏 Li Min", phone: "+86 138 0013 8001")
    static let wangGang = Contact(name: "王刚 Wang Gang", phone: "+86 139 2000 1234")
    static let faultLine = Contact(name: "10086 集团客户7×24故障专线", phone: "10086-8")
    static let orderId = "SO-2026-1120-0001"
    static let circuitId = "GZNJ-ETH-000123"
    static let accessPoints = [
        AccessPoint(id: "A", unit: "GD-GZ", address: "广州市天河区珠江新城华夏路10号 10 Huaxia Rd, Tianhe, Guangzhou"),
        AccessPoint(id: "Z", unit: "JS-NJ", address: "南京市鼓楼区中山北路88号 88 Zhongshan N Rd, Gulou, Nanjing"),
    ]
    static let provisioning = EventSource(unit: "GD-GZ", worker: "onepoint-provisioning")
    static let fault = EventSource(unit: "GD-GZ", worker: "onepoint-fault")
    static let cutover = EventSource(unit: "GD-GZ", worker: "onepoint-cutover")

    static let workOrder = WorkOrder(
        id: "\(orderId)/GD-GZ", orderId: orderId, unit: "GD-GZ", role: .access, coordinator: "GD-GZ", customer: bank,
        serviceType: .ethernetPrivateLine, bandwidthKbps: 100_000, accessPoints: [accessPoints[0]],
        dispatchedAt: at("2026-11-20T16:00:00+08:00"), limit: "6 working days", deadline: at("2026-11-30T16:00:00+08:00"))

    static let ticket = TroubleTicket(
        id: "TT-2026-1215-0007", status: .acknowledged,
        statusHistory: [.init(status: .acknowledged, at: at("2026-12-15T10:02:30+08:00"), reason: "opened from alarm")],
        unit: "GD-GZ", description: "光缆中断 Fibre cut FC-GZ-SZ-07: 2 circuits of 2 customers down",
        startedAt: at("2026-12-15T10:02:11+08:00"),
        relatedAlarms: [
            .init(reductionKey: "fibre:FC-GZ-SZ-07:lossOfSignal:R_LOS", alarmId: "NMS-GD-88412073", raisedAt: at("2026-12-15T10:02:11+08:00"))
        ],
        circuitIds: [circuitId, "GZSZ-MPLS-004417"],
        customers: [
            .init(customer: bank, handledAtLevel: .diamond, circuitIds: [circuitId], limitMinutes: 120, deadline: at("2026-12-15T12:02:11+08:00")),
            .init(
                customer: CustomerReference(id: "C-SZ-0420", name: "深圳南山物流 Nanshan Logistics", level: .silver),
                handledAtLevel: .silver, circuitIds: ["GZSZ-MPLS-004417"], limitMinutes: 360, deadline: at("2026-12-15T16:02:11+08:00")),
        ])

    static let alarm = Alarm(
        alarmId: "NMS-GD-88412073", state: .raised, perceivedSeverity: .critical, alarmType: .communicationsAlarm,
        alarmedObject: .init(id: "FC-GZ-SZ-07", type: .fibre), probableCause: "lossOfSignal", specificProblem: "R_LOS",
        alarmRaisedTime: at("2026-12-15T10:02:11+08:00"), reportingSystemId: "GD-OTN-NMS",
        alarmDetails: "OTU2 R_LOS on GZ-TH-OTN-01 1-3-2 towards SZ-NS-OTN-02")

    static let testReport = TestReport(
        service: .ethernetPrivateLine, scope: .crossProvince,
        measurements: [.throughput: Decimal(string: "99.6") ?? 0, .frameLoss: 0], tester: "陈工 Chen Gong",
        confirmation: .init(by: .customerManager, name: "李敏 Li Min"),
        period: .init(start: at("2026-11-26T09:30:00+08:00"), end: at("2026-11-26T10:00:00+08:00")))

    static let scorecard = Scorecard(
        unit: "GD-GZ", month: "2026-11",
        parts: [
            .init(part: .existingNetworkSurvey, points: 10, maximum: 10, detail: "no overrun"),
            .init(part: .constructionSurvey, points: ScorePoints(hundredths: 980), maximum: 10, detail: "1 step over (Silver)"),
            .init(
                part: .provisioningOnTime, points: 6, maximum: 10, detail: "49 of 50 (98.0 %)",
                factIds: ["provisioningOnTime:SO-2026-1102-0003", "provisioningOnTime:SO-2026-1120-0001"]),
            .init(part: .acceptancePass, points: 15, maximum: 15, detail: "19 of 20 (95.0 %)"),
            .init(part: .dataConfiguration, points: 5, maximum: 5, detail: "all within 30 minutes"),
            .init(
                part: .restorationTime, points: 8, maximum: 10, detail: "3 item(s), 1 over the limit, 1 step(s), 2 off",
                factIds: ["restorationTime:TT-2026-1121-0007:C-GZ-0001", "restorationTime:TT-2026-1125-0002:C-GZ-0003", "restorationTime:TT-2026-1128-0011:C-GZ-0001"]),
            .init(part: .complaintTimeliness, points: 10, maximum: 10, detail: "12 of 12"),
            .init(part: .networkQuality, points: 10, maximum: 10, detail: "no breach"),
            .init(part: .informationNotices, points: 4, maximum: 5, detail: "1 late cutover notice"),
        ],
        notScored: ["external satisfaction survey (外部满意度评价)"])

    static let all: [ContractExample] = [
        ContractExample(EventEnvelope(
            .serviceOrderCreate,
            event: ServiceOrder(
                id: orderId, externalId: "CRM-GD-20261120-7731", customer: bank, serviceType: .ethernetPrivateLine, bandwidthKbps: 100_000,
                accessPoints: accessPoints, initiatingUnit: "GD-GZ", customerManager: liMin, requestedDate: F.day("2026-12-01"),
                orderDate: at("2026-11-20T15:42:00+08:00"), note: "总部与南京分行互联 Head office to Nanjing branch"),
            eventTime: at("2026-11-20T15:42:05+08:00"), source: EventSource(unit: "GD-GZ", worker: "crm"), eventId: eventId(1))),
        ContractExample(EventEnvelope(
            .resourceCheckRequest,
            event: ResourceCheckRequest(
                id: "PS-2026-1118-0007", kind: .existingNetworkSurvey, customer: bank, serviceType: .ethernetPrivateLine,
                bandwidthKbps: 100_000, accessPoints: accessPoints, requestingUnit: "GD-GZ", assignedUnit: "GD-GZ", customerManager: liMin,
                requestedAt: at("2026-11-18T10:00:00+08:00")),
            eventTime: at("2026-11-18T10:00:00+08:00"), source: EventSource(unit: "GD-GZ", worker: "crm"), eventId: eventId(2))),
        ContractExample(EventEnvelope(
            .resourceCheckResult,
            event: ResourceCheckResult(
                requestId: "PS-2026-1118-0007", kind: .existingNetworkSurvey, unit: "GD-GZ", outcome: .resourcesAvailable,
                solution: "PTN 接入, 经省干与一干至南京 PTN access via the provincial and inter-province backbone",
                reservedResources: ["GZ-TH-PTN-03/1-2-7", "VLAN 2107"], answeredBy: "赵工 Zhao Gong",
                answeredAt: at("2026-11-19T15:20:00+08:00")),
            eventTime: at("2026-11-19T15:20:00+08:00"), source: EventSource(unit: "GD-GZ", worker: "onepoint-cli"), eventId: eventId(3))),
        ContractExample(EventEnvelope(
            .workOrderCreate, event: workOrder, eventTime: at("2026-11-20T16:00:00+08:00"), source: provisioning, eventId: eventId(4),
            correlationId: orderId)),
        ContractExample(EventEnvelope(
            .workOrderStateChange,
            event: {
                var changed = workOrder
                changed.stage = .localCompletion
                changed.milestones = .init(localTest: at("2026-11-26T10:15:00+08:00"), localCompletion: at("2026-11-26T11:00:00+08:00"))
                changed.clockStops = [
                    .init(reason: .machineRoomNotReady, start: at("2026-11-23T10:00:00+08:00"), end: at("2026-11-24T10:00:00+08:00"))
                ]
                changed.deadline = at("2026-12-01T16:00:00+08:00")
                return changed
            }(),
            eventTime: at("2026-11-26T11:00:00+08:00"), source: provisioning, eventId: eventId(5), correlationId: orderId)),
        ContractExample(EventEnvelope(
            .workOrderStageReport,
            event: WorkOrderStageReport(
                workOrderId: "\(orderId)/GD-GZ", orderId: orderId, unit: "GD-GZ", stage: .engineering, at: at("2026-11-21T09:30:00+08:00"),
                reportedBy: "赵工 Zhao Gong", note: "光缆布放中, 预计11月24日完成 Fibre being laid, done by 24 Nov"),
            eventTime: at("2026-11-21T09:30:00+08:00"), source: EventSource(unit: "GD-GZ", worker: "onepoint-cli"), eventId: eventId(6),
            correlationId: orderId)),
        ContractExample(EventEnvelope(
            .workOrderClockStopStarted,
            event: WorkOrderClockStop(
                workOrderId: "\(orderId)/GD-GZ", orderId: orderId, unit: "GD-GZ", reason: .machineRoomNotReady,
                at: at("2026-11-23T10:00:00+08:00"), reportedBy: "赵工 Zhao Gong", note: "客户机房未完工 Customer's machine room unfinished"),
            eventTime: at("2026-11-23T10:00:00+08:00"), source: EventSource(unit: "GD-GZ", worker: "onepoint-cli"), eventId: eventId(7),
            correlationId: orderId)),
        ContractExample(EventEnvelope(
            .workOrderClockStopEnded,
            event: WorkOrderClockStop(
                workOrderId: "\(orderId)/GD-GZ", orderId: orderId, unit: "GD-GZ", reason: .machineRoomNotReady,
                at: at("2026-11-24T10:00:00+08:00"), reportedBy: "赵工 Zhao Gong"),
            eventTime: at("2026-11-24T10:00:00+08:00"), source: EventSource(unit: "GD-GZ", worker: "onepoint-cli"), eventId: eventId(8),
            correlationId: orderId)),
        ContractExample(EventEnvelope(
            .workOrderDelayApplication,
            event: WorkOrderDelayApplication(
                workOrderId: "\(orderId)/JS-NJ", orderId: orderId, unit: "JS-NJ", reason: .customerRequestedDateChange,
                filedAt: at("2026-11-27T14:00:00+08:00"), requestedWorkingHalfDays: 4, reportedBy: "孙工 Sun Gong",
                note: "客户要求推迟至12月3日 Customer asks for 3 Dec"),
            eventTime: at("2026-11-27T14:00:00+08:00"), source: EventSource(unit: "JS-NJ", worker: "onepoint-cli"), eventId: eventId(9),
            correlationId: orderId)),
        ContractExample(EventEnvelope(
            .workOrderDataConfigurationStarted,
            event: WorkOrderDataConfiguration(
                workOrderId: "\(orderId)/GD-GZ", orderId: orderId, unit: "GD-GZ", noticeAt: at("2026-11-25T14:00:00+08:00"),
                startedAt: at("2026-11-25T14:18:00+08:00"), reportedBy: "周工 Zhou Gong"),
            eventTime: at("2026-11-25T14:18:00+08:00"), source: EventSource(unit: "GD-GZ", worker: "onepoint-cli"), eventId: eventId(10),
            correlationId: orderId)),
        ContractExample(EventEnvelope(
            .workOrderAcceptanceResult,
            event: WorkOrderAcceptance(
                workOrderId: "\(orderId)/GD-GZ", orderId: orderId, unit: "GD-GZ", stage: .preliminaryAcceptance, passed: false,
                at: at("2026-11-30T10:00:00+08:00"), inspector: "吴工 Wu Gong",
                findings: ["ODF 标签缺失 ODF labels missing", "尾纤未绑扎 Pigtails not tied"]),
            eventTime: at("2026-11-30T10:00:00+08:00"), source: EventSource(unit: "GD-GZ", worker: "onepoint-cli"), eventId: eventId(11),
            correlationId: orderId)),
        ContractExample(EventEnvelope(
            .testReportCreate,
            event: ServiceTestReport(
                reportId: "TR-2026-1126-0003", workOrderId: "\(orderId)/HQ", orderId: orderId, unit: "HQ", stage: .endToEnd,
                test: testReport, assembledFrom: ["TR-2026-1126-0001", "TR-2026-1126-0002"], filedAt: at("2026-11-26T10:15:00+08:00")),
            eventTime: at("2026-11-26T10:15:00+08:00"), source: EventSource(unit: "HQ", worker: "onepoint-cli"), eventId: eventId(12),
            correlationId: orderId)),
        ContractExample(EventEnvelope(
            .testReportEvaluated,
            event: TestReportEvaluation(
                reportId: "TR-2026-1126-0001", workOrderId: "\(orderId)/GD-GZ", orderId: orderId, unit: "GD-GZ", outcome: .rejected,
                missingMetrics: [.frameLoss], problems: ["missing metric frameLoss"], evaluatedAt: at("2026-11-26T09:05:00+08:00")),
            eventTime: at("2026-11-26T09:05:00+08:00"), source: provisioning, eventId: eventId(13))),
        ContractExample(EventEnvelope(
            .serviceOrderAccepted,
            event: OrderAcceptance(
                orderId: orderId, customer: bank, scope: .crossProvince, coordinator: "GD-GZ", endToEndReporter: "HQ",
                limit: "6 working days", deadline: at("2026-11-30T16:00:00+08:00"), at: at("2026-11-20T16:00:00+08:00")),
            eventTime: at("2026-11-20T16:00:00+08:00"), source: provisioning, eventId: eventId(14))),
        ContractExample(EventEnvelope(
            .serviceOrderRejected,
            event: OrderRejection(
                orderId: "SO-2026-1120-0002", initiatingUnit: "GD-SZ",
                problems: [
                    .init(field: "accessPoints[1].unit", code: "unknown-unit", message: "unknown unit 'GD-XX'"),
                    .init(field: "bandwidthKbps", code: "invalidValue", message: "bandwidth must be positive, got 0"),
                ],
                at: at("2026-11-20T16:05:00+08:00")),
            eventTime: at("2026-11-20T16:05:00+08:00"), source: EventSource(unit: "GD-SZ", worker: "onepoint-provisioning"),
            eventId: eventId(15), priority: .high)),
        ContractExample(EventEnvelope(
            .serviceOrderDispatched,
            event: OrderDispatch(
                orderId: orderId, coordinator: "GD-GZ",
                legs: [
                    .init(workOrderId: "\(orderId)/HQ", unit: "HQ", role: .interProvincialTrunk, deadline: at("2026-11-30T16:00:00+08:00")),
                    .init(workOrderId: "\(orderId)/GD", unit: "GD", role: .provincialBackbone, deadline: at("2026-11-30T16:00:00+08:00")),
                    .init(workOrderId: "\(orderId)/JS", unit: "JS", role: .provincialBackbone, deadline: at("2026-11-30T16:00:00+08:00")),
                    .init(workOrderId: "\(orderId)/GD-GZ", unit: "GD-GZ", role: .access, deadline: at("2026-11-30T16:00:00+08:00")),
                    .init(workOrderId: "\(orderId)/JS-NJ", unit: "JS-NJ", role: .access, deadline: at("2026-11-30T16:00:00+08:00")),
                ],
                at: at("2026-11-20T16:00:00+08:00")),
            eventTime: at("2026-11-20T16:00:00+08:00"), source: provisioning, eventId: eventId(16))),
        ContractExample(EventEnvelope(
            .serviceOrderLegCompleted,
            event: LegCompletion(
                orderId: orderId, workOrderId: "\(orderId)/GD-GZ", unit: "GD-GZ", role: .access, completedAt: at("2026-11-26T11:00:00+08:00"),
                onTime: true, remainingUnits: ["JS-NJ"]),
            eventTime: at("2026-11-26T11:00:00+08:00"), source: provisioning, eventId: eventId(17))),
        ContractExample(EventEnvelope(
            .serviceOrderCompleted,
            event: OrderCompletion(
                orderId: orderId, coordinator: "GD-GZ", circuitId: circuitId, completedAt: at("2026-12-01T15:30:00+08:00"),
                deadline: at("2026-12-03T10:00:00+08:00"), onTime: true, overdueOccurrences: 0, maintenanceManager: wangGang),
            eventTime: at("2026-12-01T15:30:00+08:00"), source: provisioning, eventId: eventId(18))),
        ContractExample(EventEnvelope(
            .serviceOrderOverdueWarning,
            event: OrderDeadlineStep(
                orderId: "SO-2026-1102-0042", workOrderId: "SO-2026-1102-0042/JS-NJ", unit: "JS-NJ", level: .silver, percent: 80,
                target: .coordinatingParty, targetUnit: "GD-GZ", deadline: at("2026-11-16T16:00:00+08:00"),
                at: at("2026-11-13T09:36:00+08:00"), overdueOccurrences: 0),
            eventTime: at("2026-11-13T09:36:00+08:00"), source: provisioning, eventId: eventId(19), priority: .high)),
        ContractExample(EventEnvelope(
            .serviceOrderOverdue,
            event: OrderDeadlineStep(
                orderId: "SO-2026-1102-0042", workOrderId: "SO-2026-1102-0042/JS-NJ", unit: "JS-NJ", level: .silver, percent: 100,
                target: .parentUnit, targetUnit: "JS", deadline: at("2026-11-16T16:00:00+08:00"), at: at("2026-11-16T16:00:00+08:00"),
                overdueOccurrences: 1),
            eventTime: at("2026-11-16T16:00:00+08:00"), source: provisioning, eventId: eventId(20), priority: .critical)),
        ContractExample(EventEnvelope(
            .serviceOrderEscalated,
            event: OrderDeadlineStep(
                orderId: "SO-2026-1102-0042", workOrderId: "SO-2026-1102-0042/JS-NJ", unit: "JS-NJ", level: .silver, percent: 150,
                target: .unitAbove, targetUnit: "HQ", deadline: at("2026-11-16T16:00:00+08:00"), at: at("2026-11-19T12:00:00+08:00"),
                overdueOccurrences: 1),
            eventTime: at("2026-11-19T12:00:00+08:00"), source: provisioning, eventId: eventId(21), priority: .critical)),
        ContractExample(EventEnvelope(
            .serviceOrderCeased,
            event: OrderCease(
                orderId: "SO-2026-1201-0005", circuitId: "GZFS-2M-000077", customerId: "C-FS-0102", unit: "GD-FS",
                releasedResources: ["FS-CC-SDH-01/2-1-14"], ceasedAt: at("2026-12-04T17:00:00+08:00")),
            eventTime: at("2026-12-04T17:00:00+08:00"), source: EventSource(unit: "GD-FS", worker: "onepoint-provisioning"),
            eventId: eventId(22))),
        ContractExample(EventEnvelope(
            .assessmentRecord,
            event: AssessmentRecord(
                part: .dataConfiguration, unit: "GD-GZ", month: "2026-11", level: .diamond, reference: orderId, overrunMinutes: 0,
                at: at("2026-11-25T14:18:00+08:00")),
            eventTime: at("2026-11-25T14:18:00+08:00"), source: provisioning, eventId: eventId(23), priority: .low)),
        ContractExample(EventEnvelope(
            .deadlineChanged,
            event: DeadlineChange(
                entity: .init(kind: .serviceOrder, id: "SO-2026-1220-0007"), unit: "GD-GZ", level: .bronze, limit: "20 working days",
                startedAt: at("2026-12-20T10:00:00+08:00"), previousDeadline: at("2027-01-18T18:00:00+08:00"),
                deadline: at("2027-01-19T18:00:00+08:00"), reason: .calendarLoaded, calendarYear: 2027, at: at("2026-12-22T10:15:00+08:00")),
            eventTime: at("2026-12-22T10:15:00+08:00"), source: provisioning,
            eventId: eventId(58), correlationId: "SO-2026-1220-0007")),
        ContractExample(EventEnvelope(
            .customerUpdate,
            event: Customer(
                id: bank.id, name: bank.name, level: .diamond, assurance: .aa, units: ["GD-GZ", "JS-NJ"], customerManager: liMin,
                maintenanceManager: wangGang),
            eventTime: at("2026-11-01T08:00:00+08:00"), source: EventSource(unit: "HQ", worker: "onepoint-cli"), eventId: eventId(24))),
        ContractExample(EventEnvelope(
            .circuitUpdate,
            event: Circuit(
                id: circuitId, customerId: bank.id, serviceType: .ethernetPrivateLine, bandwidthKbps: 100_000,
                aEnd: .init(unit: "GD-GZ", address: accessPoints[0].address, port: "GZ-TH-PTN-03/1-2-7"),
                zEnd: .init(unit: "JS-NJ", address: accessPoints[1].address, port: "NJ-GL-PTN-11/3-1-2"), assurance: .aa,
                scope: .crossProvince, orderId: orderId),
            eventTime: at("2026-12-01T15:30:00+08:00"), source: provisioning, eventId: eventId(25), correlationId: orderId)),
        ContractExample(EventEnvelope(
            .circuitDelete,
            event: CircuitDeletion(circuitId: "GZFS-2M-000077", customerId: "C-FS-0102", orderId: "SO-2026-1201-0005", at: at("2026-12-04T17:00:00+08:00")),
            eventTime: at("2026-12-04T17:00:00+08:00"), source: EventSource(unit: "GD-FS", worker: "onepoint-provisioning"),
            eventId: eventId(26), correlationId: "SO-2026-1201-0005")),
        ContractExample(EventEnvelope(
            .networkElementUpdate,
            event: NetworkElement(
                id: "GZ-TH-PTN-03", kind: .node, name: "天河PTN-03 Huawei OptiX PTN 3900", unit: "GD-GZ",
                ports: [.init(id: "1-2-7", circuitIds: [circuitId]), .init(id: "1-2-8", circuitIds: ["GZSZ-MPLS-004417"])],
                circuitIds: [circuitId, "GZSZ-MPLS-004417"]),
            eventTime: at("2026-11-01T08:00:00+08:00"), source: EventSource(unit: "GD-GZ", worker: "onepoint-cli"), eventId: eventId(27))),
        ContractExample(EventEnvelope(
            .alarmCreate, event: alarm, eventTime: at("2026-12-15T10:02:12+08:00"), source: EventSource(unit: "GD-GZ", worker: "nms"),
            eventId: eventId(28), priority: .critical)),
        ContractExample(EventEnvelope(
            .alarmAttributeValueChange,
            event: {
                var updated = alarm
                updated.state = .updated
                updated.alarmChangedTime = at("2026-12-15T10:07:40+08:00")
                updated.alarmDetails = "repeated 3 times"
                return updated
            }(),
            eventTime: at("2026-12-15T10:07:41+08:00"), source: EventSource(unit: "GD-GZ", worker: "nms"), eventId: eventId(29),
            priority: .critical)),
        ContractExample(EventEnvelope(
            .alarmClear,
            event: {
                var cleared = alarm
                cleared.state = .cleared
                cleared.perceivedSeverity = .cleared
                cleared.alarmClearedTime = at("2026-12-15T11:31:05+08:00")
                return cleared
            }(),
            eventTime: at("2026-12-15T11:31:06+08:00"), source: EventSource(unit: "GD-GZ", worker: "nms"), eventId: eventId(30))),
        ContractExample(EventEnvelope(
            .faultReportCreate,
            event: FaultReport(
                reportId: "FR-2026-1215-0042", circuitId: circuitId, customerId: bank.id, unit: "GD-GZ", channel: .phone,
                reportedBy: Contact(name: "黄经理 Manager Huang", phone: "+86 20 3888 0000"), reportedAt: at("2026-12-15T10:05:00+08:00"),
                description: "南京分行专线中断 Line to the Nanjing branch is down"),
            eventTime: at("2026-12-15T10:05:00+08:00"), source: EventSource(unit: "GD-GZ", worker: "onepoint-cli"), eventId: eventId(31),
            priority: .high)),
        ContractExample(EventEnvelope(
            .troubleTicketCommand,
            event: TicketCommand(
                ticketId: ticket.id, action: .note, unit: "GD-GZ", by: "刘工 Liu Gong", at: at("2026-12-15T10:40:00+08:00"),
                note: "抢修队已到达断点 Repair crew at the cut"),
            eventTime: at("2026-12-15T10:40:00+08:00"), source: EventSource(unit: "GD-GZ", worker: "onepoint-cli"), eventId: eventId(32))),
        ContractExample(EventEnvelope(
            .assurancePeriodCreate,
            event: AssurancePeriod(
                periodId: "AP-2026-NEW-YEAR", name: "元旦保障 New Year's Day assurance", units: ["GD", "JS"], customerIds: [bank.id],
                from: at("2026-12-31T00:00:00+08:00"), to: at("2027-01-04T00:00:00+08:00"), declaredBy: "HQ 网络部 Network department"),
            eventTime: at("2026-12-20T09:00:00+08:00"), source: EventSource(unit: "HQ", worker: "onepoint-cli"), eventId: eventId(33))),
        ContractExample(EventEnvelope(
            .troubleTicketCreate, event: ticket, eventTime: at("2026-12-15T10:02:30+08:00"), source: fault, eventId: eventId(34),
            priority: .critical)),
        ContractExample(EventEnvelope(
            .troubleTicketStatusChange,
            event: {
                var restored = ticket
                restored.status = .resolved
                restored.statusHistory += [
                    .init(status: .inProgress, at: at("2026-12-15T10:06:00+08:00"), reason: "acknowledged by 刘工 Liu Gong"),
                    .init(status: .resolved, at: at("2026-12-15T11:31:05+08:00"), reason: "all alarms cleared"),
                ]
                restored.relatedAlarms[0].clearedAt = at("2026-12-15T11:31:05+08:00")
                restored.restoredAt = at("2026-12-15T11:31:05+08:00")
                restored.customers[0].restoredAt = at("2026-12-15T11:31:05+08:00")
                restored.customers[1].restoredAt = at("2026-12-15T11:31:05+08:00")
                restored.escalationLevel = 1
                return restored
            }(),
            eventTime: at("2026-12-15T11:31:06+08:00"), source: fault, eventId: eventId(35))),
        ContractExample(EventEnvelope(
            .troubleTicketAttributeValueChange,
            event: {
                var joined = ticket
                joined.status = .inProgress
                joined.faultReportIds = ["FR-2026-1215-0042"]
                joined.notes = [.init(by: "刘工 Liu Gong", at: at("2026-12-15T10:40:00+08:00"), text: "抢修队已到达断点 Repair crew at the cut")]
                return joined
            }(),
            eventTime: at("2026-12-15T10:40:01+08:00"), source: fault, eventId: eventId(36))),
        ContractExample(EventEnvelope(
            .repeatedFaultDetected,
            event: RepeatedFault(
                circuitId: "GZSZ-MPLS-004417", customerId: "C-SZ-0420", unit: "GD-SZ", faultCount: 4, periodDays: 30,
                ticketIds: ["TT-2026-1120-0003", "TT-2026-1202-0011", "TT-2026-1209-0002", ticket.id], at: at("2026-12-15T10:02:30+08:00")),
            eventTime: at("2026-12-15T10:02:30+08:00"), source: EventSource(unit: "GD-SZ", worker: "onepoint-fault"), eventId: eventId(37))),
        ContractExample(EventEnvelope(
            .assurancePeriodSummary,
            event: AssurancePeriodSummary(
                periodId: "AP-2026-NATIONAL-DAY", name: "国庆保障 National Day assurance", from: at("2026-10-01T00:00:00+08:00"),
                to: at("2026-10-08T00:00:00+08:00"), ticketIds: ["TT-2026-1003-0001"], restoredInTime: 1, longestRestorationMinutes: 52),
            eventTime: at("2026-10-08T00:00:00+08:00"), source: EventSource(unit: "HQ", worker: "onepoint-fault"), eventId: eventId(38))),
        ContractExample(EventEnvelope(
            .complaintCreate,
            event: Complaint(
                complaintId: "CP-20261215-110500-7c1d", customerId: bank.id, circuitId: circuitId, unit: "GD-GZ",
                subject: "专线中断两小时未恢复 Line down two hours and not restored", description: "网银业务受影响 Online banking affected",
                receivedBy: "10086 坐席 agent 0231", receivedAt: at("2026-12-15T11:05:00+08:00")),
            eventTime: at("2026-12-15T11:05:00+08:00"), source: EventSource(unit: "GD-GZ", worker: "onepoint-cli"), eventId: eventId(55))),
        ContractExample(EventEnvelope(
            .complaintCommand,
            event: ComplaintCommand(
                complaintId: "CP-20261215-110500-7c1d", action: .acknowledge, unit: "GD-GZ", by: "值班长 duty lead Wang",
                at: at("2026-12-15T11:20:00+08:00"), note: "已致电客户说明抢修进展 Called the customer with the repair's progress"),
            eventTime: at("2026-12-15T11:20:00+08:00"), source: EventSource(unit: "GD-GZ", worker: "onepoint-cli"), eventId: eventId(56))),
        ContractExample(EventEnvelope(
            .complaintStateChange,
            event: ComplaintStatus(
                complaintId: "CP-20261215-110500-7c1d", state: .acknowledged, unit: "GD-GZ", customer: bank, circuitId: circuitId,
                ticketId: "TT-2026-1215-0003", subject: "专线中断两小时未恢复 Line down two hours and not restored",
                receivedAt: at("2026-12-15T11:05:00+08:00"),
                clocks: [
                    .init(clock: .response, limitMinutes: 30, deadline: at("2026-12-15T11:35:00+08:00"), stoppedAt: at("2026-12-15T11:20:00+08:00"), met: true),
                    .init(clock: .handling, limitMinutes: 480, deadline: at("2026-12-15T19:05:00+08:00")),
                    .init(clock: .reply, limitMinutes: 720, deadline: at("2026-12-15T23:05:00+08:00")),
                ],
                escalationLevel: 0, inTime: nil, reason: "customer contacted by 值班长 duty lead Wang (GD-GZ)", at: at("2026-12-15T11:20:01+08:00")),
            eventTime: at("2026-12-15T11:20:01+08:00"), source: fault, eventId: eventId(57))),
        ContractExample(EventEnvelope(
            .cutoverPlanCreate,
            event: CutoverPlan(
                cutoverId: "CO-2026-1125-GZ-01", title: "天河PTN-03 板卡更换 Board replacement on GZ-TH-PTN-03",
                reason: "设备板卡老化更换 Replacing an ageing line board", kind: .cutover, network: .localNetwork, unit: "GD-GZ",
                windowStart: at("2026-11-25T01:00:00+08:00"), windowEnd: at("2026-11-25T03:00:00+08:00"), expectedInterruptionMinutes: 30,
                elementIds: ["GZ-TH-PTN-03"], contact: Contact(name: "郑工 Zheng Gong", phone: "+86 138 2222 0303"),
                submittedBy: "郑工 Zheng Gong", submittedAt: at("2026-11-12T10:00:00+08:00")),
            eventTime: at("2026-11-12T10:00:00+08:00"), source: EventSource(unit: "GD-GZ", worker: "onepoint-cli"), eventId: eventId(39))),
        ContractExample(EventEnvelope(
            .cutoverPlanAttributeValueChange,
            event: CutoverRevision(
                cutoverId: "CO-2026-1125-GZ-01", unit: "GD-GZ", reason: "客户要求改期 The customer asked for another night",
                windowStart: at("2026-11-27T01:00:00+08:00"), windowEnd: at("2026-11-27T03:00:00+08:00"), revisedBy: "郑工 Zheng Gong",
                revisedAt: at("2026-11-17T09:30:00+08:00")),
            eventTime: at("2026-11-17T09:30:00+08:00"), source: EventSource(unit: "GD-GZ", worker: "onepoint-cli"), eventId: eventId(51))),
        ContractExample(EventEnvelope(
            .cutoverPlanCancel,
            event: CutoverCancellation(
                cutoverId: "CO-2026-1128-GZ-02", unit: "GD-GZ", reason: "备件未到 The spare board has not arrived", cancelledBy: "郑工 Zheng Gong",
                at: at("2026-11-24T15:00:00+08:00")),
            eventTime: at("2026-11-24T15:00:00+08:00"), source: EventSource(unit: "GD-GZ", worker: "onepoint-cli"), eventId: eventId(52))),
        ContractExample(EventEnvelope(
            .cutoverExecutionReport,
            event: CutoverExecutionReport(
                cutoverId: "CO-2026-1125-GZ-01", unit: "GD-GZ", outcome: .completed, actualInterruptionMinutes: 25,
                note: "板卡更换完成, 业务已恢复 Board replaced, service back", reportedBy: "郑工 Zheng Gong", at: at("2026-11-27T02:10:00+08:00")),
            eventTime: at("2026-11-27T02:10:00+08:00"), source: EventSource(unit: "GD-GZ", worker: "onepoint-cli"), eventId: eventId(53))),
        ContractExample(EventEnvelope(
            .cutoverFeedback,
            event: CutoverFeedback(
                cutoverId: "CO-2026-1125-GZ-01", customerId: bank.id, unit: "GD-GZ", answer: .agree,
                comment: "同意, 届时安排值守 Agreed; staff on site", receivedAt: at("2026-11-16T11:20:00+08:00")),
            eventTime: at("2026-11-16T11:20:00+08:00"), source: EventSource(unit: "GD-GZ", worker: "onepoint-cli"), eventId: eventId(40))),
        ContractExample(EventEnvelope(
            .cutoverNotice,
            event: CutoverNotice(
                cutoverId: "CO-2026-1125-GZ-01", noticeId: "CO-2026-1125-GZ-01/\(bank.id)", unit: "GD-GZ", customer: bank,
                reason: "设备板卡老化更换 Replacing an ageing line board", windowStart: at("2026-11-25T01:00:00+08:00"),
                windowEnd: at("2026-11-25T03:00:00+08:00"), affectedService: "以太网专线 Ethernet private line, 1 circuit",
                expectedInterruptionMinutes: 30,
                advice: ["切换至备用线路 Switch to the backup line", "提前备份数据 Back up data beforehand", "安排人员恢复后检查 Staff a check after recovery"],
                contacts: .init(cutoverContact: Contact(name: "郑工 Zheng Gong", phone: "+86 138 2222 0303"), customerManager: liMin, faultLine: faultLine),
                affectedCircuits: [.init(circuitId: circuitId, serviceType: .ethernetPrivateLine, aEndUnit: "GD-GZ", zEndUnit: "JS-NJ")],
                requiredWorkingDays: 5, latestSendDate: F.day("2026-11-17"), sentAt: at("2026-11-13T09:00:00+08:00"), inTime: true,
                customerManagerUnit: "GD-GZ", revision: 1, feedbackDueAt: at("2026-11-24T18:00:00+08:00")),
            eventTime: at("2026-11-13T09:00:00+08:00"), source: cutover, eventId: eventId(41))),
        ContractExample(EventEnvelope(
            .cutoverApproved,
            event: CutoverDecision(
                cutoverId: "CO-2026-1125-GZ-01", unit: "GD-GZ", requiredWorkingDays: 5, latestSendDate: F.day("2026-11-17"),
                affectedCustomers: 1, affectedCircuits: 1, at: at("2026-11-12T10:00:02+08:00"), revision: 1,
                windowStart: at("2026-11-25T01:00:00+08:00"), windowEnd: at("2026-11-25T03:00:00+08:00"), noticeIds: ["CO-2026-1125-GZ-01/\(bank.id)"]),
            eventTime: at("2026-11-12T10:00:02+08:00"), source: cutover, eventId: eventId(42))),
        ContractExample(EventEnvelope(
            .cutoverRejected,
            event: CutoverDecision(
                cutoverId: "CO-2026-1128-GZ-02", unit: "GD-GZ", requiredWorkingDays: 5, latestSendDate: F.day("2026-11-22"),
                affectedCustomers: 3, affectedCircuits: 7,
                problems: [
                    "too late for its notice lead: 5 working days for diamond, latest send date 2026-11-22 has passed; earliest window start in time 2026-12-01T00:00:00+08:00"
                ],
                at: at("2026-11-23T09:00:00+08:00"), revision: 1, windowStart: at("2026-11-28T00:30:00+08:00"),
                windowEnd: at("2026-11-28T02:30:00+08:00"), earliestWindowStart: at("2026-12-01T00:00:00+08:00")),
            eventTime: at("2026-11-23T09:00:00+08:00"), source: cutover, eventId: eventId(43), priority: .high)),
        ContractExample(EventEnvelope(
            .cutoverReminder,
            event: CutoverReminder(
                cutoverId: "CO-2026-1125-GZ-01", kind: .feedbackMissing, unit: "GD-GZ", customerId: bank.id,
                dueAt: at("2026-11-17T18:00:00+08:00"), message: "客户未回复告知函 No feedback letter from C-GZ-0001 yet"),
            eventTime: at("2026-11-16T09:00:00+08:00"), source: cutover, eventId: eventId(44))),
        ContractExample(EventEnvelope(
            .cutoverStateChange,
            event: CutoverStatus(
                cutoverId: "CO-2026-1125-GZ-01", unit: "GD-GZ", state: .renegotiating, previousState: .approved, revision: 1,
                windowStart: at("2026-11-25T01:00:00+08:00"), windowEnd: at("2026-11-25T03:00:00+08:00"),
                reason: "C-GZ-0001 disagrees with the window (CO-2026-1125-GZ-01/C-GZ-0001): 月末结账 Month-end closing",
                awaiting: "a revised window from GD-GZ", at: at("2026-11-16T11:20:00+08:00")),
            eventTime: at("2026-11-16T11:20:00+08:00"), source: cutover, eventId: eventId(54))),
        ContractExample(EventEnvelope(
            .plannedOutage,
            event: PlannedOutage(
                cutoverId: "CO-2026-1125-GZ-01", unit: "GD-GZ", windowStart: at("2026-11-25T01:00:00+08:00"),
                windowEnd: at("2026-11-25T03:00:00+08:00"), elementIds: ["GZ-TH-PTN-03"], circuitIds: [circuitId, "GZSZ-MPLS-004417"]),
            eventTime: at("2026-11-12T10:00:02+08:00"), source: cutover, eventId: eventId(45))),
        ContractExample(EventEnvelope(
            .escalationNotification,
            event: EscalationNotice(
                entity: .init(kind: .troubleTicket, id: ticket.id), level: 1, percent: 50, target: .dutyLead, targetUnit: "GD-GZ",
                handlingUnit: "GD-GZ", customerLevel: .diamond, limit: "2 hours", startedAt: at("2026-12-15T10:02:11+08:00"),
                deadline: at("2026-12-15T12:02:11+08:00"), elapsedMinutes: 60, remainingMinutes: 60, at: at("2026-12-15T11:02:11+08:00")),
            eventTime: at("2026-12-15T11:02:11+08:00"), source: fault, eventId: eventId(46), priority: .high)),
        ContractExample(EventEnvelope(
            .progressFeedbackNotification,
            event: ProgressFeedback(
                entity: .init(kind: .troubleTicket, id: ticket.id), sequence: 2, unit: "GD-GZ", customer: bank, customerManager: liMin,
                intervalMinutes: 30, elapsedMinutes: 60, remainingMinutes: 60,
                progress: "断点已定位于天河北路, 熔接中 Cut located on Tianhe N Rd, splicing", nextSteps: "预计11:40恢复 Expected back by 11:40",
                at: at("2026-12-15T11:02:11+08:00")),
            eventTime: at("2026-12-15T11:02:11+08:00"), source: fault, eventId: eventId(47))),
        // The days are made up for the example (not the real 2027 notice).
        ContractExample(EventEnvelope(
            .calendarYearUpdate,
            event: CalendarYearUpdate(
                year: 2027,
                daysOff: [F.day("2027-01-01"), F.day("2027-01-02"), F.day("2027-01-03"), F.day("2027-01-08")],
                makeUpWorkingDays: [F.day("2027-02-20")], source: "example-2027-made-up.yaml"),
            eventTime: at("2026-12-22T10:15:00+08:00"), source: EventSource(unit: "HQ", worker: "onepoint-cli"), eventId: eventId(59))),
        ContractExample(EventEnvelope(
            .monthlyReport,
            event: MonthlyReport(
                unit: "GD-GZ", month: "2026-11", dueDate: F.day("2026-12-05"), provisioning: .init(met: 49, total: 50),
                acceptance: .init(met: 19, total: 20),
                faults: [.init(level: .diamond, faults: 2, restoredInTime: 2), .init(level: .silver, faults: 5, restoredInTime: 4)],
                cutoverNotices: .init(met: 8, total: 9), notableCases: ["SO-2026-1120-0001: 跨省专线6个工作日开通 cross-province line in 6 working days"],
                problems: ["1 cutover notice sent late"], nextMonthPlan: ["元旦重保 New Year assurance"], scorecard: scorecard,
                generatedAt: at("2026-12-02T10:15:00+08:00"), status: .draft, revision: 2,
                changes: [
                    "restorationTime: 10 (2 item(s), 0 over the limit, 0 step(s), 0 off) → 8 (3 item(s), 1 over the limit, 1 step(s), 2 off)",
                    "total: 79.8 → 77.8",
                ],
                amendments: [
                    .init(
                        month: "2026-10", factId: "provisioningOnTime:SO-2026-1028-0002", part: .provisioningOnTime,
                        summary: "provisioningOnTime 10 → 6; total 81 → 77")
                ]),
            eventTime: at("2026-12-02T10:15:00+08:00"), source: EventSource(unit: "GD-GZ", worker: "onepoint-reporting"), eventId: eventId(48))),
        ContractExample(EventEnvelope(
            .scorecard, event: scorecard, eventTime: at("2026-12-02T10:15:00+08:00"),
            source: EventSource(unit: "GD-GZ", worker: "onepoint-reporting"), eventId: eventId(49))),
        ContractExample(EventEnvelope(
            .deadLetter,
            event: DeadLetter(
                reason: .invalidValue,
                message: "event.perceivedSeverity: 'hot' is not one of critical, major, minor, warning, indeterminate, cleared",
                sourceTopic: "onepoint.alarms", sourcePartition: 3, sourceOffset: 18_204, sourceKey: "fibre:FC-GZ-SZ-07:lossOfSignal",
                sourceEventType: "AlarmCreateEvent", sourceEventId: "0b7e4c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b", worker: "onepoint-fault",
                attempts: 1, value: Array(#"{"eventType":"AlarmCreateEvent","event":{"perceivedSeverity":"hot"}}"#.utf8),
                at: at("2026-12-15T10:02:12+08:00")),
            eventTime: at("2026-12-15T10:02:12+08:00"), source: fault, eventId: eventId(50), priority: .high)),
    ]
}
