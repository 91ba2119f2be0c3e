import OnePointRuntime

/// Scaling out (issue 15, docs/cutover.md "Scaling out"): with tasks, a cutover lives in the task
/// of its **cutover id**. Plans, revisions, cancellations and execution reports
/// (`cutover-plans`) and customers' feedback (`cutover-feedback`), on the shared topics or the
/// units' own, are all keyed by the cutover id and have the same partition count, so they are
/// co-partitioned: every record of one cutover reaches one task and nothing is routed. The
/// inventory, the calendar and the key-assurance periods are global topics, read whole by every
/// task (a plan in any task may touch any circuit or fall in any period).
///
/// The ids the worker makes up are made from the cutover id (notice ids
/// `<cutover>/<customer>[/r<n>]`, timer ids `cutover:<cutover>:<kind>`), so they are unique
/// across tasks as they are. Output event ids are made from the cause; an input of a global
/// topic (a calendar year, which recounts the notices of every waiting plan) is decided in
/// every task, so in a task other than 0 the event name carries the task.
extension CutoverLogic {
    /// What the id of the next event a decision emits is made from: `<cause>#<n>`, and in a task
    /// other than 0 `<cause>#<n>@task<task>` (a global input is decided in every task, each
    /// emitting its own events). A single-task worker's ids are unchanged.
    static func eventName(_ context: DecisionContext) -> String {
        context.task == 0 ? "\(context.cause)#\(context.emitted)" : "\(context.cause)#\(context.emitted)@task\(context.task)"
    }

    /// With ``TaskLayout/perPartition`` tasks, refuses a record about `cutover` that is not keyed
    /// by it: keyed otherwise it would reach another task than the cutover's (its plan unknown
    /// there, or a second plan with its id). With one task any key is read as before.
    ///
    /// - Throws: ``InputRejection`` (`validation`) naming the key and the cutover.
    func requireCutoverKey(_ record: InputRecord, _ cutover: String) throws(InputRejection) {
        guard taskLayout == .perPartition, record.keyText != cutover else { return }
        throw InputRejection(
            .validation,
            "a record of cutover \(cutover) keyed \(record.keyText.map { "'\($0)'" } ?? "with no key"): with per-partition tasks every record of a cutover must be keyed by its cutover id, so that it reaches the task that keeps the cutover")
    }
}
