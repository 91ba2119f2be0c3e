import Foundation
import GRDB
import Logging
import OnePointKafka
import OnePointState
import Synchronization

/// The decision path of a batch, inside one SQLite transaction: take each record decoded (by
/// ``prepare(_:)``, ahead of the transaction), drop what the
/// inbox has seen, apply the rest through the worker's logic (each in a savepoint when the fast
/// path failed), turn rejections into dead letters, move the positions, fire due timers. It does
/// no I/O: ``WorkerRuntime`` drives it with Kafka around it, ``WorkerTestHarness`` with an
/// in-memory store and a simulated clock, so a decision is tested on the path it runs in
/// production.
struct Decider<Logic: WorkerLogic>: Sendable {
    /// What a decision may accept and emit.
    struct Limits: Sendable {
        var worker: String
        var deadLetterTopic: String
        var maxInputBytes: Int
        var maxOutputBytes: Int
        /// Where inputs routed to another task go (with tasks only); `nil`: nothing is routed.
        var repartitionTopic: String?

        init(worker: String, deadLetterTopic: String, maxInputBytes: Int = 1 << 20, maxOutputBytes: Int = 900_000, repartitionTopic: String? = nil) {
            self.worker = worker
            self.deadLetterTopic = deadLetterTopic
            self.maxInputBytes = maxInputBytes
            self.maxOutputBytes = maxOutputBytes
            self.repartitionTopic = repartitionTopic
        }

        init(_ configuration: RuntimeConfiguration) {
            self.init(
                worker: configuration.name, deadLetterTopic: configuration.deadLetterTopic, maxInputBytes: configuration.maxInputBytes,
                maxOutputBytes: configuration.maxOutputBytes, repartitionTopic: configuration.tasks == .perPartition ? configuration.repartitionTopic : nil)
        }
    }

    let logic: Logic
    let limits: Limits
    let metrics: RuntimeMetrics
    let logger: Logger
    /// The repartition topic's partition count, learned at start.
    let routing = RoutingTable()

    /// Whether the decoded `input` read from `message` belongs to another task: returns that task
    /// (the partition of the repartition topic), or `nil` to apply it here.
    func destination(of input: Logic.Input, _ message: KafkaMessage, task: Int32, db: Database) throws -> Int32? {
        guard let topic = limits.repartitionTopic, message.topic != topic, let key = try logic.route(input, in: db) else { return nil }
        let target = KafkaPartitioner.partition(forKey: key, among: routing.partitions)
        return target == task ? nil : target
    }

    /// Forwards `message` unchanged to `partition` of the repartition topic (the outbox keeps it
    /// with the position that moves past it, so it is forwarded once).
    func forward(_ message: KafkaMessage, to partition: Int32, db: Database) throws -> OutboxRecord {
        guard let topic = limits.repartitionTopic else { throw StateError(.failed, "forwarding without a repartition topic") }
        let id = message.headers.string("eventId") ?? UUID().uuidString.lowercased()
        return try StateTables.enqueue(
            db, eventID: id, topic: topic, key: message.key, value: message.value, headers: message.headers.map { ($0.key, $0.value) }, partition: partition)
    }

    /// A record checked and decoded ahead of its transaction: what the fast path applies, or
    /// why it goes to the dead-letter topic.
    enum Prepared: Sendable {
        case decoded(DecodedInput<Logic.Input>)
        case rejected(InputRejection)
    }

    /// Checks a record's size and decodes it. It reads no state, so it may run on any thread,
    /// before earlier records are applied.
    func prepare(_ message: KafkaMessage) -> Prepared {
        if let value = message.value, value.count > limits.maxInputBytes {
            return .rejected(InputRejection(.oversized, "the record has \(value.count) bytes; at most \(limits.maxInputBytes) are accepted"))
        }
        do throws(InputRejection) {
            return .decoded(try logic.decode(InputRecord(message)))
        } catch {
            return .rejected(error)
        }
    }

    /// The batch's records decoded, in order: what `decoded` (record by record, as
    /// ``aligned(_:with:)`` gives it) holds for a record as it is, the others now.
    func prepared(_ batch: [KafkaMessage], decoded: [Prepared?]) -> [Prepared] {
        guard decoded.count == batch.count else { return batch.map(prepare) }
        return batch.indices.map { index in decoded[index] ?? prepare(batch[index]) }
    }

    /// Records `ahead` decoded, each matched to `batch`'s (``DecodedAhead/aligned(with:)``);
    /// empty without them. Here rather than in the runtime, like ``decodedAhead(_:)`` and
    /// ``prepared(_:decoded:)``, so that it runs specialised for the worker's logic: as generic
    /// code these steps cost a storm 18–25 % more CPU (docs/performance.md, session 21).
    func aligned(_ ahead: DecodedAhead<Prepared>?, with batch: [KafkaMessage]) -> [Prepared?] {
        ahead?.aligned(with: batch) ?? []
    }

    /// A poll's records, decoded.
    func decodedAhead(_ records: [KafkaMessage]) -> DecodedAhead<Prepared> {
        DecodedAhead(records: records, prepared: records.map(prepare))
    }

    struct Outcome {
        enum Kind {
            case applied
            case duplicate
            case forwarded
            case deadLettered
            case transient(any Error)
        }

        var kind: Kind
        var outputs: [OutboxRecord] = []
        var rejection: InputRejection?
    }

    /// Applies a chunk of records, then `fire`'s timers.
    ///
    /// With `failedFast` `nil` this is the fast path: no savepoint at all, neither per input nor
    /// around the chunk, so SQLite keeps no statement journal of the pages it changes. If an
    /// apply or a timer throws, it throws ``NeedsCarefulPath``: the caller lets the error roll
    /// its whole transaction back and runs the chunk again in a new one, passing that error as
    /// `failedFast`. That careful path applies input by input, each in its own savepoint; a
    /// transient failure stops the chunk there (``ChunkResult/failure``), with what came before
    /// it applied.
    ///
    /// `prepared`: the chunk's records already checked and decoded (``prepare(_:)``), with the
    /// chunk's indices; without them the fast path decodes each record itself.
    func applyChunk(
        _ chunk: ArraySlice<KafkaMessage>, prepared: ArraySlice<Prepared>? = nil, fire: [DueTimer], now: Date, task: Int32, db: Database,
        after failedFast: NeedsCarefulPath? = nil
    ) throws -> ChunkResult {
        guard let failedFast else { return try applyFast(chunk, prepared: prepared, fire: fire, now: now, task: task, db: db) }
        var result = ChunkResult()
        for message in chunk {
            if failedFast.input == message.inputPosition, !(failedFast.error is InputRejection) {
                // The fast path's try was this input's first attempt: the next one comes
                // after the backoff, not at once.
                result.failure = (message, failedFast.error)
                return result
            }
            let outcome = try applyOne(message, attempt: 1, now: now, task: task, db: db)
            if case .transient(let error) = outcome.kind {
                result.failure = (message, error)
                return result
            }
            result.outputs += outcome.outputs
            if let rejection = outcome.rejection { result.deadLetters.append((message, rejection)) }
            if case .duplicate = outcome.kind { result.duplicates += 1 }
            result.positions[message.topicPartition] = message.offset + 1
            result.applied += 1
        }
        for timer in fire { result.outputs += try fireOne(timer, now: now, task: task, db: db) }
        return result
    }

    /// Thrown by the fast path when an apply or a timer failed: roll the transaction back and
    /// redo the chunk in a new one (``applyChunk(_:fire:now:task:db:after:)``), input by input,
    /// each timer in its own savepoint.
    struct NeedsCarefulPath: Error {
        /// The input whose apply threw (`nil`: a timer threw), and what it threw.
        var input: StateTables.InputPosition?
        var error: any Error
    }

    /// Applies a chunk with one statement of inbox bookkeeping per input and one position write per
    /// partition. Throws ``NeedsCarefulPath`` when an apply throws.
    func applyFast(
        _ chunk: ArraySlice<KafkaMessage>, prepared: ArraySlice<Prepared>?, fire: [DueTimer], now: Date, task: Int32, db: Database
    ) throws -> ChunkResult {
        var result = ChunkResult()
        let hot = try StateTables.HotStatements(db)
        let prepared = prepared?.indices == chunk.indices ? prepared : nil
        // A chunk's records come in runs of one partition: its next position is kept in the
        // dictionary when the run ends, not hashed in for every record.
        var run: (partition: KafkaTopicPartition, next: Int64)?
        for index in chunk.indices {
            let message = chunk[index]
            defer {
                if run?.partition == message.topicPartition {
                    run?.next = message.offset + 1
                } else {
                    if let run { result.positions[run.partition] = run.next }
                    run = (message.topicPartition, message.offset + 1)
                }
            }
            result.applied += 1
            let decoded: DecodedInput<Logic.Input>
            switch prepared?[index] ?? prepare(message) {
            case .decoded(let input):
                decoded = input
            case .rejected(let rejection):
                result.outputs.append(try deadLetter(message, rejection, attempts: 1, db: db))
                result.deadLetters.append((message, rejection))
                continue
            }
            let target: Int32?
            do {
                target = try destination(of: decoded.input, message, task: task, db: db)
            } catch let rejection as InputRejection {
                result.outputs.append(try deadLetter(message, rejection, attempts: 1, db: db))
                result.deadLetters.append((message, rejection))
                continue
            } catch {
                if StateFailure(error) != nil || !db.isInsideTransaction { throw error }
                throw NeedsCarefulPath(input: message.inputPosition, error: error)
            }
            if let target {
                result.outputs.append(try forward(message, to: target, db: db))
                result.forwarded += 1
                continue
            }
            guard try StateTables.claim(db, inputID: decoded.id, at: now, position: message.inputPosition, using: hot) else {
                result.duplicates += 1
                continue
            }
            var context = DecisionContext(db: db, now: now, cause: decoded.id, task: task, maxOutputBytes: limits.maxOutputBytes, hot: hot)
            do {
                try logic.apply(decoded.input, in: &context)
            } catch {
                if StateFailure(error) != nil || !db.isInsideTransaction { throw error }
                throw NeedsCarefulPath(input: message.inputPosition, error: error)
            }
            result.outputs += context.outputs
        }
        if let run { result.positions[run.partition] = run.next }
        for (partition, next) in result.positions {
            try StateTables.setPosition(db, topic: partition.topic, partition: partition.partition, next: next)
        }
        for listed in fire {
            // No savepoint per timer either (a burst of timers due together paid one each); a
            // timer that throws sends the chunk to the careful path, where each has its own.
            guard let timer = try StateTables.takeDueTimer(db, id: listed.id, at: now) else { continue }
            var context = timerContext(timer, now: now, task: task, db: db, hot: hot)
            do {
                try logic.fire(timer, in: &context)
            } catch {
                if StateFailure(error) != nil || !db.isInsideTransaction { throw error }
                throw NeedsCarefulPath(input: nil, error: error)
            }
            result.outputs += context.outputs
        }
        return result
    }

    /// The context a timer decides in; its cause names the timer and the instant it was due.
    private func timerContext(_ timer: DueTimer, now: Date, task: Int32, db: Database, hot: StateTables.HotStatements? = nil) -> DecisionContext {
        DecisionContext(
            db: db, now: now, cause: "timer:\(timer.id)@\(Int64(timer.due.timeIntervalSince1970 * 1000))", task: task, maxOutputBytes: limits.maxOutputBytes,
            hot: hot)
    }

    struct ChunkResult {
        var applied = 0
        var deadLetters: [(KafkaMessage, InputRejection)] = []
        var duplicates = 0
        var failure: (KafkaMessage, any Error)?
        var outputs: [OutboxRecord] = []
        var positions: [KafkaTopicPartition: Int64] = [:]
        /// Inputs forwarded to another task.
        var forwarded = 0
    }

    /// Applies one input inside a savepoint; everything it changed is kept only if it succeeds.
    func applyOne(_ message: KafkaMessage, attempt: Int, now: Date, task: Int32, db: Database) throws -> Outcome {
        do {
            let decoded: DecodedInput<Logic.Input>
            switch prepare(message) {
            case .decoded(let input): decoded = input
            case .rejected(let rejection): throw rejection
            }
            if let target = try destination(of: decoded.input, message, task: task, db: db) {
                let forwarded = try forward(message, to: target, db: db)
                try StateTables.setPosition(db, topic: message.topic, partition: message.partition, next: message.offset + 1)
                return Outcome(kind: .forwarded, outputs: [forwarded])
            }
            if try StateTables.wasApplied(db, inputID: decoded.id) {
                try StateTables.setPosition(db, topic: message.topic, partition: message.partition, next: message.offset + 1)
                return Outcome(kind: .duplicate)
            }
            var outputs: [OutboxRecord] = []
            try db.inSavepoint {
                var context = DecisionContext(db: db, now: now, cause: decoded.id, task: task, maxOutputBytes: limits.maxOutputBytes)
                try logic.apply(decoded.input, in: &context)
                outputs = context.outputs
                return .commit
            }
            try StateTables.markApplied(db, inputID: decoded.id, at: now, position: message.inputPosition)
            try StateTables.setPosition(db, topic: message.topic, partition: message.partition, next: message.offset + 1)
            return Outcome(kind: .applied, outputs: outputs)
        } catch let rejection as InputRejection {
            let letter = try deadLetter(message, rejection, attempts: attempt, db: db)
            try StateTables.setPosition(db, topic: message.topic, partition: message.partition, next: message.offset + 1)
            return Outcome(kind: .deadLettered, outputs: [letter], rejection: rejection)
        } catch {
            // The database itself failed, or rolled the transaction back: not the input's fault.
            // The whole transaction runs again (or the worker stops); the input is never
            // retried to exhaustion or dead-lettered for it.
            if StateFailure(error) != nil || !db.isInsideTransaction { throw error }
            return Outcome(kind: .transient(error))
        }
    }

    func fireOne(_ listed: DueTimer, now: Date, task: Int32, db: Database) throws -> [OutboxRecord] {
        var outputs: [OutboxRecord] = []
        // An input of this batch may have cancelled or moved the timer since it was listed.
        guard let timer = try StateTables.takeDueTimer(db, id: listed.id, at: now) else { return [] }
        do {
            try db.inSavepoint {
                var context = timerContext(timer, now: now, task: task, db: db)
                try logic.fire(timer, in: &context)
                outputs = context.outputs
                return .commit
            }
        } catch let rejection as InputRejection {
            // A timer's decision that can never succeed (an output too large): dropped, loudly.
            metrics.deadLetter(kind: rejection.kind.rawValue)
            logger.error("timer \(timer.id) dropped: \(rejection)")
        } catch {
            if StateFailure(error) != nil || !db.isInsideTransaction { throw error }
            // Keep the timer and look again shortly, so one failing timer cannot spin the loop.
            logger.error("timer \(timer.id) failed; retrying in 5 s: \(error)")
            try StateTables.setTimer(db, id: timer.id, due: now.addingTimeInterval(5), payload: timer.payload)
        }
        return outputs
    }

    /// Writes the input to the dead-letter topic (through the outbox, in the same transaction as
    /// the position that moves past it), with headers in the manner of Kafka Connect's
    /// `__connect.errors.*`.
    func deadLetter(_ message: KafkaMessage, _ rejection: InputRejection, attempts: Int, db: Database) throws -> OutboxRecord {
        var headers = message.headers.map { ($0.key, $0.value) }
        let timestamp = message.timestamp.map { String(Int64($0.timeIntervalSince1970 * 1000)) } ?? ""
        headers += [
            ("onepoint.error.topic", Array(message.topic.utf8)),
            ("onepoint.error.partition", Array(String(message.partition).utf8)),
            ("onepoint.error.offset", Array(String(message.offset).utf8)),
            ("onepoint.error.timestamp", Array(timestamp.utf8)),
            ("onepoint.error.kind", Array(rejection.kind.rawValue.utf8)),
            ("onepoint.error.message", Array(rejection.message.utf8)),
            ("onepoint.error.worker", Array(limits.worker.utf8)),
            ("onepoint.error.attempts", Array(String(attempts).utf8)),
        ]
        // The copy of the input is cut to what a record may carry, and says so.
        var value = message.value
        let overhead = (message.key?.count ?? 0) + headers.reduce(0) { $0 + $1.0.utf8.count + ($1.1?.count ?? 0) } + 200
        if let original = value, original.count + overhead > limits.maxOutputBytes {
            value = Array(original.prefix(max(0, limits.maxOutputBytes - overhead)))
            headers.append(("onepoint.error.value.truncated", Array(String(original.count).utf8)))
        }
        let id = UUID().uuidString.lowercased()
        return try StateTables.enqueue(db, eventID: id, topic: limits.deadLetterTopic, key: message.key, value: value, headers: headers)
    }

}

/// The repartition topic's partition count, set by the runtime at start before any input is read.
final class RoutingTable: Sendable {
    private let count = Atomic<Int32>(1)

    var partitions: Int32 { count.load(ordering: .acquiring) }

    func set(partitions: Int32) { count.store(max(1, partitions), ordering: .releasing) }
}
