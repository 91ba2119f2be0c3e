import Foundation
import GRDB
import Logging
import OnePointKafka
import OnePointState
import ServiceLifecycle
import Synchronization

/// The loop every worker runs: poll a batch → decode → skip inputs already applied → decide →
/// commit one SQLite transaction (state, inbox, positions, outbox, timers) → publish the outbox
/// through the idempotent producer → clear what was delivered. Due timers go through the same
/// path. `docs/architecture.md` explains why each input is applied once across crashes.
public final class WorkerRuntime<Logic: WorkerLogic>: Service {
    private let configuration: RuntimeConfiguration
    private let logic: Logic
    private let clock: any WorkerClock
    private let readiness: Readiness
    private let logger: Logger
    private let metrics: RuntimeMetrics
    /// Partitions whose stored position the cluster no longer holds, reported by the consumer.
    private let outOfRange = PartitionSet()

    public init(configuration: RuntimeConfiguration, logic: Logic, clock: any WorkerClock, readiness: Readiness = Readiness(), logger: Logger) {
        self.configuration = configuration
        self.logic = logic
        self.clock = clock
        self.readiness = readiness
        self.logger = logger
        self.metrics = RuntimeMetrics(worker: configuration.name)
    }

    public func run() async throws {
        try configuration.validate()
        readiness.markNotReady("opening state")
        let store = try StateStore(
            path: configuration.statePath, synchronous: configuration.synchronous, busyTimeout: configuration.stateBusyTimeout,
            sizeLimit: configuration.stateSizeLimit, migrations: logic.migrate)
        var producerConfiguration = KafkaProducerConfiguration(client: configuration.kafka)
        producerConfiguration.linger = .milliseconds(1)
        producerConfiguration.messageTimeout = configuration.deliveryTimeout
        producerConfiguration.maxQueuedMessages = configuration.maxOutputsInFlight
        let producer = try OutputProducer(configuration: producerConfiguration, logger: logger)
        // Outputs committed by a previous run but not delivered before it stopped go out first
        // (for as long as that takes; a shutdown meanwhile leaves them in the outbox).
        do {
            try await cancelWhenGracefulShutdown { try await self.publishOutbox(store, producer) }
        } catch is CancellationError {
            await producer.close()
            logger.info("stopped before the outbox of the last run was delivered; it goes out on the next start")
            return
        }

        let consumer = try makeConsumer(store)
        let probability = configuration.crashAfterDeliveryProbability
        let tracker = DeliveryTracker(afterDelivery: { [self] in
            maybeCrash(probability: probability, "between delivery and clearing the outbox")
        })
        defer { tracker.finish() }
        try consumer.subscribe(configuration.inputTopics)
        readiness.markNotReady("joining consumer group \(configuration.groupID)")
        logger.info("running", metadata: ["inputs": "\(configuration.inputTopics.joined(separator: ","))", "state": "\(configuration.statePath)"])

        do {
            try await cancelWhenGracefulShutdown {
                try await self.loop(store: store, producer: producer, consumer: consumer, tracker: tracker)
            }
        } catch is CancellationError {
            // Graceful shutdown: fall through to the clean stop below.
        }
        readiness.markNotReady("stopping")
        logger.info("stopping: delivering the outbox and leaving the group")
        await tracker.waitUntilIdle()
        try await clearDelivered(store, tracker)
        try await publishOutbox(store, producer, untilDelivered: false)
        await consumer.close()
        await producer.close()
        logger.info("stopped cleanly")
    }

    private func loop(store: StateStore, producer: OutputProducer, consumer: KafkaConsumer, tracker: DeliveryTracker) async throws {
        var lastHousekeeping = ContinuousClock.now - .seconds(60)
        var backlog = Backlog()
        while !Task.isCancelled {
            if tracker.hasFailure {
                // librdkafka gave up on a delivery (after message.timeout.ms, or a fatal error):
                // once every batch in flight has its outcome, republish the outbox in order
                // before deciding anything else.
                await tracker.waitUntilIdle()
                let failure = tracker.takeFailure()
                metrics.deliveryFailures.increment()
                readiness.markNotReady("outputs cannot be delivered: \(failure.map { "\($0)" } ?? "a delivery failed")")
                logger.error("an output could not be delivered; republishing the outbox before going on: \(failure.map { "\($0)" } ?? "")")
                try await clearDelivered(store, tracker)
                try await publishOutbox(store, producer)
            }
            try await resetOutOfRange(store, consumer)
            let batch = try await pollBatch(consumer, store)
            let now = clock.now()
            // After a start, timers wait until the inputs already in the log have been read: an
            // input that cancelled a deadline while the worker was down is applied before it.
            let caughtUp = try await backlog.isRead(consumer, store, logger: logger)
            let due = caughtUp ? try await store.queue.read { db in
                try StateTables.dueTimers(db, at: now, limit: self.configuration.maxTimersPerBatch)
            } : []
            if batch.isEmpty && due.isEmpty {
                try await clearDelivered(store, tracker)
                markReadyIfCaughtUp(consumer, store, tracker)
            } else {
                try await process(batch, due: due, store: store, consumer: consumer, producer: producer, tracker: tracker)
            }
            if ContinuousClock.now - lastHousekeeping > .seconds(5) {
                try await housekeeping(store)
                lastHousekeeping = .now
            }
        }
    }

    // MARK: - Consuming

    /// The records in the log when the worker first got its partitions: timers wait until they
    /// have been read (or 60 s have passed, so a stuck partition cannot hold every deadline).
    private struct Backlog {
        private var ends: [KafkaTopicPartition: Int64]?
        private var measuredAt = ContinuousClock.now
        private var done = false

        mutating func isRead(_ consumer: KafkaConsumer, _ store: StateStore, logger: Logger) async throws -> Bool {
            if done { return true }
            let assignment = consumer.assignment
            guard !assignment.isEmpty else { return false }
            if ends == nil {
                var measured: [KafkaTopicPartition: Int64] = [:]
                for partition in assignment {
                    guard let high = try? await consumer.watermarks(partition, timeout: .seconds(5)).high else {
                        logger.warning("could not read the end of \(partition); firing due timers without waiting for the backlog")
                        done = true
                        return true
                    }
                    measured[partition] = high
                }
                ends = measured
                measuredAt = .now
            }
            let positions = try await store.queue.read { db in try StateTables.positions(db) }
            let read = (ends ?? [:]).allSatisfy { partition, end in end == 0 || (positions[partition.topic]?[partition.partition] ?? 0) >= end }
            if read || ContinuousClock.now - measuredAt > .seconds(60) {
                if !read { logger.warning("the backlog at start is not read after 60 s; firing due timers anyway") }
                done = true
            }
            return done
        }
    }

    private func makeConsumer(_ store: StateStore) throws -> KafkaConsumer {
        var consumerConfiguration = KafkaConsumerConfiguration(client: configuration.kafka, groupID: configuration.groupID)
        // A position the cluster does not hold is reported, not silently reset (see resetOutOfRange).
        consumerConfiguration.offsetReset = .error
        consumerConfiguration.sessionTimeout = configuration.sessionTimeout
        consumerConfiguration.heartbeatInterval = max(.milliseconds(100), configuration.sessionTimeout / 3)
        let (logger, readiness, outOfRange) = (self.logger, self.readiness, self.outOfRange)
        return try KafkaConsumer(
            configuration: consumerConfiguration,
            rebalance: KafkaRebalanceHandler(
                onAssign: { partitions in
                    // SQLite is the source of truth: start each partition where the state says.
                    // A partition the state has never read starts at the beginning; if the state
                    // cannot be read at all, the group's committed positions (kept in step after
                    // every transaction) are the fallback, never the beginning.
                    var stored: [String: [Int32: Int64]]?
                    for attempt in 1...5 where stored == nil {
                        do {
                            stored = try store.queue.read { db in try StateTables.positions(db) }
                        } catch {
                            logger.error("reading the stored positions on assignment failed (attempt \(attempt) of 5): \(error)")
                            if attempt < 5 { Thread.sleep(forTimeInterval: 0.2) }
                        }
                    }
                    var starts: [KafkaTopicPartition: KafkaOffset] = [:]
                    for partition in partitions {
                        if let stored {
                            starts[partition] = stored[partition.topic]?[partition.partition].map { .exact($0) } ?? .beginning
                        } else {
                            starts[partition] = .committed
                        }
                    }
                    if stored == nil { logger.error("starting \(partitions.count) partitions at the group's committed positions: the state's could not be read") }
                    logger.info("assigned \(partitions.count) partitions; starting from the stored positions")
                    readiness.markNotReady("catching up after assignment")
                    return starts
                },
                onRevoke: { partitions in
                    readiness.markNotReady("partitions revoked; waiting for a new assignment")
                    logger.info("revoked \(partitions.count) partitions")
                }),
            logger: logger,
            onError: { error, partition in
                if error.code == .autoOffsetReset, let partition {
                    outOfRange.insert(partition)
                }
            })
    }

    /// Polls until the batch is full or `maxBatchWait` has passed since its first record; the first
    /// wait is bounded by the next timer.
    private func pollBatch(_ consumer: KafkaConsumer, _ store: StateStore) async throws -> [KafkaMessage] {
        let nextDue = try await store.queue.read { db in try StateTables.nextDue(db) }
        var wait = configuration.idleWait
        if let nextDue {
            wait = min(wait, clock.realDelay(until: nextDue) ?? .milliseconds(20))
        }
        var batch = try await consumer.poll(maxMessages: configuration.maxBatchSize, timeout: wait)
        guard !batch.isEmpty, configuration.maxBatchWait > .zero else { return batch }
        let deadline = ContinuousClock.now + configuration.maxBatchWait
        while batch.count < configuration.maxBatchSize, ContinuousClock.now < deadline {
            let more = try await consumer.poll(maxMessages: configuration.maxBatchSize - batch.count, timeout: deadline - ContinuousClock.now)
            if more.isEmpty { break }
            batch += more
        }
        return batch
    }

    /// The documented rule for a stored position the cluster does not hold (a fresh embedded
    /// cluster behind old state, or records removed by retention): log it with the numbers,
    /// count it, and resume at the first record the cluster holds. Records read again are
    /// deduplicated by event id; records lost to retention are named in the log.
    private func resetOutOfRange(_ store: StateStore, _ consumer: KafkaConsumer) async throws {
        let partitions = outOfRange.takeAll()
        guard !partitions.isEmpty else { return }
        let stored = try await store.queue.read { db in try StateTables.positions(db) }
        // Re-assign every held partition: the stored position for the others (between batches it
        // is the consumer's too), the first record held for the reset ones.
        var starts: [KafkaTopicPartition: KafkaOffset] = [:]
        for partition in consumer.assignment {
            starts[partition] = stored[partition.topic]?[partition.partition].map { .exact($0) } ?? .beginning
        }
        for partition in partitions.sorted() {
            let (low, high) = try await consumer.watermarks(partition)
            let position = stored[partition.topic]?[partition.partition]
            let why: String
            if let position, position > high {
                why = "the stored position \(position) is past the end (\(high)): the cluster is newer than this worker's state"
            } else if let position, position < low {
                why = "the stored position \(position) is before the first record held (\(low)): \(low - position) records were removed by retention before this worker read them"
            } else {
                why = "the position \(position.map(String.init) ?? "none") is not valid on the cluster (records \(low)..<\(high))"
            }
            logger.error("position reset on \(partition): \(why); resuming at \(low)")
            metrics.positionResets.increment()
            starts[partition] = .exact(low)
        }
        try consumer.assign(starts)
    }

    // MARK: - Deciding

    private struct Outcome {
        enum Kind {
            case applied
            case duplicate
            case deadLettered
            case transient(any Error)
        }

        var kind: Kind
        var outputs: [OutboxRecord] = []
        var rejection: InputRejection?
    }

    /// Applies a batch: each input in a savepoint of one transaction; a transient failure commits
    /// what came before it, retries that input with backoff, then goes on with the rest. Each
    /// transaction also deletes the outbox rows delivered since the last one. After each commit the
    /// outputs go to the producer at once, in commit order; their delivery is followed by the
    /// tracker while the loop goes on.
    private func process(
        _ batch: [KafkaMessage], due: [DueTimer], store: StateStore, consumer: KafkaConsumer, producer: OutputProducer,
        tracker: DeliveryTracker
    ) async throws {
        let started = ContinuousClock.now
        var remaining = batch[...]
        var timers = due
        while !remaining.isEmpty || !timers.isEmpty {
            let now = clock.now()
            let chunk = remaining
            let fire = timers
            let delivered = tracker.takeDelivered()
            let result = try await write(store, delivered, tracker) { db -> ChunkResult in
                // Fast path: no savepoint per input. If any apply throws, the whole chunk rolls back
                // (the write closure rethrows) and runs again on the careful path below.
                var fast: ChunkResult?
                var failedFast: NeedsCarefulPath?
                do {
                    try db.inSavepoint {
                        fast = try self.applyFast(chunk, fire: fire, now: now, db: db)
                        return .commit
                    }
                } catch let careful as NeedsCarefulPath {
                    fast = nil
                    failedFast = careful
                }
                if let fast { return fast }
                var result = ChunkResult()
                for message in chunk {
                    if let failedFast, failedFast.input == message.inputPosition, !(failedFast.error is InputRejection) {
                        // The fast path's try was this input's first attempt: the next one comes
                        // after the backoff, not at once.
                        result.failure = (message, failedFast.error)
                        return result
                    }
                    let outcome = try self.applyOne(message, attempt: 1, now: now, db: db)
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
                for timer in fire { result.outputs += try self.fireOne(timer, now: now, db: db) }
                return result
            }
            report(result.deadLetters, duplicates: result.duplicates)
            maybeCrash(probability: configuration.crashAfterCommitProbability, "between commit and delivery")
            await submit(result.outputs, producer, tracker)
            try? consumer.storeOffsets(result.positions)
            metrics.inputs.increment(by: result.applied)
            remaining = remaining.dropFirst(result.applied)
            if let (message, error) = result.failure {
                try await retry(message, firstError: error, store: store, consumer: consumer, producer: producer, tracker: tracker)
                remaining = remaining.dropFirst()
            } else {
                metrics.timersFired.increment(by: fire.count)
                timers = []
            }
        }
        let elapsed = ContinuousClock.now - started
        metrics.batchDuration.recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        metrics.batchSize.record(batch.count)
    }

    /// Thrown by the fast path when an apply failed: redo the chunk input by input.
    private struct NeedsCarefulPath: Error {
        /// The input whose apply threw, and what it threw.
        var input: StateTables.InputPosition
        var error: any Error
    }

    /// Applies a chunk with one statement of inbox bookkeeping per input and one position write per
    /// partition. Throws ``NeedsCarefulPath`` when an apply throws.
    private func applyFast(_ chunk: ArraySlice<KafkaMessage>, fire: [DueTimer], now: Date, db: Database) throws -> ChunkResult {
        var result = ChunkResult()
        for message in chunk {
            defer { result.positions[message.topicPartition] = message.offset + 1 }
            result.applied += 1
            let decoded: DecodedInput<Logic.Input>
            do {
                if let value = message.value, value.count > configuration.maxInputBytes {
                    throw InputRejection(.oversized, "the record has \(value.count) bytes; at most \(configuration.maxInputBytes) are accepted")
                }
                decoded = try logic.decode(message)
            } catch let rejection as InputRejection {
                result.outputs.append(try deadLetter(message, rejection, attempts: 1, db: db))
                result.deadLetters.append((message, rejection))
                continue
            }
            guard try StateTables.claim(db, inputID: decoded.id, at: now, position: message.inputPosition) else {
                result.duplicates += 1
                continue
            }
            var context = DecisionContext(db: db, now: now, cause: decoded.id, maxOutputBytes: configuration.maxOutputBytes)
            do {
                try logic.apply(decoded.input, in: &context)
            } catch {
                if StateFailure(error) != nil || !db.isInsideTransaction { throw error }
                throw NeedsCarefulPath(input: message.inputPosition, error: error)
            }
            result.outputs += context.outputs
        }
        for (partition, next) in result.positions {
            try StateTables.setPosition(db, topic: partition.topic, partition: partition.partition, next: next)
        }
        for timer in fire { result.outputs += try fireOne(timer, now: now, db: db) }
        return result
    }

    private struct ChunkResult {
        var applied = 0
        var deadLetters: [(KafkaMessage, InputRejection)] = []
        var duplicates = 0
        var failure: (KafkaMessage, any Error)?
        var outputs: [OutboxRecord] = []
        var positions: [KafkaTopicPartition: Int64] = [:]
    }

    /// Hands committed outputs to the producer in order and lets the tracker follow them.
    private func submit(_ outputs: [OutboxRecord], _ producer: OutputProducer, _ tracker: DeliveryTracker) async {
        guard !outputs.isEmpty else { return }
        let pending = await producer.producer.submit(outputs.map(Self.record))
        if configuration.producerFatalErrorAfterOutputs > 0, metrics.noteSubmitted(outputs.count, reaching: configuration.producerFatalErrorAfterOutputs) {
            producer.producer.injectFatalErrorForTesting(reason: "injected by the test hook producerFatalErrorAfterOutputs")
        }
        tracker.track(pending, seqs: outputs.map(\.seq))
        metrics.outputs.increment(by: outputs.count)
    }

    private static func record(_ output: OutboxRecord) -> KafkaProducerRecord {
        KafkaProducerRecord(topic: output.topic, key: output.key, value: output.value, headers: output.headers.map { KafkaHeader(key: $0.0, value: $0.1) })
    }

    /// Deletes the outbox rows delivered since the last transaction.
    private func clearDelivered(_ store: StateStore, _ tracker: DeliveryTracker) async throws {
        let delivered = tracker.takeDelivered()
        guard !delivered.isEmpty else { return }
        try await write(store, delivered, tracker) { _ in () }
    }

    /// A write transaction that first deletes `delivered` outbox rows; if it does not commit
    /// (an error, or cancellation at shutdown), the rows go back to the tracker so they are
    /// deleted later instead of being published again.
    private func write<T: Sendable>(
        _ store: StateStore, _ delivered: [Int64], _ tracker: DeliveryTracker, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await transaction(store) { db in
                try StateTables.removeOutputs(db, through: delivered)
                return try body(db)
            }
        } catch {
            tracker.giveBack(delivered)
            throw error
        }
    }

    /// Runs `body` in one write transaction. When the database is busy (another connection's
    /// lock outlasted the busy timeout, or SQLite rolled the transaction back under it) nothing
    /// of it was kept: it runs again after a backoff, for as long as it takes, and the worker
    /// reports unready meanwhile. When the database cannot go on (disk full, read-only, damaged)
    /// the worker stops with ``StateError/Code/failed`` and the advice for an operator; what
    /// the transaction would have written is read again from Kafka after the restart.
    private func transaction<T: Sendable>(_ store: StateStore, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                let result = try await store.queue.write(body)
                if attempt > 1 { logger.info("the state database is writable again after \(attempt) attempts") }
                return result
            } catch let error where StateFailure(error) == .busy {
                attempt += 1
                metrics.stateBusy.increment()
                let delay = configuration.delay(beforeAttempt: attempt)
                if attempt == 4 { readiness.markNotReady("the state database \(store.path) stays busy: \(error)") }
                logger.warning("the state database is busy; running the transaction again in \(delay) (attempt \(attempt)): \(error)")
                try await Task.sleep(for: delay)
            } catch let error where StateFailure(error) == .fatal {
                readiness.markNotReady("the state database failed")
                throw StateError(
                    .failed, "the state database \(store.path) failed (\(error)); \(StateFailure.advice(for: error)). Inputs after the last commit are read again on restart")
            }
        }
    }

    /// Applies one input inside a savepoint; everything it changed is kept only if it succeeds.
    private func applyOne(_ message: KafkaMessage, attempt: Int, now: Date, db: Database) throws -> Outcome {
        do {
            if let value = message.value, value.count > configuration.maxInputBytes {
                throw InputRejection(.oversized, "the record has \(value.count) bytes; at most \(configuration.maxInputBytes) are accepted")
            }
            let decoded = try logic.decode(message)
            if try StateTables.wasApplied(db, inputID: decoded.id) {
                try StateTables.setPosition(db, topic: message.topic, partition: message.partition, next: message.offset + 1)
                return Outcome(kind: .duplicate)
            }
            var outputs: [OutboxRecord] = []
            try db.inSavepoint {
                var context = DecisionContext(db: db, now: now, cause: decoded.id, maxOutputBytes: configuration.maxOutputBytes)
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

    private func retry(
        _ message: KafkaMessage, firstError: any Error, store: StateStore, consumer: KafkaConsumer, producer: OutputProducer,
        tracker: DeliveryTracker
    ) async throws {
        var lastError = firstError
        for attempt in 2...max(2, configuration.maxAttempts) {
            metrics.retries.increment()
            logger.warning("retrying \(message.topic)[\(message.partition)]@\(message.offset) (attempt \(attempt) of \(configuration.maxAttempts)): \(lastError)")
            try await Task.sleep(for: configuration.delay(beforeAttempt: attempt))
            let now = clock.now()
            let outcome = try await transaction(store) { db in try self.applyOne(message, attempt: attempt, now: now, db: db) }
            if case .transient(let error) = outcome.kind {
                lastError = error
                continue
            }
            report(outcome.rejection.map { [(message, $0)] } ?? [], duplicates: { if case .duplicate = outcome.kind { 1 } else { 0 } }())
            await submit(outcome.outputs, producer, tracker)
            try? consumer.storeOffsets([message.topicPartition: message.offset + 1])
            metrics.inputs.increment()
            return
        }
        let rejection = InputRejection(.exhaustedRetries, "applying it failed \(configuration.maxAttempts) times; last error: \(lastError)")
        let letter = try await transaction(store) { db in
            let letter = try self.deadLetter(message, rejection, attempts: self.configuration.maxAttempts, db: db)
            try StateTables.setPosition(db, topic: message.topic, partition: message.partition, next: message.offset + 1)
            return letter
        }
        report([(message, rejection)], duplicates: 0)
        await submit([letter], producer, tracker)
        try? consumer.storeOffsets([message.topicPartition: message.offset + 1])
        metrics.inputs.increment()
    }

    private func fireOne(_ listed: DueTimer, now: Date, db: Database) throws -> [OutboxRecord] {
        var outputs: [OutboxRecord] = []
        // An input of this batch may have cancelled or moved the timer since it was listed.
        guard let timer = try StateTables.takeDueTimer(db, id: listed.id, at: now) else { return [] }
        do {
            try db.inSavepoint {
                var context = DecisionContext(
                    db: db, now: now, cause: "timer:\(timer.id)@\(Int64(timer.due.timeIntervalSince1970 * 1000))", maxOutputBytes: configuration.maxOutputBytes)
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
    private func deadLetter(_ message: KafkaMessage, _ rejection: InputRejection, attempts: Int, db: Database) throws -> OutboxRecord {
        var headers = message.headers.map { ($0.key, $0.value) }
        let timestamp = message.timestamp.map { String(Int64($0.timeIntervalSince1970 * 1000)) } ?? ""
        headers += [
            ("onepoint.error.topic", Array(message.topic.utf8)),
            ("onepoint.error.partition", Array(String(message.partition).utf8)),
            ("onepoint.error.offset", Array(String(message.offset).utf8)),
            ("onepoint.error.timestamp", Array(timestamp.utf8)),
            ("onepoint.error.kind", Array(rejection.kind.rawValue.utf8)),
            ("onepoint.error.message", Array(rejection.message.utf8)),
            ("onepoint.error.worker", Array(configuration.name.utf8)),
            ("onepoint.error.attempts", Array(String(attempts).utf8)),
        ]
        // The copy of the input is cut to what a record may carry, and says so.
        var value = message.value
        let overhead = (message.key?.count ?? 0) + headers.reduce(0) { $0 + $1.0.utf8.count + ($1.1?.count ?? 0) } + 200
        if let original = value, original.count + overhead > configuration.maxOutputBytes {
            value = Array(original.prefix(max(0, configuration.maxOutputBytes - overhead)))
            headers.append(("onepoint.error.value.truncated", Array(String(original.count).utf8)))
        }
        let id = UUID().uuidString.lowercased()
        return try StateTables.enqueue(db, eventID: id, topic: configuration.deadLetterTopic, key: message.key, value: value, headers: headers)
    }

    /// Logs and counts dead letters and duplicates of a committed transaction (not before: a
    /// chunk that falls back from the fast path must not report them twice).
    private func report(_ letters: [(KafkaMessage, InputRejection)], duplicates: Int) {
        if duplicates > 0 { metrics.duplicates.increment(by: duplicates) }
        for (message, rejection) in letters {
            metrics.deadLetter(kind: rejection.kind.rawValue)
            logger.error(
                "dead-lettered \(message.topic)[\(message.partition)]@\(message.offset): \(rejection)",
                metadata: ["key": "\(message.keyString ?? "")", "kind": "\(rejection.kind)"])
        }
    }

    // MARK: - Publishing

    /// Delivers the whole outbox in order and removes what was delivered, and does not return
    /// until it is empty: no input is decided while earlier outputs cannot leave, so a newer
    /// output for a key never overtakes an older one for good. A row delivered after one that
    /// failed stays, and goes again after it. While outputs cannot leave the worker is unready,
    /// says why, and counts each failed round; a producer with a fatal error is replaced.
    /// With `untilDelivered` false (at shutdown) it makes one round and leaves what failed in the
    /// outbox for the next start.
    private func publishOutbox(_ store: StateStore, _ output: OutputProducer, untilDelivered: Bool = true) async throws {
        var failedRounds = 0
        while true {
            let pending = try await store.queue.read { db in try StateTables.pendingOutputs(db, limit: 5000) }
            guard !pending.isEmpty else { break }
            let results = await output.producer.send(pending.map(Self.record))
            var delivered: [Int64] = []
            var firstFailure: KafkaError?
            for (record, result) in zip(pending, results) {
                switch result {
                case .success: if firstFailure == nil { delivered.append(record.seq) }
                case .failure(let error) where error.code == .messageTooLarge && firstFailure == nil:
                    // No broker will ever take it (a row written before outputs were bounded):
                    // dropped, named and counted, so it cannot hold up the outbox for good.
                    logger.critical("output \(record.eventID) to '\(record.topic)' dropped: \(error)")
                    metrics.deadLetter(kind: "undeliverable-output")
                    delivered.append(record.seq)
                case .failure(let error): if firstFailure == nil { firstFailure = error }
                }
            }
            if !delivered.isEmpty { maybeCrash(probability: configuration.crashAfterDeliveryProbability, "between delivery and clearing the outbox") }
            metrics.outputs.increment(by: delivered.count)
            let removed = delivered
            try await transaction(store) { db in try StateTables.removeOutputs(db, through: removed) }
            guard let firstFailure else {
                if pending.count < 5000 { break }
                continue
            }
            failedRounds += 1
            metrics.deliveryFailures.increment()
            guard untilDelivered else {
                logger.error("stopping with \(pending.count - delivered.count) outputs undelivered; they stay in the outbox for the next start: \(firstFailure)")
                return
            }
            let fatal = firstFailure.isFatal || output.producer.fatalFailure != nil
            readiness.markNotReady("outputs cannot be delivered (\(pending.count - delivered.count) waiting): \(firstFailure)")
            let delay = configuration.delay(beforeAttempt: failedRounds + 1)
            logger.error(
                "\(pending.count - delivered.count) outputs not delivered; \(fatal ? "replacing the producer after its fatal error and " : "")delivering them again in \(delay), before any new input: \(firstFailure)")
            if fatal {
                metrics.producerReplacements.increment()
                try await output.replace()
            }
            try await Task.sleep(for: delay)
        }
        if failedRounds > 0 { logger.info("the outbox is delivered again after \(failedRounds) failed rounds") }
    }

    // MARK: - Housekeeping

    private func markReadyIfCaughtUp(_ consumer: KafkaConsumer, _ store: StateStore, _ tracker: DeliveryTracker) {
        guard !readiness.isReady, !consumer.assignment.isEmpty, tracker.inFlight == 0 else { return }
        let depth = (try? store.queue.read { db in try StateTables.outboxDepth(db) }) ?? 1
        if depth == 0 {
            readiness.markReady()
            logger.info("ready: caught up with \(consumer.assignment.count) partitions")
        }
    }

    private func housekeeping(_ store: StateStore) async throws {
        let cutoff = clock.now().addingTimeInterval(-Double(configuration.inboxRetention.components.seconds))
        let (timers, depth) = try await transaction(store) { db in
            try StateTables.pruneInbox(db, appliedBefore: cutoff, minRecords: self.configuration.inboxMinRecords)
            return (try StateTables.openTimers(db), try StateTables.outboxDepth(db))
        }
        metrics.openTimers.record(timers)
        metrics.outboxDepth.record(depth)
    }

    /// The test hooks of ``RuntimeConfiguration``: SIGKILL with `probability`.
    private func maybeCrash(probability: Double, _ moment: String) {
        guard probability > 0, Double.random(in: 0..<1) < probability else { return }
        logger.critical("fault injection: killing the process \(moment)")
        kill(getpid(), SIGKILL)
    }
}

/// A set of partitions shared between the consumer's thread and the loop.
final class PartitionSet: Sendable {
    private let partitions = Mutex<Set<KafkaTopicPartition>>([])

    func insert(_ partition: KafkaTopicPartition) {
        partitions.withLock { _ = $0.insert(partition) }
    }

    func takeAll() -> Set<KafkaTopicPartition> {
        partitions.withLock { set in
            defer { set.removeAll() }
            return set
        }
    }
}

extension KafkaMessage {
    /// Where the record was read, for its inbox entry.
    var inputPosition: StateTables.InputPosition { StateTables.InputPosition(topic: topic, partition: partition, offset: offset) }
}
