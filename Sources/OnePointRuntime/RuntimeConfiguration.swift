import Foundation
import OnePointKafka
import OnePointState

/// How a ``WorkerRuntime`` runs: what it reads, where it keeps state, how it batches and retries.
public struct RuntimeConfiguration: Sendable {
    /// The worker's name: in logs, metrics and the `onepoint.error.worker` header of dead letters.
    public var name: String
    /// The consumer group of the worker's instances.
    public var groupID: String
    /// The Kafka topics to consume.
    public var inputTopics: [String]
    /// Where inputs that cannot be applied go.
    public var deadLetterTopic: String
    public var kafka: KafkaClientConfiguration
    /// The SQLite file of the worker's state (``TaskLayout/single``), or the folder of its tasks'
    /// files (``TaskLayout/perPartition``: `task-<n>.sqlite` each).
    public var statePath: String
    /// How the worker's inputs are split into tasks, each with its own store.
    public var tasks: TaskLayout = .single
    /// Topics every task reads in full, whichever partitions it runs (reference data such as the
    /// inventory and the calendar, in the manner of Kafka Streams' global tables). With one task
    /// they are read like ``inputTopics``; with ``TaskLayout/perPartition`` every instance reads
    /// every partition of them and applies each record to each of its tasks (each task keeps its
    /// own copy and positions, restored with it), catching a task up before it reads anything
    /// else when it opens.
    public var globalTopics: [String] = []
    /// The worker's internal topic for inputs that must meet in another task
    /// (``WorkerLogic/route(_:in:)``), co-partitioned with the inputs and read like them; `nil`:
    /// every input is applied in the task that reads it. Used with ``TaskLayout/perPartition``.
    public var repartitionTopic: String?
    /// The compacted topic every change of a task's store is also written to (partition `n` for
    /// task `n`), so another instance can restore the task; `nil`: no changelog (the store lives
    /// only on this machine).
    public var changelogTopic: String?
    public var synchronous: StateStore.Synchronous = .full
    /// How long a state statement waits for a lock held by another connection before the batch
    /// is run again (the state database being busy is never the input's fault).
    public var stateBusyTimeout: Duration = .seconds(10)
    /// The most bytes the state database may hold; past it the worker stops as on a full disk.
    /// `nil`: only the disk limits it.
    public var stateSizeLimit: Int?
    /// The most bytes of database pages each store keeps in memory (SQLite's `cache_size`).
    public var stateCacheSize = 64 * 1_048_576
    /// `session.timeout.ms` of the worker's consumer: how soon the group gives a dead instance's
    /// partitions to another.
    public var sessionTimeout: Duration = .seconds(6)
    /// Most inputs applied in one transaction. A batch holds what has been fetched, so it is this
    /// large only when inputs wait (a backlog, a storm); every page a transaction changes is
    /// written to the WAL once per commit, so fewer, larger transactions write less per input
    /// (docs/performance.md, sessions 15 and 27).
    public var maxBatchSize: Int = 10000
    /// How long to keep collecting a batch once its first input arrived; 0 applies what is there
    /// at once (lowest latency; batches still grow under load because records accumulate while a
    /// batch commits).
    public var maxBatchWait: Duration = .zero
    /// The most bytes of input records the consumer fetches ahead of the loop
    /// (`queued.max.messages.kbytes`). When they are reached, librdkafka 2.0.2 pauses fetching
    /// until its broker threads next wake, up to a second: a bound holding less than a second of
    /// inputs starves the loop under a backlog (docs/performance.md, session 26).
    public var consumerPrefetch = 64 * 1_048_576
    /// How long an idle poll waits before the loop looks at timers and housekeeping again.
    public var idleWait: Duration = .milliseconds(100)
    /// How long librdkafka tries to deliver an output (`message.timeout.ms`) before the runtime
    /// takes it back and delivers the outbox again, in order, before any new input.
    public var deliveryTimeout: Duration = .seconds(60)
    /// Outputs handed to the producer and not yet delivered, at most; at the limit the hand-over
    /// waits for room and the loop decides at most one more batch meanwhile, so a slow cluster
    /// slows the consumer instead of growing memory. The producer also holds at most 64 MiB and the consumer fetches at most 16 MiB ahead.
    public var maxOutputsInFlight: Int = 100_000
    /// The most bytes one output may have (key, value and headers). A decision that would emit a
    /// larger one is refused (``InputRejection/Kind/outputTooLarge``), and dead letters copy at
    /// most this much of the input. Brokers and librdkafka take 1 000 000 bytes by default.
    public var maxOutputBytes: Int = 900_000
    /// Records larger than this are dead-lettered as ``InputRejection/Kind/oversized``.
    public var maxInputBytes: Int = 1 << 20
    /// Attempts at an input whose apply throws a transient error, before it is dead-lettered.
    public var maxAttempts: Int = 4
    /// The wait before the second attempt; doubled for each later one, at most ``maxRetryDelay``.
    public var retryDelay: Duration = .milliseconds(100)
    public var maxRetryDelay: Duration = .seconds(5)
    /// How long applied input ids are kept for deduplication.
    public var inboxRetention: Duration = .seconds(7 * 24 * 3600)
    /// An applied id is also kept until its partition has moved this many records past it,
    /// whatever the clock says (a clock that jumps forward cannot empty the inbox).
    public var inboxMinRecords: Int64 = 100_000
    /// Timers fired per batch at most. Timers due together are fired in transactions of this
    /// many, each published as it commits: with 1000, the first of 700 timers due in the same
    /// second waited for all of them; with 100, the last waited for seven commits. 250 fires
    /// such a burst in three (`onepoint-bench timers`, docs/performance.md, session 22).
    public var maxTimersPerBatch: Int = 250
    /// A test hook: the probability that the process kills itself (SIGKILL) right after a batch
    /// commits and before its outputs are delivered. 0 in production.
    public var crashAfterCommitProbability: Double = 0
    /// A test hook: the probability that the process kills itself (SIGKILL) after a batch of
    /// outputs is delivered and before the outbox forgets them, so they are published twice.
    /// 0 in production.
    public var crashAfterDeliveryProbability: Double = 0
    /// A test hook: once this many outputs have been handed to the producer, the producer gets a
    /// fatal error (librdkafka's test hook). 0 in production.
    public var producerFatalErrorAfterOutputs: Int = 0

    public init(name: String, groupID: String, inputTopics: [String], deadLetterTopic: String, kafka: KafkaClientConfiguration, statePath: String) {
        self.name = name
        self.groupID = groupID
        self.inputTopics = inputTopics
        self.deadLetterTopic = deadLetterTopic
        self.kafka = kafka
        self.statePath = statePath
    }

    /// Checks the values a broker or the loop would refuse.
    ///
    /// - Throws: ``SettingsError`` naming the setting.
    public func validate() throws(SettingsError) {
        // Kafka brokers refuse a group session shorter than group.min.session.timeout.ms (6 s by
        // default), and librdkafka's mock cluster then never assigns anything, silently.
        guard sessionTimeout >= .seconds(6) else {
            throw SettingsError(.invalid, origin: "runtime", key: "sessionTimeout", problem: "must be at least 6 s (brokers refuse shorter group sessions), got \(sessionTimeout)")
        }
        guard maxBatchSize >= 1 else { throw SettingsError(.invalid, origin: "runtime", key: "maxBatchSize", problem: "must be at least 1") }
        guard maxAttempts >= 1 else { throw SettingsError(.invalid, origin: "runtime", key: "maxAttempts", problem: "must be at least 1") }
        if let topic = repartitionTopic, !inputTopics.contains(topic) {
            throw SettingsError(.invalid, origin: "runtime", key: "repartitionTopic", problem: "'\(topic)' must also be an input topic (the tasks read what is forwarded to them)")
        }
        guard !inputTopics.isEmpty else { throw SettingsError(.invalid, origin: "runtime", key: "inputTopics", problem: "a worker needs at least one input topic") }
    }

    /// The task that applies the records of `partition` of any input topic.
    public func task(of partition: Int32) -> Int32 {
        switch tasks {
        case .single: 0
        case .perPartition: partition
        }
    }

    /// The store file of task `task`.
    public func storePath(of task: Int32) -> String {
        switch tasks {
        case .single: statePath
        case .perPartition: (statePath as NSString).appendingPathComponent("task-\(task).sqlite")
        }
    }

    /// The delay before attempt `attempt` (2, 3, …).
    func delay(beforeAttempt attempt: Int) -> Duration {
        var delay = retryDelay
        for _ in 2..<max(attempt, 2) { delay = min(delay * 2, maxRetryDelay) }
        return min(delay, maxRetryDelay)
    }
}
