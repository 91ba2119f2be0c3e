import Crdkafka
import Dispatch
import Foundation
import Logging
import Synchronization

/// A Kafka consumer: a member of a consumer group (``subscribe(_:)``) or a reader of chosen
/// partitions (``assign(_:)``), polled in batches.
///
/// ``poll(maxMessages:timeout:)`` waits on the consumer's own thread, never on the cooperative
/// thread pool, and returns as soon as at least one record is there, with every record already
/// fetched up to `maxMessages`: no fixed sleep is added to latency. A null payload (tombstone)
/// arrives as a message whose `value` is `nil`.
///
/// Positions are the caller's: the ``KafkaRebalanceHandler`` says where an assigned partition
/// starts, and ``storeOffsets(_:)`` hands positions to the background commit so lag tools see them.
public final class KafkaConsumer: Sendable {
    private let client: RDKafkaClient
    private let queue: DispatchQueue
    private let consumerQueueHandle: SendableHandle
    private var consumerQueue: OpaquePointer { consumerQueueHandle.pointer }
    private let logger: Logger
    private let closed = Atomic<Bool>(false)
    private let abandoned = Atomic<Bool>(false)
    private let hasGroup: Bool
    private let partitions: PartitionState
    private let onError: @Sendable (KafkaError, KafkaTopicPartition?) -> Void

    /// Creates a consumer.
    ///
    /// - Parameters:
    ///   - rebalance: where assigned partitions start, and what to do when they are revoked.
    ///   - onError: non-fatal consumer errors (a partition's offset out of range, a topic missing);
    ///     they are also logged. Fatal errors are thrown from ``poll(maxMessages:timeout:)``.
    /// - Throws: ``KafkaError`` naming a rejected property.
    public init(
        configuration: KafkaConsumerConfiguration,
        rebalance: KafkaRebalanceHandler = KafkaRebalanceHandler(),
        logger: Logger = Logger(label: "onepoint.kafka.consumer"),
        onError: @escaping @Sendable (KafkaError, KafkaTopicPartition?) -> Void = { _, _ in }
    ) throws(KafkaError) {
        let partitions = PartitionState()
        let context = RDKafkaClientContext(
            logger: logger,
            statistics: KafkaStatisticsReporter(clientLabel: configuration.client.clientID),
            onRebalance: { handle, code, list in
                Self.rebalance(handle: handle, code: code, list: list, handler: rebalance, logger: logger, state: partitions)
            })
        let client = try RDKafkaClient(type: RD_KAFKA_CONSUMER, properties: configuration.rdProperties, context: context)
        // Serve everything (records, rebalances, logs, errors) from the consumer queue.
        rd_kafka_poll_set_consumer(client.handle)
        // A consumer without a group has no group queue; its records come through the main queue.
        guard let consumerQueue = rd_kafka_queue_get_consumer(client.handle) ?? rd_kafka_queue_get_main(client.handle) else {
            client.destroy()
            throw KafkaError(code: .clientCreation, message: "the consumer has no queue")
        }
        self.client = client
        self.consumerQueueHandle = SendableHandle(pointer: consumerQueue)
        self.queue = DispatchQueue(label: "onepoint.kafka.consumer.\(client.name)")
        self.logger = logger
        self.hasGroup = configuration.groupID != nil
        self.partitions = partitions
        self.onError = onError
    }

    deinit {
        // An abandoned consumer's close still runs on librdkafka's threads: nothing of it is freed.
        guard !abandoned.load(ordering: .acquiring) else { return }
        rd_kafka_queue_destroy(consumerQueue)
        client.destroy()
    }

    /// Joins the group and subscribes to `topics`; partitions arrive through the rebalance handler.
    public func subscribe(_ topics: [String]) throws(KafkaError) {
        guard hasGroup else { throw .invalidArgument("subscribe needs a group id; use assign(_:) without one") }
        guard !topics.isEmpty else { throw .invalidArgument("subscribe needs at least one topic") }
        try checkOpen()
        let list = RDKafkaClient.makeList(topics.map { (KafkaTopicPartition(topic: $0, partition: RD_KAFKA_PARTITION_UA), 0) })
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_subscribe(client.handle, list)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(rd: err, context: "subscribing to \(topics.joined(separator: ", "))")
        }
    }

    /// Reads exactly these partitions from these positions, outside any group rebalancing.
    public func assign(_ partitions: [KafkaTopicPartition: KafkaOffset]) throws(KafkaError) {
        try checkOpen()
        let list = RDKafkaClient.makeList(partitions.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value.rdOffset) })
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_assign(client.handle, list)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(rd: err, context: "assigning \(partitions.count) partitions")
        }
        self.partitions.assigned.withLock { $0 = Set(partitions.keys) }
    }

    /// The partitions this consumer holds now.
    public var assignment: Set<KafkaTopicPartition> { partitions.assigned.withLock { $0 } }

    /// Whether the group has taken the assignment away without this consumer having served the
    /// revocation yet (it missed its session timeout or its poll interval, e.g. a paused process):
    /// another member may own its partitions now, so nothing must be written for them.
    public var assignmentLost: Bool { rd_kafka_assignment_lost(client.handle) != 0 }

    /// Waits up to `timeout` for records and returns those already fetched, at most `maxMessages`.
    ///
    /// Returns an empty array when nothing arrived in time. Rebalance callbacks run inside this call.
    /// Cancelling the calling task ends the wait early.
    ///
    /// - Throws: ``KafkaError`` when the consumer is closed or met a fatal error.
    public func poll(maxMessages: Int = 500, timeout: Duration = .milliseconds(100)) async throws(KafkaError) -> [KafkaMessage] {
        try await pollOnQueue(earlier: [], maxMessages: maxMessages, timeout: timeout).new
    }

    /// Polls as ``poll(maxMessages:timeout:)`` for more records of a batch that earlier polls
    /// gathered into `earlier`, and returns the new ones.
    ///
    /// A rebalance this poll serves drops the records of the partitions it revoked from
    /// `earlier` too, as one poll drops those it drained before the rebalance: everything left
    /// in `earlier` and returned comes from partitions this consumer still reads from where it
    /// read them (a revoked partition assigned again starts where the rebalance handler says).
    ///
    /// - Throws: ``KafkaError`` when the consumer is closed or met a fatal error.
    public func poll(maxMessages: Int, timeout: Duration, after earlier: inout [KafkaMessage]) async throws(KafkaError) -> [KafkaMessage] {
        let (kept, new) = try await pollOnQueue(earlier: earlier, maxMessages: maxMessages, timeout: timeout)
        earlier = kept
        return new
    }

    private func pollOnQueue(earlier: [KafkaMessage], maxMessages: Int, timeout: Duration) async throws(KafkaError) -> (kept: [KafkaMessage], new: [KafkaMessage]) {
        try checkOpen()
        let timeoutMs = Int32(clamping: timeout.milliseconds)
        let limit = max(1, maxMessages)
        let result: Result<([KafkaMessage], [KafkaMessage]), KafkaError> = await withTaskCancellationHandler {
            await withUnsafeContinuation { continuation in
                queue.async { [self] in
                    continuation.resume(returning: pollBlocking(earlier: earlier, limit: limit, timeoutMs: timeoutMs))
                }
            }
        } onCancel: { [consumerQueueHandle] in
            rd_kafka_queue_yield(consumerQueueHandle.pointer)
        }
        return try result.get()
    }

    /// Hands the next positions (offset of the next record to read) to the background commit.
    /// Partitions no longer assigned are skipped.
    public func storeOffsets(_ positions: [KafkaTopicPartition: Int64]) throws(KafkaError) {
        guard hasGroup, !positions.isEmpty else { return }
        try checkOpen()
        let held = assignment
        let entries = positions.filter { held.contains($0.key) }.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value) }
        guard !entries.isEmpty else { return }
        let list = RDKafkaClient.makeList(entries)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_offsets_store(client.handle, list)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__STATE {
            throw KafkaError(rd: err, context: "storing offsets")
        }
    }

    /// Commits positions to the group now and waits for the coordinator's answer.
    public func commit(_ positions: [KafkaTopicPartition: Int64]) async throws(KafkaError) {
        guard hasGroup, !positions.isEmpty else { return }
        try checkOpen()
        let client = self.client
        let entries = positions.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value) }
        try await Blocking.run { () throws(KafkaError) in
            let list = RDKafkaClient.makeList(entries)
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let err = rd_kafka_commit(client.handle, list, 0)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET {
                throw KafkaError(rd: err, context: "committing offsets")
            }
        }
    }

    /// The group's committed positions for `partitions` (`nil` where none is committed).
    public func committed(_ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) async throws(KafkaError) -> [KafkaTopicPartition: Int64?] {
        try checkOpen()
        let client = self.client
        return try await Blocking.run { () throws(KafkaError) in
            let list = RDKafkaClient.makeList(partitions.map { ($0, Int64(RD_KAFKA_OFFSET_INVALID)) })
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let err = rd_kafka_committed(client.handle, list, Int32(clamping: timeout.milliseconds))
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(rd: err, context: "reading committed offsets") }
            var result: [KafkaTopicPartition: Int64?] = [:]
            for index in 0..<Int(list.pointee.cnt) {
                let element = list.pointee.elems[index]
                let partition = KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)
                result[partition] = element.offset >= 0 ? element.offset : nil
            }
            return result
        }
    }

    /// Moves the read position of assigned partitions: the next records returned start at these
    /// offsets.
    public func seek(_ positions: [KafkaTopicPartition: Int64], timeout: Duration = .seconds(10)) async throws(KafkaError) {
        guard !positions.isEmpty else { return }
        try checkOpen()
        let client = self.client
        let entries = positions.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value) }
        try await Blocking.run { () throws(KafkaError) in
            let list = RDKafkaClient.makeList(entries)
            defer { rd_kafka_topic_partition_list_destroy(list) }
            if let error = rd_kafka_seek_partitions(client.handle, list, Int32(clamping: timeout.milliseconds)) {
                throw KafkaError(consuming: error, context: "seeking \(entries.count) partitions")
            }
            for index in 0..<Int(list.pointee.cnt) where list.pointee.elems[index].err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let element = list.pointee.elems[index]
                throw KafkaError(rd: element.err, context: "seeking \(String(cString: element.topic))[\(element.partition)]")
            }
        }
    }

    /// Stops fetching these partitions (backpressure); their position is kept.
    public func pause(_ partitions: [KafkaTopicPartition]) throws(KafkaError) {
        try changeFlow(partitions, pause: true)
    }

    /// Resumes fetching paused partitions.
    public func resume(_ partitions: [KafkaTopicPartition]) throws(KafkaError) {
        try changeFlow(partitions, pause: false)
    }

    /// The number of partitions of `topic`, from the cluster's metadata.
    public func partitionCount(topic: String, timeout: Duration = .seconds(10)) async throws(KafkaError) -> Int {
        try checkOpen()
        let client = self.client
        return try await Blocking.run { () throws(KafkaError) in try client.partitionCount(topic: topic, timeout: timeout) }
    }

    /// The first held offset and the next offset to be written of a partition.
    public func watermarks(_ partition: KafkaTopicPartition, timeout: Duration = .seconds(10)) async throws(KafkaError) -> (low: Int64, high: Int64) {
        try checkOpen()
        let client = self.client
        return try await Blocking.run { () throws(KafkaError) in try client.watermarks(partition, timeout: timeout) }
    }

    /// For each partition, the first offset whose timestamp is at or after `time` (the high
    /// watermark when there is none).
    public func offsets(at time: Date, for partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) async throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        try checkOpen()
        let client = self.client
        let milliseconds = Int64(time.timeIntervalSince1970 * 1000)
        return try await Blocking.run { () throws(KafkaError) in
            let list = RDKafkaClient.makeList(partitions.map { ($0, milliseconds) })
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let err = rd_kafka_offsets_for_times(client.handle, list, Int32(clamping: timeout.milliseconds))
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(rd: err, context: "looking up offsets by time") }
            var result: [KafkaTopicPartition: Int64] = [:]
            for index in 0..<Int(list.pointee.cnt) {
                let element = list.pointee.elems[index]
                result[KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)] = element.offset
            }
            return result
        }
    }

    /// Leaves the group (revoking partitions through the handler) and releases the client.
    /// Calling it twice does nothing.
    ///
    /// librdkafka's close waits without limit for the group's answers: a member caught rejoining
    /// when it is closed can wait for the whole rebalance timeout (`max.poll.interval.ms`). This
    /// waits at most `timeout`; after it the consumer is abandoned (its client is never destroyed,
    /// so nothing blocks on it later) and the group drops the member after its session timeout.
    /// - Returns: whether the consumer left the group within `timeout`.
    @discardableResult
    public func close(timeout: Duration = .seconds(10)) async -> Bool {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return true }
        guard hasGroup else { return true }
        let (client, logger) = (self.client, self.logger)
        let answered = Atomic<Bool>(false)
        let left = await withUnsafeContinuation { (continuation: UnsafeContinuation<Bool, Never>) in
            queue.async {
                let err = rd_kafka_consumer_close(client.handle)
                if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                    logger.warning("leaving the consumer group: \(KafkaError(rd: err, context: "closing the consumer"))")
                }
                if !answered.exchange(true, ordering: .acquiringAndReleasing) { continuation.resume(returning: true) }
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(clamping: timeout.milliseconds))) {
                if !answered.exchange(true, ordering: .acquiringAndReleasing) { continuation.resume(returning: false) }
            }
        }
        if !left {
            abandoned.store(true, ordering: .releasing)
            client.abandon()
            logger.warning(
                "leaving the consumer group did not finish within \(timeout) (librdkafka is still waiting for the group coordinator, e.g. a rebalance in progress); stopping without it: the group drops this member after its session timeout"
            )
        }
        return left
    }

    // MARK: - Internals

    private func checkOpen() throws(KafkaError) {
        if closed.load(ordering: .acquiring) { throw .closed("the consumer") }
    }

    private func changeFlow(_ partitions: [KafkaTopicPartition], pause: Bool) throws(KafkaError) {
        guard !partitions.isEmpty else { return }
        try checkOpen()
        let list = RDKafkaClient.makeList(partitions.map { ($0, 0) })
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = pause ? rd_kafka_pause_partitions(client.handle, list) : rd_kafka_resume_partitions(client.handle, list)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(rd: err, context: pause ? "pausing partitions" : "resuming partitions")
        }
    }

    /// Runs on `queue`: waits for the first record, then drains what is already there. Returns
    /// `earlier` without the records of partitions revoked meanwhile, and the new records.
    private func pollBlocking(earlier: [KafkaMessage], limit: Int, timeoutMs: Int32) -> Result<([KafkaMessage], [KafkaMessage]), KafkaError> {
        if closed.load(ordering: .acquiring) { return .failure(.closed("the consumer")) }
        partitions.revokedDuringPoll.withLock { $0.removeAll() }
        var kept = earlier
        var messages: [KafkaMessage] = []
        var next = rd_kafka_consumer_poll(client.handle, timeoutMs)
        dropRevoked(from: &messages, and: &kept)
        while let raw = next {
            defer { rd_kafka_message_destroy(raw) }
            if raw.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                messages.append(Self.message(from: raw))
            } else if let fatal = handleError(raw) {
                return .failure(fatal)
            }
            if messages.count >= limit { break }
            next = rd_kafka_consumer_poll(client.handle, 0)
            dropRevoked(from: &messages, and: &kept)
        }
        return .success((kept, messages))
    }

    /// Drops the records gathered so far (by this poll, and the `earlier` polls of its batch) of
    /// partitions revoked by a rebalance served in the last `rd_kafka_consumer_poll` call.
    /// Records that call returned, and later ones, come from the assignment after it (a partition
    /// revoked and assigned again in one poll starts where the handler said), so they are kept:
    /// nothing read after a re-assignment is lost.
    private func dropRevoked(from messages: inout [KafkaMessage], and earlier: inout [KafkaMessage]) {
        let revoked = partitions.revokedDuringPoll.withLock { set in
            defer { set.removeAll() }
            return set
        }
        if !revoked.isEmpty {
            messages.removeAll { revoked.contains($0.topicPartition) }
            earlier.removeAll { revoked.contains($0.topicPartition) }
        }
    }

    /// Logs and reports a consumer error; returns it when it is fatal.
    private func handleError(_ raw: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaError? {
        let code = raw.pointee.err
        if code == RD_KAFKA_RESP_ERR__PARTITION_EOF { return nil }
        let topic = raw.pointee.rkt.flatMap { rd_kafka_topic_name($0) }.map { String(cString: $0) }
        let partition = topic.map { KafkaTopicPartition(topic: $0, partition: raw.pointee.partition) }
        let detail = rd_kafka_message_errstr(raw).map { String(cString: $0) } ?? ""
        let context = partition.map { "consuming \($0)" } ?? "consuming"
        if code == RD_KAFKA_RESP_ERR__FATAL {
            return client.fatalError() ?? KafkaError(rd: code, context: context, isFatal: true)
        }
        var error = KafkaError(rd: code, context: context)
        if !detail.isEmpty {
            error = KafkaError(code: error.code, message: "\(context): \(detail)", isRetriable: error.isRetriable, isFatal: error.isFatal)
        }
        logger.warning("\(error)")
        onError(error, partition)
        return nil
    }

    private static func message(from raw: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaMessage {
        let topic = raw.pointee.rkt.flatMap { rd_kafka_topic_name($0) }.map { String(cString: $0) } ?? ""
        let key: [UInt8]? = raw.pointee.key.map { Array(UnsafeRawBufferPointer(start: $0, count: raw.pointee.key_len)) }
        let value: [UInt8]? = raw.pointee.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: raw.pointee.len)) }
        var headers: [KafkaHeader] = []
        var rdHeaders: OpaquePointer? = nil
        if rd_kafka_message_headers(raw, &rdHeaders) == RD_KAFKA_RESP_ERR_NO_ERROR, let rdHeaders {
            var index = 0
            var name: UnsafePointer<CChar>? = nil
            var valuePointer: UnsafeRawPointer? = nil
            var size = 0
            while rd_kafka_header_get_all(rdHeaders, index, &name, &valuePointer, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                let headerValue = valuePointer.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }
                headers.append(KafkaHeader(key: name.map { String(cString: $0) } ?? "", value: headerValue))
                index += 1
            }
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let milliseconds = rd_kafka_message_timestamp(raw, &timestampType)
        let timestamp = milliseconds >= 0 ? Date(timeIntervalSince1970: Double(milliseconds) / 1000) : nil
        return KafkaMessage(
            topic: topic, partition: raw.pointee.partition, offset: raw.pointee.offset,
            key: key, value: value, headers: headers, timestamp: timestamp)
    }

    /// The rebalance callback (eager protocol): assign with the handler's starting positions, or
    /// give everything up.
    private static func rebalance(
        handle: OpaquePointer, code: rd_kafka_resp_err_t, list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>,
        handler: KafkaRebalanceHandler, logger: Logger, state: PartitionState
    ) {
        let partitions = RDKafkaClient.topicPartitions(list)
        if code == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS {
            let starts = handler.onAssign(partitions)
            for index in 0..<Int(list.pointee.cnt) {
                let element = list.pointee.elems[index]
                let partition = KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)
                list.pointee.elems[index].offset = (starts[partition] ?? .committed).rdOffset
            }
            let err = rd_kafka_assign(handle, list)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                logger.error("\(KafkaError(rd: err, context: "taking the assigned partitions"))")
            }
            state.assigned.withLock { $0 = Set(partitions) }
            logger.info("assigned \(partitions.count) partitions: \(partitions.map(\.description).joined(separator: ", "))")
        } else {
            handler.onRevoke(partitions)
            state.revokedDuringPoll.withLock { $0.formUnion(partitions) }
            state.assigned.withLock { $0.subtract(partitions) }
            rd_kafka_assign(handle, nil)
            let why = code == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS ? "revoked" : "lost"
            logger.info("\(why) \(partitions.count) partitions")
        }
    }
}

/// The partitions a consumer holds, shared between its poll thread and its callers.
final class PartitionState: Sendable {
    let assigned = Mutex<Set<KafkaTopicPartition>>([])
    /// Partitions revoked during the current poll: records of theirs already drained are dropped.
    let revokedDuringPoll = Mutex<Set<KafkaTopicPartition>>([])
}
