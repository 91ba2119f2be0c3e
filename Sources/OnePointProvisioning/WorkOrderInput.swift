import OnePointContracts

/// A unit's input on one work order of a service order: a stage report, a clock stop, a delay
/// application, a data-configuration start, an acceptance result or a test report. Each names
/// both the work order and its order; from schema version 2 each is keyed by the order id
/// (``ProgressKeying``).
protocol WorkOrderInput: EventPayload {
    /// The work order acted on (`<order id>/<unit>` for the work orders this worker dispatches).
    var workOrderId: String { get }
    /// The work order's service order.
    var orderId: String { get }
}

extension WorkOrderStageReport: WorkOrderInput {}
extension WorkOrderClockStop: WorkOrderInput {}
extension WorkOrderDelayApplication: WorkOrderInput {}
extension WorkOrderDataConfiguration: WorkOrderInput {}
extension WorkOrderAcceptance: WorkOrderInput {}
extension ServiceTestReport: WorkOrderInput {}
