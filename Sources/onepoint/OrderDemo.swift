import Foundation
import OnePointContracts
import OnePointDomain
import OnePointProvisioning

/// What each unit does next on an order, for `onepoint order play`: the stage reports, test
/// reports and acceptance results a real unit would send, with passing measurements.
enum OrderDemo {
    struct Step {
        var unit: UnitID
        /// The work order it moves, or the order id for order-level steps.
        var subject: String
        var description: String
        var record: EventRecord
    }

    /// The next step of every leg still in progress, or the next order-level step.
    static func nextSteps(_ status: OrderStatus, topology: Topology, now: Date = Date()) throws -> [Step] {
        let source = { (unit: UnitID) in EventSource(unit: unit, worker: "onepoint-demo") }
        func stage(_ leg: OrderStatus.Leg, _ stage: WorkOrderStage, subject: String? = nil) throws -> Step {
            let report = WorkOrderStageReport(workOrderId: leg.workOrderId, orderId: status.orderId, unit: leg.unit, stage: stage, at: now, reportedBy: "demo")
            return Step(
                unit: leg.unit, subject: subject ?? leg.workOrderId, description: "reports \(stage) (\(stage.chineseName))",
                record: try EventPublisher.record(.workOrderStageReport, report, source: source(leg.unit), topology: topology, at: now))
        }
        func test(_ leg: OrderStatus.Leg, _ kind: ServiceTestReport.Stage, id: String, assembled: [String] = [], subject: String? = nil) throws -> Step {
            let report = ServiceTestReport(
                reportId: id, workOrderId: leg.workOrderId, orderId: status.orderId, unit: leg.unit, stage: kind,
                test: TestReport(
                    service: status.serviceType, scope: status.scope, measurements: passing(status.serviceType), tester: "demo tester",
                    confirmation: .init(by: .customerManager, name: "customer manager"), period: .init(start: now.addingTimeInterval(-3600), end: now)),
                assembledFrom: assembled, filedAt: now)
            let what = kind == .local ? "files local test report \(id)" : "files the end-to-end test report \(id)" + (assembled.isEmpty ? "" : ", assembling \(assembled.joined(separator: ", "))")
            return Step(
                unit: leg.unit, subject: subject ?? leg.workOrderId, description: what,
                record: try EventPublisher.record(.testReportCreate, report, source: source(leg.unit), topology: topology, at: now))
        }
        func accept(_ leg: OrderStatus.Leg, _ step: WorkOrderStage, subject: String? = nil, what: String = "") throws -> Step {
            let result = WorkOrderAcceptance(
                workOrderId: leg.workOrderId, orderId: status.orderId, unit: leg.unit, stage: step, passed: true, at: now, inspector: "demo inspector")
            return Step(
                unit: leg.unit, subject: subject ?? status.orderId, description: "passes \(what)\(step) (\(step.chineseName))",
                record: try EventPublisher.record(.workOrderAcceptanceResult, result, source: source(leg.unit), topology: topology, at: now))
        }

        let open = status.legs.filter { $0.localCompletion == nil }
        if !open.isEmpty {
            return try open.compactMap { leg -> Step? in
                if leg.clockStopped { return nil }
                switch leg.stage {
                case .resourceDispatch: return try stage(leg, .engineering)
                case .engineering:
                    // The in-progress inspection goes with engineering.
                    return leg.inspected ? try stage(leg, .configurationActivation) : try accept(leg, .inProgressInspection, subject: leg.workOrderId)
                case .configurationActivation, .localTest:
                    return leg.localReportId == nil ? try test(leg, .local, id: "TR-\(leg.workOrderId)") : try stage(leg, .localCompletion)
                default: return nil
                }
            }
        }
        // Acceptance point by point (each leg once it completed locally), then as a whole.
        if status.legs.count > 1 {
            let points = status.legs.filter { !$0.accepted }
            if !points.isEmpty {
                return try points.map { try accept($0, .preliminaryAcceptance, subject: $0.workOrderId, what: "its point's ") }
            }
        }
        guard let reporter = status.legs.first(where: { $0.unit == status.endToEndReporter }) else { return [] }
        switch status.stage {
        case .endToEndTest:
            if status.endToEndReportId == nil {
                let assembled = status.scope == .crossProvince ? status.legs.filter { $0.role == .provincialBackbone }.compactMap(\.localReportId) : []
                return [try test(reporter, .endToEnd, id: "TR-\(status.orderId)-E2E", assembled: assembled, subject: status.orderId)]
            }
            return [try stage(reporter, .endToEndCompletion, subject: status.orderId)]
        case .endToEndCompletion: return [try accept(reporter, .preliminaryAcceptance, what: "the whole order's ")]
        case .preliminaryAcceptance: return [try accept(reporter, .trialOperation)]
        case .trialOperation: return [try accept(reporter, .finalAcceptance)]
        default: return []
        }
    }

    /// Measurements that meet the default thresholds of `service`.
    static func passing(_ service: ServiceType) -> [TestMetric: Decimal] {
        switch service {
        case .e1Digital: [.erroredSeconds: 0, .severelyErroredSeconds: 0, .roundTripDelay: 12, .fibreAttenuation: 9]
        case .ddnAtmFrameRelay: [.bitErrorRatio: 0, .erroredSeconds: 0, .severelyErroredSeconds: 0, .lossOfSync: 0, .throughput: 99.8, .fibreAttenuation: 9]
        case .mplsVpn: [.erroredSeconds: 0, .averageRoundTripDelay: 21, .packetLoss: 0]
        case .ethernetPrivateLine: [.throughput: 99.8, .frameLoss: 0]
        }
    }
}
