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
        let store = try StateStore(path: configuration.statePath, synchronous: configuration.synchronous, migrations: logic.migrate)
        var producerConfiguration = KafkaProducerConfiguration(client: configuration.kafka)
        producerConfiguration.linger = .milliseconds(1)
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        // Outputs committed by a previous run but not delivered before it stopped go out first.
        try await publishOutbox(store, producer)

        let consumer = try makeConsumer(store)
        try consumer.subscribe(configuration.inputTopics)
        readiness.markNotReady("joining consumer group \(configuration.groupID)")
        logger.info("running", metadata: ["inputs": "\(configuration.inputTopics.joined(separator: ","))", "state": "\(configuration.statePath)"])

        do {
            try await cancelWhenGracefulShutdown {
                try await self.loop(store: store, producer: producer, consumer: consumer)
            }
        } catch is CancellationError {
            // Graceful shutdown: fall through to the clean stop below.
        }
        readiness.markNotReady("stopping")
        logger.info("stopping: delivering the outbox and leaving the group")
        try await publishOutbox(store, producer)
        await consumer.close()
        await producer.close()
        logger.info("stopped cleanly")
    }

    private func loop(store: StateStore, producer: KafkaProducer, consumer: KafkaConsumer) async throws {
        var lastHousekeeping = ContinuousClock.now - .seconds(60)
        while !Task.isCancelled {
            try await resetOutOfRange(store, consumer)
            let batch = try await pollBatch(consumer, store)
            let now = clock.now()
            let due = try await store.queue.read { db in
                try StateTables.dueTimers(db, at: now, limit: self.configuration.maxTimersPerBatch)
            }
            if batch.isEmpty && due.isEmpty {
                markReadyIfCaughtUp(consumer, store)
            } else {
                try await process(batch, due: due, store: store, consumer: consumer)
                try await publishOutbox(store, producer)
            }
            if ContinuousClock.now - lastHousekeeping > .seconds(5) {
                try await housekeeping(store)
                lastHousekeeping = .now
            }
        }
    }

    // MARK: - Consuming

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
                    let stored = (try? store.queue.read { db in try StateTables.positions(db) }) ?? [:]
                    var starts: [KafkaTopicPartition: KafkaOffset] = [:]
                    for partition in partitions {
                        if let next = stored[partition.topic]?[partition.partition] {
                            starts[partition] = .exact(next)
                        } else {
                            starts[partition] = .beginning
                        }
                    }
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

    private enum Outcome {
        case applied
        case duplicate
        case deadLettered
        case transient(any Error)
    }

    /// Applies a batch: each input in a savepoint of one transaction; a transient failure commits
    /// what came before it, retries that input with backoff, then goes on with the rest.
    private func process(_ batch: [KafkaMessage], due: [DueTimer], store: StateStore, consumer: KafkaConsumer) async throws {
        let started = ContinuousClock.now
        var remaining = batch[...]
        var timers = due
        while !remaining.isEmpty || !timers.isEmpty {
            let now = clock.now()
            let chunk = remaining
            let fire = timers
            let (applied, failure, positions) = try await store.queue.write { db -> (Int, (KafkaMessage, any Error)?, [KafkaTopicPartition: Int64]) in
                var positions: [KafkaTopicPartition: Int64] = [:]
                var count = 0
                for message in chunk {
                    let outcome = try self.applyOne(message, attempt: 1, now: now, db: db)
                    if case .transient(let error) = outcome {
                        return (count, (message, error), positions)
                    }
                    positions[message.topicPartition] = message.offset + 1
                    count += 1
                }
                for timer in fire { try self.fireOne(timer, now: now, db: db) }
                return (count, nil, positions)
            }
            try? consumer.storeOffsets(positions)
            metrics.inputs.increment(by: applied)
            remaining = remaining.dropFirst(applied)
            if let (message, error) = failure {
                try await retry(message, firstError: error, store: store, consumer: consumer)
                remaining = remaining.dropFirst()
            } else {
                metrics.timersFired.increment(by: fire.count)
                timers = []
            }
            maybeCrash(probability: configuration.crashAfterCommitProbability, "between commit and delivery")
        }
        let elapsed = ContinuousClock.now - started
        metrics.batchDuration.recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        metrics.batchSize.record(batch.count)
    }

    /// Applies one input inside a savepoint; everything it changed is kept only if it succeeds.
    private func applyOne(_ message: KafkaMessage, attempt: Int, now: Date, db: Database) throws -> Outcome {
        let fallbackID = "\(message.topic)/\(message.partition)/\(message.offset)"
        do {
            if let value = message.value, value.count > configuration.maxInputBytes {
                throw InputRejection(.oversized, "the record has \(value.count) bytes; at most \(configuration.maxInputBytes) are accepted")
            }
            let decoded = try logic.decode(message)
            if try StateTables.wasApplied(db, inputID: decoded.id) {
                try StateTables.setPosition(db, topic: message.topic, partition: message.partition, next: message.offset + 1)
                metrics.duplicates.increment()
                return .duplicate
            }
            var emitted = 0
            try db.inSavepoint {
                var context = DecisionContext(db: db, now: now, cause: decoded.id)
                try logic.apply(decoded.input, in: &context)
                emitted = context.emitted
                return .commit
            }
            try StateTables.markApplied(db, inputID: decoded.id, at: now)
            try StateTables.setPosition(db, topic: message.topic, partition: message.partition, next: message.offset + 1)
            metrics.outputs.increment(by: emitted)
            return .applied
        } catch let rejection as InputRejection {
            try deadLetter(message, rejection, attempts: attempt, db: db)
            try StateTables.setPosition(db, topic: message.topic, partition: message.partition, next: message.offset + 1)
            _ = fallbackID
            return .deadLettered
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL || error.resultCode == .SQLITE_IOERR {
            throw error  // the database itself failed: stop, do not dead-letter inputs for it
        } catch {
            return .transient(error)
        }
    }

    private func retry(_ message: KafkaMessage, firstError: any Error, store: StateStore, consumer: KafkaConsumer) async throws {
        var lastError = firstError
        for attempt in 2...max(2, configuration.maxAttempts) {
            metrics.retries.increment()
            logger.warning("retrying \(message.topic)[\(message.partition)]@\(message.offset) (attempt \(attempt) of \(configuration.maxAttempts)): \(lastError)")
            try await Task.sleep(for: configuration.delay(beforeAttempt: attempt))
            let now = clock.now()
            let outcome = try await store.queue.write { db in try self.applyOne(message, attempt: attempt, now: now, db: db) }
            if case .transient(let error) = outcome {
                lastError = error
                continue
            }
            try? consumer.storeOffsets([message.topicPartition: message.offset + 1])
            metrics.inputs.increment()
            return
        }
        let rejection = InputRejection(.exhaustedRetries, "applying it failed \(configuration.maxAttempts) times; last error: \(lastError)")
        try await store.queue.write { db in
            try self.deadLetter(message, rejection, attempts: self.configuration.maxAttempts, db: db)
            try StateTables.setPosition(db, topic: message.topic, partition: message.partition, next: message.offset + 1)
        }
        try? consumer.storeOffsets([message.topicPartition: message.offset + 1])
        metrics.inputs.increment()
    }

    private func fireOne(_ timer: DueTimer, now: Date, db: Database) throws {
        do {
            try db.inSavepoint {
                try StateTables.cancelTimer(db, id: timer.id)
                var context = DecisionContext(db: db, now: now, cause: "timer:\(timer.id)@\(Int64(timer.due.timeIntervalSince1970 * 1000))")
                try logic.fire(timer, in: &context)
                metrics.outputs.increment(by: context.emitted)
                return .commit
            }
        } catch {
            // Keep the timer and look again shortly, so one failing timer cannot spin the loop.
            logger.error("timer \(timer.id) failed; retrying in 5 s: \(error)")
            try StateTables.setTimer(db, id: timer.id, due: now.addingTimeInterval(5), payload: timer.payload)
        }
    }

    /// Writes the input to the dead-letter topic (through the outbox, in the same transaction as
    /// the position that moves past it), with headers in the manner of Kafka Connect's
    /// `__connect.errors.*`.
    private func deadLetter(_ message: KafkaMessage, _ rejection: InputRejection, attempts: Int, db: Database) throws {
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
        let id = UUID().uuidString.lowercased()
        try StateTables.enqueue(db, eventID: id, topic: configuration.deadLetterTopic, key: message.key, value: message.value, headers: headers)
        metrics.deadLetter(kind: rejection.kind.rawValue)
        logger.error(
            "dead-lettered \(message.topic)[\(message.partition)]@\(message.offset): \(rejection)",
            metadata: ["key": "\(message.keyString ?? "")", "kind": "\(rejection.kind)"])
    }

    // MARK: - Publishing

    /// Delivers the outbox in order and removes what was delivered. What fails stays for the next try.
    private func publishOutbox(_ store: StateStore, _ producer: KafkaProducer) async throws {
        while true {
            let pending = try await store.queue.read { db in try StateTables.pendingOutputs(db, limit: 5000) }
            guard !pending.isEmpty else { return }
            let records = pending.map { record in
                KafkaProducerRecord(
                    topic: record.topic, key: record.key, value: record.value,
                    headers: record.headers.map { KafkaHeader(key: $0.0, value: $0.1) })
            }
            let results = await producer.send(records)
            var delivered: [Int64] = []
            var firstFailure: KafkaError?
            for (record, result) in zip(pending, results) {
                switch result {
                case .success: delivered.append(record.seq)
                case .failure(let error): if firstFailure == nil { firstFailure = error }
                }
            }
            if !delivered.isEmpty { maybeCrash(probability: configuration.crashAfterDeliveryProbability, "between delivery and clearing the outbox") }
            let removed = delivered
            try await store.queue.write { db in try StateTables.removeOutputs(db, through: removed) }
            if let firstFailure {
                logger.error("\(pending.count - delivered.count) outputs not delivered; they stay in the outbox and are retried: \(firstFailure)")
                try await Task.sleep(for: .seconds(1))
                return
            }
            if pending.count < 5000 { return }
        }
    }

    // MARK: - Housekeeping

    private func markReadyIfCaughtUp(_ consumer: KafkaConsumer, _ store: StateStore) {
        guard !readiness.isReady, !consumer.assignment.isEmpty else { return }
        let depth = (try? store.queue.read { db in try StateTables.outboxDepth(db) }) ?? 1
        if depth == 0 {
            readiness.markReady()
            logger.info("ready: caught up with \(consumer.assignment.count) partitions")
        }
    }

    private func housekeeping(_ store: StateStore) async throws {
        let cutoff = clock.now().addingTimeInterval(-Double(configuration.inboxRetention.components.seconds))
        let (timers, depth) = try await store.queue.write { db in
            try StateTables.pruneInbox(db, appliedBefore: cutoff)
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
