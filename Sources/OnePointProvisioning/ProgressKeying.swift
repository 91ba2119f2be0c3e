/// How a unit's input on a work order (progress on `work-order-progress`, a test report on
/// `test-reports`) is keyed, which its schema version says, and so how the provisioning worker
/// finds the order it is about.
enum ProgressKeying: Sendable, Equatable {
    /// Schema version 1: keyed by the work-order id. The order is found from the work-order id
    /// in the worker's store (`prov_work_orders`), as before version 2. The record's partition
    /// follows the work order, not the order: on a worker split into tasks the task that reads
    /// it routes it by its order id, through the repartition topic, to the task holding the
    /// order (`ProvisioningLogic.route(_:in:)`).
    case workOrderId
    /// Schema version 2 on: keyed by the order id (checked when the record is decoded), so it
    /// reaches the task holding the order; the order is the payload's `orderId`, and the work
    /// order must be one of its.
    case orderId
}
