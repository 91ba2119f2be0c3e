import GRDB
import OnePointRuntime

/// Scaling out (issue 15, docs/reporting.md "Scaling out"): with tasks, every fact meets in
/// **task 0**, which keeps every unit's facts and reports; the other tasks read their share of
/// the input partitions and forward what is a fact through the repartition topic.
///
/// Why not split the reports: a month's reports need every unit together (a province's and HQ's
/// report carry the table of every unit below them, and a late fact revises its unit's report
/// and every ancestor's), so they cannot be split by unit; and a fact's month is not a property
/// of what arrives: open work counts in the month its deadline passed and its final figure in the
/// month it ends (replacing the first), a ticket's customers are restored in different months
/// and a reopening withdraws a restoration already counted, a fact for a final month is carried
/// by the next open one, and a moved deadline moves open work to another month. So they cannot
/// be split by month either, and nearly every fact arriving at a time is for the current month
/// anyway. Several instances give reporting failover (task 0 moves, restored from its
/// changelog), not parallel decisions; its load (the facts of one month) is small.
///
/// With one task (``TaskLayout/single``) the runtime never calls ``route(_:in:)``: task 0 keeps
/// everything, as always.
extension ReportingLogic {
    /// The task that keeps every fact, month and report, in either layout.
    public static let holdingTask: Int32 = 0

    /// The routing key of every fact: Kafka's murmur2 of it is 0 once made positive, so it is on
    /// partition 0 of the repartition topic (task 0) whatever its partition count
    /// (`KafkaPartitioner.partition(forKey:among:)` is 0 for every count; `ScaleOutTests` checks
    /// it). Any key would make the facts meet; this one makes them meet in the task that also
    /// runs the month's timers (``holdingTask``).
    public static let holdingKey = "reporting:task-0:aaouhub"

    /// The routing key of an input: ``holdingKey`` for what counts in a report (assessment
    /// facts, tickets, overdue and ceased orders, surveys and their deadline steps, moved
    /// deadlines); `nil` for a calendar year (a global topic, applied by every task) and for the
    /// events the worker has nothing to do with (applied where read: nothing happens).
    public func route(_ input: Input, in db: Database) throws -> String? {
        switch input {
        case .record, .ticket, .overdue, .checkRequest, .escalation, .ceased, .deadlineChanged: Self.holdingKey
        case .calendarYear, .nothing: nil
        }
    }

    /// Whether `context` is the task that keeps the reports: only it runs the months' timers
    /// (every task's store is seeded with `reporting:start`; in another task it does nothing,
    /// or every task would draft every unit's report).
    func holdsReports(_ context: DecisionContext) -> Bool {
        context.task == Self.holdingTask
    }
}
