/// How a worker's inputs are split into tasks (in the manner of Kafka Streams' tasks). A task
/// has its own store (SQLite file), positions, outbox and timers; an instance runs the tasks of
/// the partitions the group assigns it, and a task that moves restores its store from the
/// changelog (``RuntimeConfiguration/changelogTopic``).
public enum TaskLayout: String, Sendable, Equatable, CaseIterable {
    /// One task for every input partition, stored at ``RuntimeConfiguration/statePath``: one
    /// instance per worker.
    case single
    /// Task `n` applies partition `n` of every input topic (co-partitioned topics: same partition
    /// count, same keys), stored at `<statePath>/task-<n>.sqlite`. Several instances share the
    /// tasks.
    case perPartition = "per-partition"
}
