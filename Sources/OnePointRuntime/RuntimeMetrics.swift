import Metrics
import Synchronization

/// The runtime's metrics, each with a `worker` dimension. Served on `/metrics`.
final class RuntimeMetrics: Sendable {
    let inputs: Counter
    let duplicates: Counter
    let outputs: Counter
    let timersFired: Counter
    let retries: Counter
    let positionResets: Counter
    let stateBusy: Counter
    let deliveryFailures: Counter
    let producerReplacements: Counter
    /// Changelog records read to restore tasks.
    let restoredRecords: Counter
    /// Transactions not written because the group took the assignment away.
    let fenced: Counter
    /// Inputs forwarded to the task they meet in, through the repartition topic.
    let forwarded: Counter
    /// SQL statements the state stores' connections ran (``StateStore/takeStatementCount()``).
    let statements: Counter
    private let submitted = Atomic<Int>(0)
    let batchDuration: Metrics.Timer
    let batchSize: Recorder
    let openTimers: Gauge
    let outboxDepth: Gauge
    let worker: String

    init(worker: String) {
        let dimensions = [("worker", worker)]
        self.worker = worker
        inputs = Counter(label: "onepoint_inputs_total", dimensions: dimensions)
        duplicates = Counter(label: "onepoint_duplicate_inputs_total", dimensions: dimensions)
        outputs = Counter(label: "onepoint_outputs_total", dimensions: dimensions)
        timersFired = Counter(label: "onepoint_timers_fired_total", dimensions: dimensions)
        retries = Counter(label: "onepoint_input_retries_total", dimensions: dimensions)
        positionResets = Counter(label: "onepoint_position_resets_total", dimensions: dimensions)
        stateBusy = Counter(label: "onepoint_state_busy_retries_total", dimensions: dimensions)
        deliveryFailures = Counter(label: "onepoint_output_delivery_failures_total", dimensions: dimensions)
        producerReplacements = Counter(label: "onepoint_producer_replacements_total", dimensions: dimensions)
        restoredRecords = Counter(label: "onepoint_restored_records_total", dimensions: dimensions)
        fenced = Counter(label: "onepoint_fenced_transactions_total", dimensions: dimensions)
        forwarded = Counter(label: "onepoint_inputs_forwarded_total", dimensions: dimensions)
        statements = Counter(label: "onepoint_state_statements_total", dimensions: dimensions)
        batchDuration = Metrics.Timer(label: "onepoint_batch_duration_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
        batchSize = Recorder(label: "onepoint_batch_size", dimensions: dimensions)
        openTimers = Gauge(label: "onepoint_open_timers", dimensions: dimensions)
        outboxDepth = Gauge(label: "onepoint_outbox_depth", dimensions: dimensions)
    }

    /// Counts outputs submitted; true once, when the count first reaches `threshold` (the fatal
    /// producer error test hook).
    func noteSubmitted(_ count: Int, reaching threshold: Int) -> Bool {
        let before = submitted.add(count, ordering: .relaxed).oldValue
        return before < threshold && before + count >= threshold
    }

    func deadLetter(kind: String) {
        Counter(label: "onepoint_dead_letters_total", dimensions: [("worker", worker), ("kind", kind)]).increment()
    }
}
