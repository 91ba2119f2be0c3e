import Crdkafka
import Synchronization

/// Matches librdkafka's delivery reports to the tasks awaiting them.
///
/// Records are tracked by batch (a single `send` is a batch of one): each record's opaque pointer
/// carries its batch id and its index in the batch, so the registry does one dictionary operation
/// per batch, not per record. A report can arrive before the awaiting task attaches its
/// continuation; the batch keeps the result until then.
final class DeliveryRegistry: Sendable {
    typealias Outcome = Result<KafkaDeliveryReport, KafkaError>

    /// Records per batch at most: the index takes the low 24 bits of the opaque value.
    static let maxBatchCount = 1 << 24

    /// The results of one batch, filled by delivery reports in any order.
    final class Batch: @unchecked Sendable {  // mutated only under the registry's lock
        let id: UInt
        let count: Int
        var results: [Outcome?]
        var remaining: Int
        var continuation: UnsafeContinuation<[Outcome], Never>?

        init(id: UInt, count: Int) {
            self.id = id
            self.count = count
            results = Array(repeating: nil, count: count)
            remaining = count
        }

        func finished() -> [Outcome] {
            results.map { $0 ?? .failure(KafkaError(code: .closed, message: "the producer closed before delivery")) }
        }

        /// The opaque value of record `index`.
        func opaque(_ index: Int) -> UnsafeMutableRawPointer? {
            UnsafeMutableRawPointer(bitPattern: id << 24 | UInt(index))
        }
    }

    private struct State {
        var nextID: UInt = 1
        var open: [UInt: Batch] = [:]
        /// Topic names by librdkafka topic handle (stable for the client's life).
        var topicNames: [UInt: String] = [:]
        /// Bumped on every report: a sender that met a full queue waits for it to change.
        var generation: UInt64 = 0
        var roomWaiters: [UnsafeContinuation<Void, Never>] = []
        var closed = false
    }

    private let state = Mutex(State())

    /// Opens a batch of `count` records.
    func open(count: Int) -> Batch {
        state.withLock { state in
            let batch = Batch(id: state.nextID, count: count)
            state.nextID &+= 1
            if count > 0 { state.open[batch.id] = batch }
            return batch
        }
    }

    /// Records the failure of a record that could not be enqueued.
    func fail(_ batch: Batch, index: Int, with error: KafkaError) {
        let resume = state.withLock { state in Self.settle(&state, batch.id, index, .failure(error)) }
        resume?()
    }

    /// Waits until every record of `batch` has its outcome.
    func wait(_ batch: Batch) async -> [Outcome] {
        await withUnsafeContinuation { continuation in
            let done: Bool = state.withLock { _ in
                if batch.remaining == 0 { return true }
                batch.continuation = continuation
                return false
            }
            if done { continuation.resume(returning: batch.finished()) }
        }
    }

    /// Whether every record of `batch` has its outcome.
    func isSettled(_ batch: Batch) -> Bool {
        state.withLock { _ in batch.remaining == 0 }
    }

    /// The current report generation, read after a full queue refused a record.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// Returns once a delivery report has arrived since `generation` (room in the queue), or at once
    /// when the registry is closed.
    func waitForRoom(after generation: UInt64) async {
        await withUnsafeContinuation { continuation in
            let now: Bool = state.withLock { state in
                if state.generation != generation || state.closed { return true }
                state.roomWaiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Called from librdkafka's delivery callback.
    func deliver(_ message: UnsafePointer<rd_kafka_message_t>) {
        let value = UInt(bitPattern: message.pointee._private)
        let (batchID, index) = (value >> 24, Int(value & 0xFF_FFFF))
        let err = message.pointee.err
        let topicHandle = message.pointee.rkt
        let partition = message.pointee.partition
        let offset = message.pointee.offset
        let (resume, waiters) = state.withLock { state in
            state.generation &+= 1
            let topic = Self.topicName(&state, topicHandle)
            let outcome: Outcome =
                err == RD_KAFKA_RESP_ERR_NO_ERROR
                ? .success(KafkaDeliveryReport(topic: topic, partition: partition, offset: offset))
                : .failure(KafkaError(rd: err, context: "delivering a record to '\(topic)'"))
            var waiters: [UnsafeContinuation<Void, Never>] = []
            if !state.roomWaiters.isEmpty {
                waiters = state.roomWaiters
                state.roomWaiters.removeAll(keepingCapacity: true)
            }
            return (Self.settle(&state, batchID, index, outcome), waiters)
        }
        resume?()
        for waiter in waiters { waiter.resume() }
    }

    /// Fails everything still waiting (the producer is closing and gave up on them).
    func close() {
        let (batches, waiters) = state.withLock { state in
            state.closed = true
            let batches = Array(state.open.values)
            state.open.removeAll()
            let waiters = state.roomWaiters
            state.roomWaiters.removeAll()
            return (batches, waiters)
        }
        for batch in batches {
            let continuation: UnsafeContinuation<[Outcome], Never>? = state.withLock { _ in
                batch.remaining = 0
                defer { batch.continuation = nil }
                return batch.continuation
            }
            continuation?.resume(returning: batch.finished())
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Stores an outcome; returns the resumption to run outside the lock.
    private static func settle(_ state: inout State, _ batchID: UInt, _ index: Int, _ outcome: Outcome) -> (() -> Void)? {
        guard let batch = state.open[batchID], index < batch.count, batch.results[index] == nil else { return nil }
        batch.results[index] = outcome
        batch.remaining -= 1
        guard batch.remaining == 0 else { return nil }
        state.open[batchID] = nil
        guard let continuation = batch.continuation else { return nil }
        batch.continuation = nil
        let results = batch.finished()
        return { continuation.resume(returning: results) }
    }

    private static func topicName(_ state: inout State, _ handle: OpaquePointer?) -> String {
        guard let handle else { return "" }
        let key = UInt(bitPattern: handle)
        if let name = state.topicNames[key] { return name }
        let name = rd_kafka_topic_name(handle).map { String(cString: $0) } ?? ""
        state.topicNames[key] = name
        return name
    }
}
