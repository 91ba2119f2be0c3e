import Foundation
import OnePointContracts
import OnePointDomain
import Testing

/// Orders and the units' reports, as the CRM and the units send them.
enum Fixtures {
    static let manager = Contact(name: "李经理", phone: "+86 138 0000 0001")

    /// An Ethernet order with one access point per entry of `points`.
    static func order(
        _ id: String, level: CustomerLevel, points: [UnitID], initiator: UnitID, at instant: Date, action: ServiceOrder.Action = .add,
        circuitId: String? = nil
    ) throws -> ServiceOrder {
        ServiceOrder(
            id: id, action: action, customer: CustomerReference(id: "C-\(id)", name: "某某银行", level: level), serviceType: .ethernetPrivateLine,
            bandwidthKbps: 100_000,
            accessPoints: points.enumerated().map { AccessPoint(id: "AP-\($0.offset + 1)", unit: $0.element, address: "site \($0.offset + 1)") },
            initiatingUnit: initiator, customerManager: manager, requestedDate: try CivilDate(year: 2026, month: 12, day: 31), orderDate: instant,
            circuitId: circuitId)
    }

    /// An Ethernet test report with `measurements` (a passing one by default).
    static func test(scope: NetworkScope, measurements: [TestMetric: Decimal] = [.throughput: 99.6, .frameLoss: 0], at instant: Date) -> TestReport {
        TestReport(
            service: .ethernetPrivateLine, scope: scope, measurements: measurements, tester: "王工",
            confirmation: .init(by: .customerManager, name: manager.name), period: .init(start: instant.addingTimeInterval(-3600), end: instant))
    }
}

extension ProvisioningHarness {
    func stage(_ order: String, _ unit: UnitID, _ stage: WorkOrderStage) async throws {
        let report = WorkOrderStageReport(workOrderId: "\(order)/\(unit)", orderId: order, unit: unit, stage: stage, at: clock.now(), reportedBy: "duty")
        try await send(.workOrderStageReport, report, from: unit)
    }

    /// Files a test report and waits for its verdict.
    @discardableResult
    func file(
        _ order: String, _ unit: UnitID, report reportId: String, stage: ServiceTestReport.Stage, scope: NetworkScope,
        measurements: [TestMetric: Decimal] = [.throughput: 99.6, .frameLoss: 0], assembledFrom: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> TestReportEvaluation {
        let report = ServiceTestReport(
            reportId: reportId, workOrderId: "\(order)/\(unit)", orderId: order, unit: unit, stage: stage,
            test: Fixtures.test(scope: scope, measurements: measurements, at: clock.now()), assembledFrom: assembledFrom, filedAt: clock.now())
        try await send(.testReportCreate, report, from: unit)
        try await wait("the verdict on \(reportId)", sourceLocation: sourceLocation) { outputs in
            outputs.contains { $0.type == .testReportEvaluated && (try? $0.event(TestReportEvaluation.self).reportId) == reportId }
        }
        return try seen(.testReportEvaluated, as: TestReportEvaluation.self).last { $0.reportId == reportId }
            ?? TestReportEvaluation(reportId: reportId, workOrderId: "", orderId: order, unit: unit, outcome: .rejected, evaluatedAt: clock.now())
    }

    /// Walks one leg from dispatch to local completion: engineering with its passed in-progress
    /// inspection (随工检查), configuration, a passing local test.
    func completeLeg(_ order: String, _ unit: UnitID, scope: NetworkScope) async throws {
        try await stage(order, unit, .engineering)
        // Same work order, same partition: the inspection is applied after engineering, before configuration.
        try await accept(order, unit, .inProgressInspection)
        try await stage(order, unit, .configurationActivation)
        // The unit tests once its work order shows configuration done (the report travels on
        // another topic than the stage reports, so it could otherwise overtake them).
        try await waitStage(order, unit, .configurationActivation)
        let verdict = try await file(order, unit, report: "TR-\(order)-\(unit)", stage: .local, scope: scope)
        #expect(verdict.outcome == .passed, "local test of \(unit): \(verdict.problems)")
        try await stage(order, unit, .localCompletion)
    }

    /// Waits until the work order of `unit` shows `stage`.
    func waitStage(_ order: String, _ unit: UnitID, _ stage: WorkOrderStage, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await wait("\(order)/\(unit) in \(stage)", sourceLocation: sourceLocation) { _ in
            (try? self.workOrders(of: order)[unit]?.stage) == stage
        }
    }

    func accept(_ order: String, _ unit: UnitID, _ stage: WorkOrderStage, passed: Bool = true) async throws {
        let result = WorkOrderAcceptance(
            workOrderId: "\(order)/\(unit)", orderId: order, unit: unit, stage: stage, passed: passed, at: clock.now(), inspector: "质检",
            findings: passed ? [] : ["fibre joint loss above spec at site 1"])
        try await send(.workOrderAcceptanceResult, result, from: unit)
    }

    /// Accepts point by point, then as a whole (DOMAIN.md §5): every leg's own preliminary
    /// acceptance (for an order of several legs), then, on `unit`'s work order after end-to-end
    /// completion, the whole order's preliminary acceptance, trial operation and final acceptance.
    func acceptAll(_ order: String, _ unit: UnitID) async throws {
        let units = try workOrders(of: order).keys.sorted()
        if units.count > 1 {
            for point in units {
                try await accept(order, point, .preliminaryAcceptance)
                try await waitStage(order, point, .preliminaryAcceptance)
            }
        }
        for step in [WorkOrderStage.preliminaryAcceptance, .trialOperation, .finalAcceptance] {
            try await accept(order, unit, step)
        }
    }

    /// The latest state of each work order of `order`, by unit.
    func workOrders(of order: String) throws -> [UnitID: WorkOrder] {
        var result: [UnitID: WorkOrder] = [:]
        for type in [EventType.workOrderCreate, .workOrderStateChange] {
            for output in distinct(outputs, type) {
                let workOrder = try output.event(WorkOrder.self)
                if workOrder.orderId == order { result[workOrder.unit] = workOrder }
            }
        }
        return result
    }

    /// Dead letters so far: their error message header.
    var deadLetterMessages: [String] {
        outputs.filter { $0.topic == Topic.deadLetters.defaultName }.compactMap(\.errorMessage)
    }
}
