import Foundation
import GRDB
import OnePointContracts
import OnePointRuntime

/// Scaling out (issue 15, docs/provisioning.md "Scaling out"): with a task per partition, every
/// input about an order must be applied in the task that holds the order, the task of the order
/// id's partition. Service orders and version 2 progress and test reports are keyed by the order
/// id on co-partitioned topics, so they arrive there. Version 1 progress and test reports are
/// keyed by the work-order id and may arrive anywhere: they are routed by their order id, through
/// the worker's repartition topic (`onepoint.provisioning.repartition`), to that task.
///
/// With one task (``TaskLayout/single``) the runtime never calls ``route(_:in:)``.
extension ProvisioningLogic {
    /// The routing key of an input: a version 1 record's order id; `nil` (applied in the task that
    /// read it) for everything else.
    ///
    /// - Version 1 progress and test reports: the order of their work order, the part of the
    ///   work-order id before its last `/` (the worker names work orders `<order id>/<unit>`, and
    ///   a version 1 record finds its order by its work-order id), which is the payload's
    ///   `orderId` on any consistent record; the payload's `orderId` for a work-order id not of
    ///   that form (no task knows such a work order: it is dead-lettered there as unknown).
    /// - Version 2 progress and test reports and service orders: keyed by the order id, read by
    ///   the order's task already.
    /// - Resource checks: keyed by their request id, which a request and its answer share; a
    ///   survey reads no order.
    /// - The inventory and the calendar: global topics, every task reads them whole.
    public func route(_ input: Input, in db: Database) throws -> String? {
        switch input.kind {
        case .stageReport(let report, .workOrderId): Self.orderId(of: report)
        case .clockStop(let stop, _, .workOrderId): Self.orderId(of: stop)
        case .delay(let application, .workOrderId): Self.orderId(of: application)
        case .dataConfiguration(let start, .workOrderId): Self.orderId(of: start)
        case .acceptance(let result, .workOrderId): Self.orderId(of: result)
        case .testReport(let report, .workOrderId): Self.orderId(of: report)
        case .stageReport, .clockStop, .delay, .dataConfiguration, .acceptance, .testReport: nil
        case .order, .invalidOrder, .resourceCheckRequest, .resourceCheckResult: nil
        case .customer, .circuit, .circuitDeleted, .calendarYear, .ignored: nil
        }
    }

    /// The order a version 1 record on a work order meets: the order part of its work-order id
    /// (`SO-1/GD-GZ`: `SO-1`), else its payload's `orderId`.
    static func orderId(of input: some WorkOrderInput) -> String {
        let workOrderId = input.workOrderId
        if let slash = workOrderId.lastIndex(of: "/"), slash != workOrderId.startIndex {
            return String(workOrderId[..<slash])
        }
        return input.orderId
    }
}
