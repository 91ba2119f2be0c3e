import Crdkafka
import Logging
import Synchronization

/// A Kafka producer: idempotent by default, keyed records with headers, delivery awaited per
/// record or per batch, and errors as ``KafkaError`` values.
///
/// Records with the same key go to the same partition, the one a Java producer would choose
/// (`murmur2_random`). A full local queue makes `send` wait for room, never fail.
///
/// ```swift
/// let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
/// let report = try await producer.send(KafkaProducerRecord(topic: "orders", key: "SO-1", value: bytes))
/// await producer.close()
/// ```
public final class KafkaProducer: Sendable {
    private let client: RDKafkaClient
    private let deliveries: DeliveryRegistry
    private let pollLoop: PollLoop
    private let logger: Logger
    private let closed = Atomic<Bool>(false)

    /// Creates a producer and starts its delivery thread.
    ///
    /// - Throws: ``KafkaError`` with ``KafkaError/Code/invalidConfiguration`` naming a rejected property.
    public init(configuration: KafkaProducerConfiguration, logger: Logger = Logger(label: "onepoint.kafka.producer")) throws(KafkaError) {
        let deliveries = DeliveryRegistry()
        let context = RDKafkaClientContext(
            logger: logger,
            statistics: KafkaStatisticsReporter(clientLabel: configuration.client.clientID),
            onDelivery: { message in deliveries.deliver(message) })
        let client = try RDKafkaClient(type: RD_KAFKA_PRODUCER, properties: configuration.rdProperties, context: context)
        self.client = client
        self.deliveries = deliveries
        self.logger = logger
        self.pollLoop = PollLoop(client: client, name: "rdkafka-poll-\(client.name)")
    }

    deinit {
        pollLoop.stop()
        deliveries.close()
        client.destroy()
    }

    /// Sends one record and waits until the cluster has it.
    ///
    /// - Returns: where the record landed.
    /// - Throws: ``KafkaError``; `isRetriable` says whether sending it again may work.
    @discardableResult
    public func send(_ record: KafkaProducerRecord) async throws(KafkaError) -> KafkaDeliveryReport {
        let results = await send([record])
        return try results[0].get()
    }

    /// Sends records in order and waits until each has been delivered or has failed.
    ///
    /// Records with the same key keep their order. One result per record, in the same order.
    public func send(_ records: [KafkaProducerRecord]) async -> [Result<KafkaDeliveryReport, KafkaError>] {
        await submit(records).results()
    }

    /// Hands records to the producer in order and returns without waiting for their delivery.
    ///
    /// Returns once every record is in librdkafka's queue (waiting for room when it is full), so
    /// a later `submit` or `send` is ordered after these. Await ``KafkaPendingDeliveries/results()``
    /// for the outcome. This is how a pipe keeps several batches in flight.
    public func submit(_ records: [KafkaProducerRecord]) async -> KafkaPendingDeliveries {
        guard records.count <= DeliveryRegistry.maxBatchCount else {
            let error = KafkaError.invalidArgument("a batch holds at most \(DeliveryRegistry.maxBatchCount) records, not \(records.count)")
            let batch = deliveries.open(count: records.count)
            for index in records.indices { deliveries.fail(batch, index: index, with: error) }
            return KafkaPendingDeliveries(batch: batch, registry: deliveries)
        }
        let batch = deliveries.open(count: records.count)
        for (index, record) in records.enumerated() {
            if let error = await enqueue(record, opaque: batch.opaque(index)) {
                deliveries.fail(batch, index: index, with: error)
            }
        }
        return KafkaPendingDeliveries(batch: batch, registry: deliveries)
    }

    /// Waits until every record sent so far is delivered or has failed, at most `timeout`.
    ///
    /// - Throws: ``KafkaError/Code/timedOut`` when records are still in flight at the end.
    public func flush(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        let client = self.client
        try await Blocking.run { () throws(KafkaError) in
            let err = rd_kafka_flush(client.handle, Int32(clamping: timeout.milliseconds))
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw KafkaError(rd: err, context: "flushing the producer (\(rd_kafka_outq_len(client.handle)) records still in flight)")
            }
        }
    }

    /// Delivers what is in flight (at most `timeout`), then releases the client. Records still
    /// undelivered then fail with ``KafkaError/Code/closed``. Calling it twice does nothing.
    public func close(timeout: Duration = .seconds(10)) async {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        do {
            try await flush(timeout: timeout)
        } catch {
            logger.warning("closing the producer with records undelivered: \(error)")
        }
        let (pollLoop, deliveries, client) = (self.pollLoop, self.deliveries, self.client)
        await Blocking.run {
            pollLoop.stop()
            deliveries.close()
            client.destroy()
        }
    }

    /// Records waiting in the producer's queue or in flight to a broker.
    public var inFlightCount: Int {
        client.isDestroyed ? 0 : Int(rd_kafka_outq_len(client.handle))
    }

    /// The fatal error that ended this producer, if one did: an idempotent producer that lost
    /// track of its sequence numbers never sends again and must be replaced by a new one.
    public var fatalFailure: KafkaError? {
        client.isDestroyed ? nil : client.fatalError()
    }

    /// Raises a fatal error in the client as a broker's answer would (librdkafka's
    /// `rd_kafka_test_fatal_error`), for tests of what a worker does about one.
    public func injectFatalErrorForTesting(reason: String) {
        guard !client.isDestroyed else { return }
        _ = rd_kafka_test_fatal_error(client.handle, RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER, reason)
    }

    /// The number of partitions of `topic`, from the cluster's metadata.
    public func partitionCount(topic: String, timeout: Duration = .seconds(10)) async throws(KafkaError) -> Int {
        let client = self.client
        return try await Blocking.run { () throws(KafkaError) in try client.partitionCount(topic: topic, timeout: timeout) }
    }

    /// Puts one record in librdkafka's queue, waiting for room while the queue is full.
    /// Returns the error when the record cannot be enqueued.
    private func enqueue(_ record: KafkaProducerRecord, opaque: UnsafeMutableRawPointer?) async -> KafkaError? {
        if closed.load(ordering: .relaxed) { return .closed("the producer") }
        while true {
            let err = produce(record, opaque: opaque)
            switch err {
            case RD_KAFKA_RESP_ERR_NO_ERROR:
                return nil
            case RD_KAFKA_RESP_ERR__QUEUE_FULL:
                // Reports keep arriving while the queue is full, so waiting for the next one is safe.
                await deliveries.waitForRoom(after: deliveries.generation)
                if closed.load(ordering: .acquiring) { return .closed("the producer") }
            case RD_KAFKA_RESP_ERR__FATAL:
                return client.fatalError() ?? KafkaError(rd: err, context: "producing to '\(record.topic)'", isFatal: true)
            default:
                return KafkaError(rd: err, context: "producing to '\(record.topic)'")
            }
        }
    }

    private func produce(_ record: KafkaProducerRecord, opaque: UnsafeMutableRawPointer?) -> rd_kafka_resp_err_t {
        var headers: OpaquePointer? = nil
        if !record.headers.isEmpty {
            headers = rd_kafka_headers_new(record.headers.count)
            for header in record.headers {
                if let value = header.value {
                    value.withUnsafeBytes { bytes in
                        _ = rd_kafka_header_add(headers, header.key, -1, bytes.baseAddress, bytes.count)
                    }
                } else {
                    _ = rd_kafka_header_add(headers, header.key, -1, nil, 0)
                }
            }
        }
        let partition = record.partition ?? RD_KAFKA_PARTITION_UA
        let err = withOptionalBytes(record.key) { key, keyLength in
            withOptionalBytes(record.value) { value, valueLength in
                onepoint_produce(client.handle, record.topic, partition, key, keyLength, value, valueLength, headers, opaque)
            }
        }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR, let headers {
            rd_kafka_headers_destroy(headers)  // still ours when the record was refused
        }
        return err
    }
}

/// Calls `body` with a pointer to the bytes (or NULL for `nil`) and their count.
@inline(__always)
func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawPointer?, Int) -> R) -> R {
    guard let bytes else { return body(nil, 0) }
    return bytes.withUnsafeBytes { buffer in
        // An empty array has no base address: librdkafka then writes an empty (not null) value.
        body(buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), buffer.count)
    }
}

/// Records submitted with ``KafkaProducer/submit(_:)`` whose delivery has not been awaited yet.
public struct KafkaPendingDeliveries: Sendable {
    let batch: DeliveryRegistry.Batch
    let registry: DeliveryRegistry

    /// The number of records.
    public var count: Int { batch.count }

    /// Whether every record has been delivered or has failed, without waiting.
    public var isSettled: Bool { registry.isSettled(batch) }

    /// Waits until every record is delivered or has failed; one result per record, in order.
    public func results() async -> [Result<KafkaDeliveryReport, KafkaError>] {
        await registry.wait(batch)
    }
}
