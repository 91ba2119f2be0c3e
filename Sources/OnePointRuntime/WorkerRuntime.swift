import Foundation
import GRDB
import Logging
import OnePointContracts
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
    /// Decodes and applies records and timers inside a transaction (the same path the test
    /// harness runs).
    private let decider: Decider<Logic>
    /// Partitions whose stored position the cluster no longer holds, reported by the consumer.
    private let outOfRange = PartitionSet()
    /// The tasks this instance runs now.
    private let tasks = TaskRegistry()
    /// A task that could not be opened on assignment: the loop stops the worker with it.
    private let taskFailure = Mutex<(any Error)?>(nil)
    /// The consumer, once made (the transactions check its assignment is still theirs).
    private let consumerBox = Mutex<KafkaConsumer?>(nil)
    /// Reads every partition of the global topics for every task (``TaskLayout/perPartition``).
    private let globalReader = Mutex<KafkaConsumer?>(nil)
    /// Under a backlog, the next batch's poll, running while the loop applies the current one.
    private let pollAhead = PollAhead()
    /// The records of the poll running ahead, decoded by it on the way (on another thread than
    /// the transaction's); the loop takes them with the poll's records.
    private let decodedAhead = Mutex<DecodedAhead<Decider<Logic>.Prepared>?>(nil)

    public init(configuration: RuntimeConfiguration, logic: Logic, clock: any WorkerClock, readiness: Readiness = Readiness(), logger: Logger) {
        self.configuration = configuration
        self.logic = logic
        self.clock = clock
        self.readiness = readiness
        self.logger = logger
        self.metrics = RuntimeMetrics(worker: configuration.name)
        self.decider = Decider(logic: logic, limits: Decider.Limits(configuration), metrics: metrics, logger: logger)
    }

    public func run() async throws {
        try configuration.validate()
        readiness.markNotReady("opening state")
        // Built beside the start (opening stores, joining the group), not in the first event.
        Task.detached(priority: .utility) { EventType.prepareSchemas() }
        var producerConfiguration = KafkaProducerConfiguration(client: configuration.kafka)
        producerConfiguration.linger = .milliseconds(1)
        producerConfiguration.messageTimeout = configuration.deliveryTimeout
        producerConfiguration.maxQueuedMessages = configuration.maxOutputsInFlight
        let producer = try OutputProducer(configuration: producerConfiguration, logger: logger)
        if configuration.tasks == .single {
            // One store for everything: open it (and deliver what the last run left in its outbox)
            // before joining the group. A shutdown meanwhile stops that delivery wherever it is
            // (perhaps after the broker took a round whose removal was cancelled): one last round
            // as at any stop, and what cannot go now stays for the next start.
            do {
                try await cancelWhenGracefulShutdown { _ = try await self.openTask(0, producer) }
            } catch is CancellationError {
                logger.info("stopping while delivering the outbox of the last run: one last round")
                await suspendAll(producer)
                await producer.close()
                logger.info("stopped cleanly")
                return
            }
        }

        if configuration.tasks == .perPartition, let topic = configuration.repartitionTopic {
            let partitions = try await producer.producer.partitionCount(topic: topic)
            decider.routing.set(partitions: Int32(partitions))
            logger.info("inputs meet their task through \(topic) (\(partitions) partitions)")
        }
        let global = try await makeGlobalReader()
        globalReader.withLock { $0 = global }
        let consumer = try makeConsumer(producer)
        consumerBox.withLock { $0 = consumer }
        // With one task, the global topics are inputs like the others.
        try consumer.subscribe(configuration.inputTopics + (global == nil ? configuration.globalTopics : []))
        readiness.markNotReady("joining consumer group \(configuration.groupID)")
        logger.info(
            "running",
            metadata: [
                "inputs": "\(configuration.inputTopics.joined(separator: ","))", "state": "\(configuration.statePath)",
                "tasks": "\(configuration.tasks.rawValue)", "changelog": "\(configuration.changelogTopic ?? "none")",
            ])

        var failure: (any Error)?
        do {
            try await cancelWhenGracefulShutdown {
                try await self.loop(producer: producer, consumer: consumer)
            }
        } catch is CancellationError {
            // Graceful shutdown: fall through to the clean stop below.
        } catch {
            failure = error
        }
        readiness.markNotReady("stopping")
        logger.info("stopping: delivering the outbox and leaving the group")
        await suspendAll(producer)
        await consumer.close()
        await global?.close()
        await producer.close()
        if let failure { throw failure }
        logger.info("stopped cleanly")
    }

    // MARK: - Tasks

    /// Opens task `id`: takes its store's lock, brings the store up to date from the changelog
    /// when it lacks it or holds an older one, and delivers what its outbox still holds.
    private func openTask(_ id: Int32, _ producer: OutputProducer) async throws -> WorkerTask {
        let path = configuration.storePath(of: id)
        let folder = (path as NSString).deletingLastPathComponent
        try StateFolder.prepare(folder.isEmpty ? "." : folder)
        let lock = try StoreLock(storePath: path)
        var store = try openStore(path)
        var changelog: StateChangelog?
        if let topic = configuration.changelogTopic {
            let rebase: Bool
            (store, rebase) = try await bringUpToDate(id, store: store, path: path, topic: topic, producer: producer)
            changelog = try StateChangelog.capture(store, topic: topic, partition: id)
            if rebase {
                // A store older than its changelog (or a changelog that lost its beginning): the
                // whole store goes out after the rebase marker.
                let changelog = changelog
                try await store.queue.write { db in
                    try changelog?.markEverything(db)
                    _ = try changelog?.flush(db)
                }
            }
        }
        let probability = configuration.crashAfterDeliveryProbability
        let task = WorkerTask(id: id, store: store, lock: lock, changelog: changelog) { [self] in
            maybeCrash(probability: probability, "between delivery and clearing the outbox")
        }
        tasks.insert(task)
        // Outputs committed earlier but not delivered go out first (for as long as that takes).
        let left = try await store.read { db in try StateTables.outboxDepth(db) }
        if left > 0 { logger.info("task \(id): delivering the \(left) outputs the last run left in its outbox") }
        try await publishOutbox(task, producer)
        if configuration.tasks == .perPartition, !configuration.globalTopics.isEmpty {
            try await catchUpGlobal(task, producer)
        }
        warmCache(of: store, task: id)
        return task
    }

    /// Reads the logic's ``WorkerLogic/warmTables`` into the store's page cache on a task of its
    /// own: beside the group join (a single task opens before it), or before the task's first
    /// batch, which then waits at most for `stateCacheSize` bytes to be read.
    private func warmCache(of store: StateStore, task id: Int32) {
        let tables = logic.warmTables
        guard !tables.isEmpty else { return }
        Task.detached(priority: .utility) { [logger] in
            do {
                let bytes = try store.warmCache(tables: tables)
                logger.debug("task \(id): \(bytes / 1024) KiB of \(tables.joined(separator: ", ")) read into the page cache")
            } catch {
                logger.warning("task \(id): \(error)")
            }
        }
    }

    /// The reader of the global topics, positioned at their current ends: each task catches up to
    /// at least there when it opens (``catchUpGlobal(_:_:)``), and takes what comes after from
    /// this reader. `nil` with a single task (the group consumer reads them) or none.
    private func makeGlobalReader() async throws -> KafkaConsumer? {
        guard configuration.tasks == .perPartition, !configuration.globalTopics.isEmpty else { return nil }
        var readerConfiguration = KafkaConsumerConfiguration(client: configuration.kafka, groupID: nil)
        readerConfiguration.offsetReset = .earliest
        readerConfiguration.commitStoredOffsets = false
        let reader = try KafkaConsumer(configuration: readerConfiguration, logger: logger)
        var starts: [KafkaTopicPartition: KafkaOffset] = [:]
        for topic in configuration.globalTopics {
            for partition in 0..<(try await reader.partitionCount(topic: topic)) {
                let tp = KafkaTopicPartition(topic: topic, partition: Int32(partition))
                // An exact offset, not "the end": the end librdkafka would resolve later could be
                // past records a task's catch-up did not read.
                starts[tp] = .exact(try await reader.watermarks(tp).high)
            }
        }
        try reader.assign(starts)
        return reader
    }

    /// Applies the global topics to `task` from its stored positions up to their current ends.
    private func catchUpGlobal(_ task: WorkerTask, _ producer: OutputProducer) async throws {
        var readerConfiguration = KafkaConsumerConfiguration(client: configuration.kafka, groupID: nil)
        readerConfiguration.offsetReset = .earliest
        readerConfiguration.commitStoredOffsets = false
        let reader = try KafkaConsumer(configuration: readerConfiguration, logger: logger)
        defer { Task { await reader.close() } }
        let positions = try await task.store.read { db in try StateTables.positions(db) }
        var starts: [KafkaTopicPartition: KafkaOffset] = [:]
        var ends: [KafkaTopicPartition: Int64] = [:]
        for topic in configuration.globalTopics {
            for partition in 0..<(try await reader.partitionCount(topic: topic)) {
                let tp = KafkaTopicPartition(topic: topic, partition: Int32(partition))
                let (low, high) = try await reader.watermarks(tp)
                let start = max(low, positions[topic]?[Int32(partition)] ?? 0)
                if start < high {
                    starts[tp] = .exact(start)
                    ends[tp] = high
                }
            }
        }
        guard !starts.isEmpty else { return }
        try reader.assign(starts)
        var read = 0
        var lastRecord = ContinuousClock.now
        while !ends.isEmpty {
            let records = try await reader.poll(maxMessages: configuration.maxBatchSize, timeout: .milliseconds(200))
            guard !records.isEmpty else {
                if ContinuousClock.now - lastRecord > .seconds(30) {
                    throw StateError(.unavailable, "task \(task.id): the global topics could not be read to their ends within 30 s (\(ends.count) partitions left)")
                }
                continue
            }
            lastRecord = .now
            let wanted = records.filter { record in ends[record.topicPartition].map { record.offset < $0 } ?? false }
            for record in records where record.offset + 1 >= (ends[record.topicPartition] ?? .max) { ends[record.topicPartition] = nil }
            read += wanted.count
            if !wanted.isEmpty, let consumer = consumerBox.withLock({ $0 }) {
                try await process(wanted, due: [], task: task, consumer: consumer, producer: producer)
            }
        }
        logger.info("task \(task.id): caught up with the global topics (\(read) records)")
    }

    private func openStore(_ path: String) throws -> StateStore {
        try StateStore(
            path: path, synchronous: configuration.synchronous, busyTimeout: configuration.stateBusyTimeout,
            sizeLimit: configuration.stateSizeLimit, cacheSize: configuration.stateCacheSize, migrations: logic.migrate)
    }

    /// Decides whether the local store is the newest copy of task `id`, and restores it from the
    /// changelog when it is not. Returns the store to run the task on, and whether it must write
    /// its whole content to the changelog (after a rebase marker).
    private func bringUpToDate(_ id: Int32, store: StateStore, path: String, topic: String, producer: OutputProducer) async throws -> (StateStore, Bool) {
        let restorer = try ChangelogRestorer(kafka: configuration.kafka, topic: topic, partition: id, logger: logger)
        do {
            let result = try await bringUpToDate(id, store: store, path: path, topic: topic, producer: producer, restorer: restorer)
            await restorer.close()
            return result
        } catch {
            await restorer.close()
            throw error
        }
    }

    private func bringUpToDate(
        _ id: Int32, store: StateStore, path: String, topic: String, producer: OutputProducer, restorer: ChangelogRestorer
    ) async throws -> (StateStore, Bool) {
        let (low, high) = try await restorer.watermarks()
        let local = try await store.read { db in try StateChangelog.position(db) }
        let hasRows = try await store.read { db in try StateChangelog.hasRows(db) }
        if let local, high > low {
            let scan = try await restorer.scan(from: low, through: high, into: nil, task: id)
            if scan.generation == local.generation, low == 0 {
                logger.info("task \(id): the local store is the newest copy (generation \(local.generation), \(scan.records) changelog records checked)")
                return (store, false)
            }
        }
        let generation = UUID().uuidString.lowercased()
        if low > 0 || (high == 0 && hasRows) {
            // Nothing to restore from: a changelog that lost its beginning (retention) or that
            // never held this store. The local store, if any, is the best copy there is.
            guard hasRows || local != nil || high == 0 else {
                throw StateError(
                    .failed,
                    "task \(id) cannot be restored: its changelog \(topic)[\(id)] starts at offset \(low), its beginning is gone (retention), and this instance holds no copy of the store; see docs/operations.md")
            }
            if low > 0 { logger.error("task \(id): the changelog \(topic)[\(id)] lost its beginning (first offset \(low)); writing the local store to it again") }
            let marker = StateChangelog.generationMarker(generation, rebase: true, committedSeq: 0)
            _ = try await producer.producer.send(KafkaProducerRecord(topic: topic, key: marker.key, value: marker.value, headers: marker.headers.map { KafkaHeader(key: $0.0, value: $0.1) }, partition: id))
            try await store.queue.write { db in
                try StateChangelog.setPosition(db, StateChangelog.Position(generation: generation, committedSeq: 0))
            }
            return (store, true)
        }
        // Restore: start a new generation at the end of the changelog, then apply everything
        // before it to an empty store.
        var fresh = store
        if local != nil || hasRows {
            logger.notice("task \(id): the local store is older than the changelog (another instance ran the task since); restoring it")
            fresh = try discard(store, path: path)
        }
        let marker = StateChangelog.generationMarker(generation)
        let report = try await producer.producer.send(
            KafkaProducerRecord(topic: topic, key: marker.key, value: marker.value, headers: marker.headers.map { KafkaHeader(key: $0.0, value: $0.1) }, partition: id))
        let started = ContinuousClock.now
        readiness.markNotReady("restoring task \(id) from \(topic)[\(id)]")
        // A restore cut short is simply done again (the store has no changelog position until
        // the end, so the next open discards it): it need not reach the disk commit by commit.
        try await fresh.queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = OFF") }
        let outcome = try await restorer.scan(from: low, through: report.offset, into: fresh, task: id)
        try await fresh.queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(self.configuration.synchronous.rawValue)") }
        try await fresh.queue.write { db in
            try StateChangelog.setPosition(db, StateChangelog.Position(generation: generation, committedSeq: outcome.committedSeq))
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        metrics.restoredRecords.increment(by: outcome.records)
        logger.notice(
            "task \(id) restored from \(topic)[\(id)]: \(outcome.records) records (\(outcome.applied) rows applied, \(outcome.ignored) of other generations ignored) in \(String(format: "%.2f", seconds)) s",
            metadata: ["task": "\(id)", "records": "\(outcome.records)", "seconds": "\(String(format: "%.3f", seconds))"])
        return (fresh, false)
    }

    /// Deletes a stale local store and opens an empty one in its place.
    private func discard(_ store: StateStore, path: String) throws -> StateStore {
        try store.queue.close()
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
        return try openStore(path)
    }

    /// At a stop: delivers every task's outbox (one round each) and lets its store go.
    private func suspendAll(_ producer: OutputProducer) async {
        for task in tasks.all {
            do {
                try await suspend(task, producer)
            } catch {
                logger.error("task \(task.id): its outbox could not be delivered before stopping; it goes out on the next start: \(error)")
            }
            tasks.remove(task.id)?.finish()
        }
    }

    /// Delivers what a task has in flight and in its outbox (one round: what cannot go now stays
    /// in the outbox for whoever runs the task next).
    private func suspend(_ task: WorkerTask, _ producer: OutputProducer) async throws {
        await task.submissions.drain()
        await task.tracker.waitUntilIdle()
        try await clearDelivered(task, producer)
        try await publishOutbox(task, producer, untilDelivered: false)
    }

    private func loop(producer: OutputProducer, consumer: KafkaConsumer) async throws {
        do {
            try await runLoop(producer: producer, consumer: consumer)
        } catch {
            await pollAhead.settle()
            throw error
        }
        await pollAhead.settle()
    }

    private func runLoop(producer: OutputProducer, consumer: KafkaConsumer) async throws {
        var lastHousekeeping = ContinuousClock.now - .seconds(60)
        var lastTimerCount = ContinuousClock.now - .seconds(120)
        var inboxSweeps: [Int32: String] = [:]
        while !Task.isCancelled {
            // Records of the poll started ahead during the last batch; a rebalance it served has
            // run its callbacks by now.
            let early = try await pollAhead.take()
            let ahead = decodedAhead.withLock { decoded in
                defer { decoded = nil }
                return decoded
            }
            try throwTaskFailure()
            for task in tasks.all where task.tracker.hasFailure {
                // librdkafka gave up on a delivery (after message.timeout.ms, or a fatal error):
                // once every batch in flight has its outcome, republish the outbox in order
                // before deciding anything else.
                await task.submissions.drain()
                await task.tracker.waitUntilIdle()
                let failure = task.tracker.takeFailure()
                metrics.deliveryFailures.increment()
                readiness.markNotReady("outputs cannot be delivered: \(failure.map { "\($0)" } ?? "a delivery failed")")
                logger.error("an output could not be delivered; republishing the outbox before going on: \(failure.map { "\($0)" } ?? "")")
                try await clearDelivered(task, producer)
                try await publishOutbox(task, producer)
            }
            try await resetOutOfRange(consumer)
            let batch = try await pollBatch(consumer, first: early)
            try throwTaskFailure()
            let global = try await globalReader.withLock({ $0 })?.poll(maxMessages: configuration.maxBatchSize, timeout: .zero) ?? []
            let now = clock.now()
            let assignment = consumer.assignment
            var work: [(task: WorkerTask, records: [KafkaMessage], decoded: [Decider<Logic>.Prepared?], due: [DueTimer])] = []
            var byTask: [Int32: [KafkaMessage]] = [:]
            // What the poll ahead decoded of each task's records, in the same order (`nil`: not decoded yet).
            var decodedByTask: [Int32: [Decider<Logic>.Prepared?]] = [:]
            let decoded = decider.aligned(ahead, with: batch)
            if configuration.tasks == .single {
                if !batch.isEmpty { byTask[0] = batch }
                if !decoded.isEmpty { decodedByTask[0] = decoded }
            } else {
                for (index, record) in batch.enumerated() {
                    let task = configuration.task(of: record.partition)
                    byTask[task, default: []].append(record)
                    if !decoded.isEmpty { decodedByTask[task, default: []].append(decoded[index]) }
                }
            }
            if !global.isEmpty {
                // Every task takes the global records it has not applied yet (a task that opened
                // since the reader started caught up past some of them).
                for task in tasks.all {
                    let positions = try await task.store.read { db in try StateTables.positions(db) }
                    let fresh = global.filter { $0.offset >= positions[$0.topic]?[$0.partition] ?? 0 }
                    if !fresh.isEmpty {
                        byTask[task.id] = fresh + (byTask[task.id] ?? [])
                        if let decoded = decodedByTask[task.id] { decodedByTask[task.id] = Array(repeating: nil, count: fresh.count) + decoded }
                    }
                }
            }
            for task in tasks.all {
                // After a task opens, its timers wait until the inputs already in its partitions
                // have been read: an input that cancelled a deadline meanwhile is applied first.
                let partitions = assignment.filter { configuration.task(of: $0.partition) == task.id }
                let caughtUp = try await task.backlogIsRead(consumer, partitions: Array(partitions), logger: logger)
                let due = caughtUp ? try await task.store.read { db in
                    try StateTables.dueTimers(db, at: now, limit: self.configuration.maxTimersPerBatch)
                } : []
                let records = byTask.removeValue(forKey: task.id) ?? []
                if !records.isEmpty || !due.isEmpty { work.append((task, records, decodedByTask[task.id] ?? [], due)) }
            }
            if let orphan = byTask.first {
                // Never expected: the rebalance opens a partition's task before its records come.
                throw StateError(.failed, "records of task \(orphan.key) arrived but the task is not open (\(orphan.value.count) records); restarting reads them again")
            }
            do {
                if batch.count >= configuration.maxBatchSize && !work.isEmpty {
                    // A full batch: more records are likely queued (a backlog), so take them while
                    // this batch is applied. Below a backlog the loop polls after the batch, so the
                    // next batch holds everything that arrived meanwhile, not only the first few.
                    // Its records are decoded as they come, on one thread beside the transaction of
                    // this batch.
                    let limit = configuration.maxBatchSize
                    pollAhead.start { [self] in
                        let records = try await consumer.poll(maxMessages: limit, timeout: .zero)
                        let ahead = decider.decodedAhead(records)
                        decodedAhead.withLock { $0 = ahead }
                        return records
                    }
                }
                if work.isEmpty {
                    for task in tasks.all { try await clearDelivered(task, producer) }
                    markReadyIfCaughtUp(consumer)
                } else if work.count == 1, let only = work.first {
                    try await process(only.records, decoded: only.decoded, due: only.due, task: only.task, consumer: consumer, producer: producer)
                } else {
                    // Independent tasks are applied side by side (each has its own store).
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for item in work {
                            group.addTask {
                                try await self.process(
                                    item.records, decoded: item.decoded, due: item.due, task: item.task, consumer: consumer, producer: producer)
                            }
                        }
                        try await group.waitForAll()
                    }
                }
                if ContinuousClock.now - lastHousekeeping > .seconds(5) {
                    // Counting every timer scans them all: once a minute is enough for a gauge.
                    let countTimers = ContinuousClock.now - lastTimerCount > .seconds(60)
                    for task in tasks.all {
                        inboxSweeps[task.id] = try await housekeeping(task, producer, sweep: inboxSweeps[task.id] ?? "", countTimers: countTimers)
                    }
                    lastHousekeeping = .now
                    if countTimers { lastTimerCount = .now }
                }
            } catch let fenced as TaskFenced {
                // Another instance runs the task now; the next poll serves the revocation.
                metrics.fenced.increment()
                readiness.markNotReady("the group took this instance's partitions away")
                logger.error("\(fenced)")
            }
        }
    }

    private func throwTaskFailure() throws {
        if let failure = taskFailure.withLock({ $0 }) { throw failure }
    }

    // MARK: - Consuming

    private func makeConsumer(_ producer: OutputProducer) throws -> KafkaConsumer {
        var consumerConfiguration = KafkaConsumerConfiguration(client: configuration.kafka, groupID: configuration.groupID)
        // A position the cluster does not hold is reported, not silently reset (see resetOutOfRange).
        consumerConfiguration.offsetReset = .error
        consumerConfiguration.sessionTimeout = configuration.sessionTimeout
        consumerConfiguration.maxPrefetchKilobytes = max(1, configuration.consumerPrefetch / 1024)
        consumerConfiguration.heartbeatInterval = max(.milliseconds(100), configuration.sessionTimeout / 3)
        let (logger, readiness, outOfRange) = (self.logger, self.readiness, self.outOfRange)
        return try KafkaConsumer(
            configuration: consumerConfiguration,
            rebalance: KafkaRebalanceHandler(
                onAssign: { [self] partitions in
                    // Not while the loop applies a batch with this poll ahead of it (PollAhead).
                    pollAhead.waitUntilOpen()
                    let wanted = Set(partitions.map { configuration.task(of: $0.partition) })
                    if configuration.tasks == .perPartition {
                        // Tasks kept from before the rebalance that went elsewhere are closed; new
                        // ones are opened (and restored) before their partitions are read. The
                        // consumer's thread waits: nothing is read meanwhile.
                        for task in tasks.all where !wanted.contains(task.id) {
                            tasks.remove(task.id)?.finish()
                            logger.info("task \(task.id) closed: another instance runs it now")
                        }
                        for id in wanted.sorted() where tasks.task(id) == nil {
                            readiness.markNotReady("opening task \(id)")
                            if case .failure(let error) = waitFor({ try await self.openTask(id, producer) }) {
                                logger.critical("task \(id) could not be opened; the worker stops: \(error)")
                                taskFailure.withLock { $0 = $0 ?? error }
                                break
                            }
                        }
                    }
                    // SQLite is the source of truth: start each partition where its task's store
                    // says. A partition the store has never read starts at the beginning; if the
                    // store cannot be read at all, the group's committed positions (kept in step
                    // after every transaction) are the fallback, never the beginning.
                    var stored: [Int32: [String: [Int32: Int64]]] = [:]
                    for id in wanted {
                        guard let task = tasks.task(id) else { continue }
                        for attempt in 1...5 where stored[id] == nil {
                            do {
                                stored[id] = try task.store.read { db in try StateTables.positions(db) }
                            } catch {
                                logger.error("reading task \(id)'s stored positions on assignment failed (attempt \(attempt) of 5): \(error)")
                                if attempt < 5 { Thread.sleep(forTimeInterval: 0.2) }
                            }
                        }
                    }
                    var starts: [KafkaTopicPartition: KafkaOffset] = [:]
                    for partition in partitions {
                        if let positions = stored[configuration.task(of: partition.partition)] {
                            starts[partition] = positions[partition.topic]?[partition.partition].map { .exact($0) } ?? .beginning
                        } else {
                            starts[partition] = .committed
                            logger.error("starting \(partition) at the group's committed position: its task's store could not be read")
                        }
                    }
                    logger.info("assigned \(partitions.count) partitions (tasks \(wanted.sorted().map(String.init).joined(separator: ","))); starting from the stored positions")
                    readiness.markNotReady("catching up after assignment")
                    return starts
                },
                onRevoke: { [self] partitions in
                    pollAhead.waitUntilOpen()
                    readiness.markNotReady("partitions revoked; waiting for a new assignment")
                    logger.info("revoked \(partitions.count) partitions")
                    guard configuration.tasks == .perPartition else { return }
                    if consumerBox.withLock({ $0?.assignmentLost }) == true {
                        // Another instance may run these tasks already: nothing more is written or
                        // published for them; what their outboxes hold goes out only if this
                        // instance gets them back (the changelog says whether its copy is current).
                        for task in tasks.all {
                            tasks.remove(task.id)?.finish()
                        }
                        logger.error("the assignment was lost (session timeout or poll interval missed); every task is closed without publishing")
                        return
                    }
                    // Deliver each task's outbox before another instance may take it over; the
                    // tasks stay open in case the new assignment gives them back.
                    for task in tasks.all {
                        if case .failure(let error) = waitFor({ try await self.suspend(task, producer) }) {
                            logger.error("task \(task.id): its outbox could not be delivered on revocation: \(error)")
                        }
                    }
                }),
            logger: logger,
            onError: { error, partition in
                if error.code == .autoOffsetReset, let partition {
                    outOfRange.insert(partition)
                }
            })
    }

    /// Polls until the batch is full or `maxBatchWait` has passed since its first record; the first
    /// wait is bounded by the next timer. `first`: records already polled ahead (no wait then,
    /// only what is queued by now is added).
    private func pollBatch(_ consumer: KafkaConsumer, first: [KafkaMessage] = []) async throws -> [KafkaMessage] {
        var batch = first
        if batch.isEmpty {
            var nextDue: Date?
            for task in tasks.all {
                if let due = try await task.store.read({ db in try StateTables.nextDue(db) }), due < (nextDue ?? .distantFuture) { nextDue = due }
            }
            var wait = configuration.idleWait
            if let nextDue {
                wait = min(wait, clock.realDelay(until: nextDue) ?? .milliseconds(20))
            }
            batch = try await consumer.poll(maxMessages: configuration.maxBatchSize, timeout: wait)
        } else if batch.count < configuration.maxBatchSize {
            // The poll ahead took what was queued when the last batch began; what arrived while it
            // was applied tops this batch up, without waiting, so under a backlog batches stay full
            // (and the next one is polled ahead again).
            let more = try await consumer.poll(maxMessages: configuration.maxBatchSize - batch.count, timeout: .zero, after: &batch)
            batch += more
        }
        guard !batch.isEmpty, configuration.maxBatchWait > .zero else { return batch }
        let deadline = ContinuousClock.now + configuration.maxBatchWait
        while batch.count < configuration.maxBatchSize, ContinuousClock.now < deadline {
            // A rebalance this poll serves drops the batch's records of the partitions it revoked.
            let more = try await consumer.poll(maxMessages: configuration.maxBatchSize - batch.count, timeout: deadline - ContinuousClock.now, after: &batch)
            if more.isEmpty { break }
            batch += more
        }
        return batch
    }

    /// The documented rule for a stored position the cluster does not hold (a fresh embedded
    /// cluster behind old state, or records removed by retention): log it with the numbers,
    /// count it, and resume at the first record the cluster holds. Records read again are
    /// deduplicated by event id; records lost to retention are named in the log.
    private func resetOutOfRange(_ consumer: KafkaConsumer) async throws {
        let partitions = outOfRange.takeAll()
        guard !partitions.isEmpty else { return }
        var stored: [Int32: [String: [Int32: Int64]]] = [:]
        for task in tasks.all { stored[task.id] = try await task.store.read { db in try StateTables.positions(db) } }
        func position(_ partition: KafkaTopicPartition) -> Int64? {
            stored[configuration.task(of: partition.partition)]?[partition.topic]?[partition.partition]
        }
        // Re-assign every held partition: the stored position for the others (between batches it
        // is the consumer's too), the first record held for the reset ones.
        var starts: [KafkaTopicPartition: KafkaOffset] = [:]
        for partition in consumer.assignment {
            starts[partition] = position(partition).map { .exact($0) } ?? .beginning
        }
        for partition in partitions.sorted() {
            let (low, high) = try await consumer.watermarks(partition)
            let position = position(partition)
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

    /// Applies a batch: each input in a savepoint of one transaction; a transient failure commits
    /// what came before it, retries that input with backoff, then goes on with the rest. Each
    /// transaction also deletes the outbox rows delivered since the last one. After each commit the
    /// outputs go to the producer at once, in commit order; their delivery is followed by the
    /// tracker while the loop goes on.
    ///
    /// The records are decoded before the transaction: `decoded` holds, record by record, what the
    /// poll ahead decoded already (on its own thread, beside the batch before); the rest are
    /// decoded here.
    private func process(
        _ batch: [KafkaMessage], decoded: [Decider<Logic>.Prepared?] = [], due: [DueTimer], task: WorkerTask, consumer: KafkaConsumer,
        producer: OutputProducer
    ) async throws {
        let started = ContinuousClock.now
        let prepared = decider.prepared(batch, decoded: decoded)
        var remaining = batch[...]
        var timers = due
        while !remaining.isEmpty || !timers.isEmpty {
            let now = clock.now()
            let chunk = remaining
            let fire = timers
            let (result, changes) = try await apply(chunk, prepared: prepared[chunk.indices], fire: fire, now: now, task: task)
            report(result.deadLetters, duplicates: result.duplicates)
            maybeCrash(probability: configuration.crashAfterCommitProbability, "between commit and delivery")
            // Handed to the producer behind the loop, which polls and applies the next batch
            // meanwhile; the next submission (or anything that reads the outbox) waits for it.
            let outputs = result.outputs + changes
            await task.submissions.start { await self.submitNow(outputs, producer, task.tracker) }
            try? consumer.storeOffsets(result.positions)
            metrics.inputs.increment(by: result.applied)
            if result.forwarded > 0 { metrics.forwarded.increment(by: result.forwarded) }
            remaining = remaining.dropFirst(result.applied)
            if let (message, error) = result.failure {
                try await retry(message, firstError: error, task: task, consumer: consumer, producer: producer)
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

    /// Applies a chunk in one transaction on the decider's fast path; if that throws, the
    /// transaction rolls back and the chunk runs again in a new one on the careful path.
    private func apply(
        _ chunk: ArraySlice<KafkaMessage>, prepared: ArraySlice<Decider<Logic>.Prepared>, fire: [DueTimer], now: Date, task: WorkerTask
    ) async throws -> (Decider<Logic>.ChunkResult, [OutboxRecord]) {
        do {
            return try await write(task, task.tracker.takeDelivered()) { db in
                try self.decider.applyChunk(chunk, prepared: prepared, fire: fire, now: now, task: task.id, db: db)
            }
        } catch let failedFast as Decider<Logic>.NeedsCarefulPath {
            return try await write(task, task.tracker.takeDelivered()) { db in
                try self.decider.applyChunk(chunk, fire: fire, now: now, task: task.id, db: db, after: failedFast)
            }
        }
    }

    /// Hands committed outputs to the producer after those still on their way, and lets the
    /// tracker follow them.
    private func submit(_ outputs: [OutboxRecord], _ producer: OutputProducer, _ task: WorkerTask) async {
        await task.submissions.drain()
        await submitNow(outputs, producer, task.tracker)
    }

    /// Hands committed outputs to the producer in order and lets the tracker follow them; the
    /// caller makes sure no earlier submission is still under way.
    private func submitNow(_ outputs: [OutboxRecord], _ producer: OutputProducer, _ tracker: DeliveryTracker) async {
        guard !outputs.isEmpty else { return }
        let pending = await producer.producer.submit(outputs.map(Self.record))
        if configuration.producerFatalErrorAfterOutputs > 0, metrics.noteSubmitted(outputs.count, reaching: configuration.producerFatalErrorAfterOutputs) {
            producer.producer.injectFatalErrorForTesting(reason: "injected by the test hook producerFatalErrorAfterOutputs")
        }
        tracker.track(pending, seqs: outputs.map(\.seq))
        metrics.outputs.increment(by: outputs.count)
    }

    private static func record(_ output: OutboxRecord) -> KafkaProducerRecord {
        KafkaProducerRecord(
            topic: output.topic, key: output.key, value: output.value, headers: output.headers.map { KafkaHeader(key: $0.0, value: $0.1) }, partition: output.partition)
    }

    /// Deletes the outbox rows delivered since the last transaction.
    private func clearDelivered(_ task: WorkerTask, _ producer: OutputProducer) async throws {
        let delivered = task.tracker.takeDelivered()
        guard !delivered.isEmpty else { return }
        let (_, changes) = try await write(task, delivered) { _ in () }
        await submit(changes, producer, task)
    }

    /// A write transaction that first deletes `delivered` outbox rows; if it does not commit
    /// (an error, or cancellation at shutdown), the rows go back to the tracker so they are
    /// deleted later instead of being published again. Returns the body's result and the
    /// transaction's changelog records, to publish after the outputs.
    private func write<T: Sendable>(
        _ task: WorkerTask, _ delivered: [Int64], _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> (T, [OutboxRecord]) {
        do {
            return try await transaction(task) { db in
                try StateTables.removeOutputs(db, through: delivered)
                return try body(db)
            }
        } catch {
            task.tracker.giveBack(delivered)
            throw error
        }
    }

    /// Runs `body` in one write transaction of `task`'s store, ended by the changelog records of
    /// what it changed (returned with the body's result; they are also in the outbox).
    ///
    /// When the database is busy (another connection's lock outlasted the busy timeout, or
    /// SQLite rolled the transaction back under it) nothing of it was kept: it runs again after a
    /// backoff, for as long as it takes, and the worker reports unready meanwhile. When the
    /// database cannot go on (disk full, read-only, damaged) the worker stops with
    /// ``StateError/Code/failed`` and the advice for an operator; what the transaction would have
    /// written is read again from Kafka after the restart. An instance whose assignment the
    /// group took away writes nothing (``TaskFenced``).
    private func transaction<T: Sendable>(_ task: WorkerTask, _ body: @escaping @Sendable (Database) throws -> T) async throws -> (T, [OutboxRecord]) {
        var attempt = 1
        let changelog = task.changelog
        while true {
            if configuration.tasks == .perPartition, consumerBox.withLock({ $0?.assignmentLost }) == true {
                throw TaskFenced(task: task.id)
            }
            do {
                let result = try await task.store.queue.write { db in
                    let result = try body(db)
                    return (result, try changelog?.flush(db) ?? [])
                }
                // Its statements, and those of the reads on the store since the last one.
                metrics.statements.increment(by: task.store.takeStatementCount())
                if attempt > 1 { logger.info("the state database is writable again after \(attempt) attempts") }
                return result
            } catch let error where StateFailure(error) == .busy {
                attempt += 1
                metrics.stateBusy.increment()
                let delay = configuration.delay(beforeAttempt: attempt)
                if attempt == 4 { readiness.markNotReady("the state database \(task.store.path) stays busy: \(error)") }
                logger.warning("the state database is busy; running the transaction again in \(delay) (attempt \(attempt)): \(error)")
                try await Task.sleep(for: delay)
            } catch let error where StateFailure(error) == .fatal {
                readiness.markNotReady("the state database failed")
                throw StateError(
                    .failed, "the state database \(task.store.path) failed (\(error)); \(StateFailure.advice(for: error)). Inputs after the last commit are read again on restart")
            }
        }
    }

    private func retry(
        _ message: KafkaMessage, firstError: any Error, task: WorkerTask, consumer: KafkaConsumer, producer: OutputProducer
    ) async throws {
        var lastError = firstError
        for attempt in 2...max(2, configuration.maxAttempts) {
            metrics.retries.increment()
            logger.warning("retrying \(message.topic)[\(message.partition)]@\(message.offset) (attempt \(attempt) of \(configuration.maxAttempts)): \(lastError)")
            try await Task.sleep(for: configuration.delay(beforeAttempt: attempt))
            let now = clock.now()
            let (outcome, changes) = try await transaction(task) { db in try self.decider.applyOne(message, attempt: attempt, now: now, task: task.id, db: db) }
            if case .transient(let error) = outcome.kind {
                lastError = error
                continue
            }
            report(outcome.rejection.map { [(message, $0)] } ?? [], duplicates: { if case .duplicate = outcome.kind { 1 } else { 0 } }())
            await submit(outcome.outputs + changes, producer, task)
            try? consumer.storeOffsets([message.topicPartition: message.offset + 1])
            metrics.inputs.increment()
            return
        }
        let rejection = InputRejection(.exhaustedRetries, "applying it failed \(configuration.maxAttempts) times; last error: \(lastError)")
        let (letter, changes) = try await transaction(task) { db in
            let letter = try self.decider.deadLetter(message, rejection, attempts: self.configuration.maxAttempts, db: db)
            try StateTables.setPosition(db, topic: message.topic, partition: message.partition, next: message.offset + 1)
            return letter
        }
        report([(message, rejection)], duplicates: 0)
        await submit([letter] + changes, producer, task)
        try? consumer.storeOffsets([message.topicPartition: message.offset + 1])
        metrics.inputs.increment()
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
    private func publishOutbox(_ task: WorkerTask, _ output: OutputProducer, untilDelivered: Bool = true) async throws {
        await task.submissions.drain()
        var failedRounds = 0
        while true {
            let pending = try await task.store.read { db in try StateTables.pendingOutputs(db, limit: 5000) }
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
            // The removal's changelog records are outbox rows too: the next round sends them.
            let (_, changes) = try await transaction(task) { db in try StateTables.removeOutputs(db, through: removed) }
            guard let firstFailure else {
                if pending.count < 5000 && changes.isEmpty { break }
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

    private func markReadyIfCaughtUp(_ consumer: KafkaConsumer) {
        guard !readiness.isReady, !consumer.assignment.isEmpty else { return }
        let current = tasks.all
        // Caught up: every task has read what its partitions held when it opened (one empty poll
        // alone can come before the first fetch), and nothing is in flight.
        guard !current.isEmpty, current.allSatisfy({ $0.submissions.isIdle && $0.tracker.inFlight == 0 && $0.backlogDone }) else { return }
        let depth = current.reduce(0) { $0 + ((try? $1.store.read { db in try StateTables.outboxDepth(db) }) ?? 1) }
        if depth == 0 {
            readiness.markReady()
            logger.info("ready: caught up with \(consumer.assignment.count) partitions in \(current.count) tasks")
        }
    }

    /// Prunes the next stretch of the inbox after `sweep` (a bounded step: every id is visited
    /// once per pass, whatever the inbox holds) and records the gauges. Returns where the sweep
    /// goes on.
    private func housekeeping(_ task: WorkerTask, _ producer: OutputProducer, sweep: String, countTimers: Bool) async throws -> String {
        let cutoff = clock.now().addingTimeInterval(-Double(configuration.inboxRetention.components.seconds))
        let ((next, depth), changes) = try await transaction(task) { db in
            let (_, next) = try StateTables.sweepInbox(
                db, appliedBefore: cutoff, minRecords: self.configuration.inboxMinRecords, after: sweep, limit: Self.inboxSweepStep)
            return (next, try StateTables.outboxDepth(db))
        }
        await submit(changes, producer, task)
        metrics.outboxDepth.record(depth)
        if countTimers {
            // A count of every timer (millions with a million open tickets: inside the
            // transaction it held the batches up enough to triple the timers' p99) runs on a
            // connection of its own, beside the batches, not in front of them.
            let (store, gauge) = (task.store, metrics.openTimers)
            Task.detached(priority: .background) {
                if let timers = try? await store.readAside({ db in try StateTables.openTimers(db) }) { gauge.record(timers) }
            }
        }
        return next
    }

    /// Inbox ids looked at per housekeeping round (every 5 s): a pass over a million ids takes
    /// about 8 minutes, far inside the inbox's retention.
    static var inboxSweepStep: Int { 10_000 }

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
