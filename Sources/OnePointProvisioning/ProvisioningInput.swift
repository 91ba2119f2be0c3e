import Foundation
import OnePointContracts
import OnePointDomain

/// One input of the provisioning worker, decoded and checked against its schema.
enum ProvisioningInput: Sendable {
    /// A service order whose every field passed its schema (business rules are checked on apply).
    case order(EventEnvelope<ServiceOrder>)
    /// A service order that breaks its schema: answered with a rejection listing every problem.
    case invalidOrder(InvalidOrder)
    case resourceCheckRequest(EventEnvelope<ResourceCheckRequest>)
    case resourceCheckResult(EventEnvelope<ResourceCheckResult>)
    // A unit's inputs on a work order, with how each is keyed (its schema version says).
    case stageReport(WorkOrderStageReport, keyedBy: ProgressKeying)
    case clockStop(WorkOrderClockStop, started: Bool, keyedBy: ProgressKeying)
    case delay(WorkOrderDelayApplication, keyedBy: ProgressKeying)
    case dataConfiguration(WorkOrderDataConfiguration, keyedBy: ProgressKeying)
    case acceptance(WorkOrderAcceptance, keyedBy: ProgressKeying)
    case testReport(ServiceTestReport, keyedBy: ProgressKeying)
    case customer(Customer)
    case circuit(Circuit)
    case circuitDeleted(CircuitDeletion)
    /// One year's working calendar from the `calendar` topic (loaded or corrected).
    case calendarYear(CalendarYearUpdate)
    /// An inventory record the worker does not use (a network element, a tombstone).
    case ignored
}

/// A service order that cannot be read as one, with what could be read of it.
struct InvalidOrder: Sendable {
    var orderId: String
    /// The initiating unit when it is a unit of the topology.
    var initiatingUnit: UnitID?
    var problems: [OrderRejection.Problem]

    /// Reads the order id and initiating unit from the raw JSON, or `nil` when there is no order id
    /// to answer to.
    init?(bytes: [UInt8], problems: [ContractError], topology: Topology) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let event = object["event"] as? [String: Any], let id = event["id"] as? String, !id.isEmpty
        else { return nil }
        orderId = id
        if let unit = event["initiatingUnit"] as? String, topology.contains(UnitID(unit)) {
            initiatingUnit = UnitID(unit)
        }
        self.problems = problems.map { OrderRejection.Problem(field: Self.field($0.path), code: $0.code.rawValue, message: $0.message) }
    }

    /// `event.accessPoints[1].unit` → `accessPoints[1].unit`.
    private static func field(_ path: String) -> String {
        path.hasPrefix("event.") ? String(path.dropFirst("event.".count)) : (path == "event" ? "" : path)
    }
}
