import Crdkafka
import Synchronization

/// Matches librdkafka's delivery reports to the tasks awaiting them.
///
/// Every produced record carries an integer id as its opaque pointer. A report can arrive before
/// the awaiting task has attached its continuation, so a slot keeps an early result until then.
final class DeliveryRegistry: Sendable {
    typealias Outcome = Result<KafkaDeliveryReport, KafkaError>

    /// The results of one batch, filled by delivery reports in any order.
    final class Batch: @unchecked Sendable {  // mutated only under the registry's lock
        let count: Int
        var results: [Outcome?]
        var remaining: Int
        var continuation: UnsafeContinuation<[Outcome], Never>?

        init(count: Int) {
            self.count = count
            results = Array(repeating: nil, count: count)
            remaining = count
        }

        func finished() -> [Outcome] {
            results.map { $0 ?? .failure(KafkaError(code: .closed, message: "the producer closed before delivery")) }
        }
    }

    private enum Slot {
        case waiting(UnsafeContinuation<Outcome, Never>?)
        case delivered(Outcome)
        case batch(Batch, index: Int)
    }

    private struct State {
        var nextID: UInt = 1
        var slots: [UInt: Slot] = [:]
        /// Bumped on every report: a sender that met a full queue waits for it to change.
        var generation: UInt64 = 0
        var roomWaiters: [UnsafeContinuation<Void, Never>] = []
        var closed = false
    }

    private let state = Mutex(State())

    /// Reserves an id for a single record.
    func reserve() -> UInt {
        state.withLock { state in
            let id = state.nextID
            state.nextID &+= 1
            state.slots[id] = .waiting(nil)
            return id
        }
    }

    /// Reserves consecutive ids for the records of `batch`; returns the first.
    func reserve(_ batch: Batch) -> UInt {
        state.withLock { state in
            let first = state.nextID
            for index in 0..<batch.count {
                state.slots[first + UInt(index)] = .batch(batch, index: index)
            }
            state.nextID &+= UInt(batch.count)
            return first
        }
    }

    /// Records `outcome` for `id` as if a report had arrived (a record that failed to enqueue).
    func complete(_ id: UInt, with outcome: Outcome) {
        let resume = state.withLock { state in Self.complete(&state, id, outcome) }
        resume?()
    }

    /// Waits for the report of `id`.
    func wait(_ id: UInt) async -> Outcome {
        await withUnsafeContinuation { continuation in
            let early: Outcome? = state.withLock { state in
                guard case .delivered(let outcome)? = state.slots[id] else {
                    state.slots[id] = .waiting(continuation)
                    return nil
                }
                state.slots[id] = nil
                return outcome
            }
            if let early { continuation.resume(returning: early) }
        }
    }

    /// Waits until every record of `batch` has its report.
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

    /// Whether every record of `batch` has its report.
    func isSettled(_ batch: Batch) -> Bool {
        state.withLock { _ in batch.remaining == 0 }
    }

    /// The generation to pass to ``waitForRoom(after:)`` before trying to enqueue.
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
        let id = UInt(bitPattern: message.pointee._private)
        let outcome: Outcome
        if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
            let topic = message.pointee.rkt.flatMap { rd_kafka_topic_name($0) }.map { String(cString: $0) } ?? ""
            outcome = .success(KafkaDeliveryReport(topic: topic, partition: message.pointee.partition, offset: message.pointee.offset))
        } else {
            let topic = message.pointee.rkt.flatMap { rd_kafka_topic_name($0) }.map { String(cString: $0) } ?? "?"
            outcome = .failure(KafkaError(rd: message.pointee.err, context: "delivering a record to '\(topic)'"))
        }
        let (resume, waiters) = state.withLock { state in
            state.generation &+= 1
            let waiters = state.roomWaiters
            state.roomWaiters.removeAll(keepingCapacity: true)
            return (Self.complete(&state, id, outcome), waiters)
        }
        resume?()
        for waiter in waiters { waiter.resume() }
    }

    /// Fails everything still waiting (the producer is closing and gave up on them).
    func close() {
        let (slots, waiters) = state.withLock { state in
            state.closed = true
            let slots = state.slots
            state.slots.removeAll()
            let waiters = state.roomWaiters
            state.roomWaiters.removeAll()
            return (slots, waiters)
        }
        let failure = KafkaError(code: .closed, message: "the producer closed before the record was delivered")
        var batches: [ObjectIdentifier: Batch] = [:]
        for slot in slots.values {
            switch slot {
            case .waiting(let continuation): continuation?.resume(returning: .failure(failure))
            case .delivered: break
            case .batch(let batch, _): batches[ObjectIdentifier(batch)] = batch
            }
        }
        for batch in batches.values {
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
    private static func complete(_ state: inout State, _ id: UInt, _ outcome: Outcome) -> (() -> Void)? {
        switch state.slots[id] {
        case .waiting(let continuation?):
            state.slots[id] = nil
            return { continuation.resume(returning: outcome) }
        case .waiting(nil):
            state.slots[id] = .delivered(outcome)
            return nil
        case .batch(let batch, let index):
            state.slots[id] = nil
            batch.results[index] = outcome
            batch.remaining -= 1
            if batch.remaining == 0, let continuation = batch.continuation {
                batch.continuation = nil
                let results = batch.finished()
                return { continuation.resume(returning: results) }
            }
            return nil
        case .delivered, nil:
            return nil
        }
    }
}
