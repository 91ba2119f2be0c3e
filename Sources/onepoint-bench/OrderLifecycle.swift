import Foundation
import OnePointContracts
import OnePointDomain

/// One service order's events from intake to final acceptance, as the CRM and the units send
/// them (docs/provisioning.md), for the provisioning benchmark's seed and load.
///
/// Order `n` is local (two access points in one city, one work order) for three `n` in four and
/// cross-city inside one province otherwise (one access point in each of two cities: their two
/// work orders and the province's backbone work order). Its customer's level decides its limit.
///
/// The events come in ``segments(at:topology:)``: runs of records on one topic. Records of one
/// segment are keyed by the order id on one topic, so they arrive in order; a segment on another
/// topic than the one before it must wait until that one is applied (a test report after the
/// configuration it tests), as a unit waits for its work order to show the stage.
struct OrderLifecycle {
    /// The cities whose local orders take turns.
    static let cities: [UnitID] = ["GD-GZ", "GD-SZ", "GD-FS", "JS-NJ", "JS-SZ", "JS-WX", "ZJ-HZ", "ZJ-NB", "SC-CD", "SC-MY"]
    /// Two cities of one province and the province, for the cross-city orders in turn.
    static let crossCity: [(UnitID, UnitID, province: UnitID)] = [
        ("GD-GZ", "GD-SZ", "GD"), ("JS-NJ", "JS-SZ", "JS"), ("ZJ-HZ", "ZJ-NB", "ZJ"), ("SC-CD", "SC-MY", "SC"),
    ]
    /// The customer manager every benchmark order names.
    static let manager = Contact(name: "李经理", phone: "+86 138 0000 0001")

    let id: String
    let customer: CustomerReference
    let scope: NetworkScope
    /// The initiating unit (and coordinator).
    let initiator: UnitID
    let points: [UnitID]
    /// The units of the order's work orders, in the order they are worked.
    let legs: [UnitID]
    /// The unit that files the end-to-end report and takes the order through acceptance.
    let endToEndReporter: UnitID

    /// Order number `n` of `customer`, shaped as the type's description says.
    init(id: String, number n: Int, customer: CustomerReference) {
        self.id = id
        self.customer = customer
        if n % 4 == 3 {
            let (a, b, province) = Self.crossCity[(n / 4) % Self.crossCity.count]
            scope = .crossCity
            initiator = a
            points = [a, b]
            legs = [a, province, b]
            endToEndReporter = province
        } else {
            let city = Self.cities[n % Self.cities.count]
            scope = .local
            initiator = city
            points = [city, city]
            legs = [city]
            endToEndReporter = city
        }
    }

    /// Customer `prefix<c>`: levels in turn.
    static func customer(_ prefix: String, _ c: Int) -> CustomerReference {
        CustomerReference(id: "\(prefix)\(c)", name: "Bench customer \(prefix)\(c)", level: CustomerLevel.allCases[c % CustomerLevel.allCases.count])
    }

    /// The inventory records of customers `prefix0`… `prefix<count - 1>` (a maintenance manager
    /// for those whose level names one at completion).
    static func customers(_ prefix: String, count: Int, at instant: Date, topology: Topology) throws -> [EventRecord] {
        try (0..<count).map { c in
            let reference = customer(prefix, c)
            let customer = Customer(
                id: reference.id, name: reference.name, level: reference.level, assurance: .aa, units: [cities[c % cities.count]],
                customerManager: manager, maintenanceManager: Contact(name: "MM \(c)", phone: "2"))
            let envelope = EventEnvelope(.customerUpdate, event: customer, eventTime: instant, source: EventSource(unit: "GD", worker: "bench"))
            return try EventRecord(envelope, topology: topology)
        }
    }

    /// The events in segments: the order; each work order's engineering (the first with a note,
    /// which becomes progress feedback to the customer manager), in-progress inspection and
    /// configuration; each local test report; each local completion; the end-to-end test report;
    /// end-to-end completion (with a note), each point's preliminary acceptance (more than one
    /// work order), the order's preliminary acceptance, trial operation and final acceptance.
    func segments(at instant: Date, topology: Topology) throws -> [[EventRecord]] {
        [
            [try order(at: instant, topology: topology)],
            try work(steps: 3 * legs.count, at: instant, topology: topology),
            try legs.map { try test(unit: $0, report: "TR-\(id)-\($0)", stage: .local, at: instant, topology: topology) },
            try legs.map { try stage($0, .localCompletion, at: instant, topology: topology) },
            [try test(unit: endToEndReporter, report: "TR-\(id)-E2E", stage: .endToEnd, at: instant, topology: topology)],
            [try stage(endToEndReporter, .endToEndCompletion, note: "全程竣工，待客户初验", at: instant, topology: topology)]
                + (legs.count > 1 ? try legs.map { try accept($0, .preliminaryAcceptance, at: instant, topology: topology) } : [])
                + (try [WorkOrderStage.preliminaryAcceptance, .trialOperation, .finalAcceptance].map {
                    try accept(endToEndReporter, $0, at: instant, topology: topology)
                }),
        ]
    }

    /// The order and its first `steps` events of work (at most the second segment's), all at
    /// `instant`: an order dispatched and in progress, not completed.
    func opening(steps: Int, at instant: Date, topology: Topology) throws -> [EventRecord] {
        [try order(at: instant, topology: topology)] + (try work(steps: steps, at: instant, topology: topology))
    }

    /// The first `steps` events of the second segment: per work order, engineering (the first
    /// with a note), in-progress inspection, configuration.
    private func work(steps: Int, at instant: Date, topology: Topology) throws -> [EventRecord] {
        try (0..<min(steps, 3 * legs.count)).map { step in
            let unit = legs[step / 3]
            switch step % 3 {
            case 0: return try stage(unit, .engineering, note: step == 0 ? "光缆敷设中，预计三日内完成" : nil, at: instant, topology: topology)
            case 1: return try accept(unit, .inProgressInspection, at: instant, topology: topology)
            default: return try stage(unit, .configurationActivation, at: instant, topology: topology)
            }
        }
    }

    private func order(at instant: Date, topology: Topology) throws -> EventRecord {
        let order = ServiceOrder(
            id: id, customer: customer, serviceType: .ethernetPrivateLine, bandwidthKbps: 100_000,
            accessPoints: points.enumerated().map { AccessPoint(id: "AP-\($0.offset + 1)", unit: $0.element, address: "site \($0.offset + 1)") },
            initiatingUnit: initiator, customerManager: Self.manager, requestedDate: try CivilDate(year: 2026, month: 12, day: 31), orderDate: instant)
        return try record(.serviceOrderCreate, order, from: initiator, worker: "crm", at: instant, topology: topology)
    }

    private func stage(_ unit: UnitID, _ stage: WorkOrderStage, note: String? = nil, at instant: Date, topology: Topology) throws -> EventRecord {
        let report = WorkOrderStageReport(workOrderId: "\(id)/\(unit)", orderId: id, unit: unit, stage: stage, at: instant, reportedBy: "duty", note: note)
        return try record(.workOrderStageReport, report, from: unit, at: instant, topology: topology)
    }

    private func accept(_ unit: UnitID, _ stage: WorkOrderStage, at instant: Date, topology: Topology) throws -> EventRecord {
        let result = WorkOrderAcceptance(workOrderId: "\(id)/\(unit)", orderId: id, unit: unit, stage: stage, passed: true, at: instant, inspector: "质检")
        return try record(.workOrderAcceptanceResult, result, from: unit, at: instant, topology: topology)
    }

    private func test(unit: UnitID, report: String, stage: ServiceTestReport.Stage, at instant: Date, topology: Topology) throws -> EventRecord {
        let test = TestReport(
            service: .ethernetPrivateLine, scope: scope, measurements: [.throughput: 99.6, .frameLoss: 0], tester: "王工",
            confirmation: .init(by: .customerManager, name: Self.manager.name), period: .init(start: instant.addingTimeInterval(-3600), end: instant))
        let filed = ServiceTestReport(reportId: report, workOrderId: "\(id)/\(unit)", orderId: id, unit: unit, stage: stage, test: test, filedAt: instant)
        return try record(.testReportCreate, filed, from: unit, at: instant, topology: topology)
    }

    private func record<P: EventPayload>(
        _ type: EventType, _ payload: P, from unit: UnitID, worker: String = "bench", at instant: Date, topology: Topology
    ) throws -> EventRecord {
        try EventRecord(EventEnvelope(type, event: payload, eventTime: instant, source: EventSource(unit: unit, worker: worker)), topology: topology)
    }
}
