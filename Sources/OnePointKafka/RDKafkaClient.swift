import Crdkafka
import Dispatch
import Foundation
import Logging
import Synchronization

/// What a client's C callbacks need. librdkafka hands it back as the `opaque` pointer, retained for
/// the client's whole life.
final class RDKafkaClientContext: Sendable {
    let logger: Logger
    let statistics: KafkaStatisticsReporter
    /// Set by a producer: called for every delivery report, on the thread that serves the main queue.
    let onDelivery: (@Sendable (UnsafePointer<rd_kafka_message_t>) -> Void)?
    /// Set by a consumer: called on rebalance, on the consumer's poll thread.
    let onRebalance: (@Sendable (OpaquePointer, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> Void)?
    /// The first fatal error the client reported, if any.
    let fatalError = Mutex<KafkaError?>(nil)

    init(
        logger: Logger,
        statistics: KafkaStatisticsReporter,
        onDelivery: (@Sendable (UnsafePointer<rd_kafka_message_t>) -> Void)? = nil,
        onRebalance: (@Sendable (OpaquePointer, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> Void)? = nil
    ) {
        self.logger = logger
        self.statistics = statistics
        self.onDelivery = onDelivery
        self.onRebalance = onRebalance
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> RDKafkaClientContext? {
        guard let opaque else { return nil }
        return Unmanaged<RDKafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
    }
}

/// Owns one `rd_kafka_t` and destroys it once. librdkafka handles are thread-safe, so this may be
/// shared across threads and tasks.
final class RDKafkaClient: @unchecked Sendable {
    let handle: OpaquePointer
    let context: RDKafkaClientContext
    let name: String
    private let retainedContext: Unmanaged<RDKafkaClientContext>
    private let destroyed = Atomic<Bool>(false)

    /// Creates a client of `type` with `properties`, in order; a later key overrides an earlier one.
    init(type: rd_kafka_type_t, properties: [(String, String)], context: RDKafkaClientContext) throws(KafkaError) {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(code: .clientCreation, message: "librdkafka could not allocate a configuration")
        }
        var errorText = [CChar](repeating: 0, count: 512)
        for (key, value) in properties {
            let result = rd_kafka_conf_set(conf, key, value, &errorText, errorText.count)
            if result != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                let reason = errorBufferText(errorText)
                throw KafkaError(
                    code: .invalidConfiguration,
                    message: "Kafka property '\(key)' = '\(KafkaSecurity.redacted(key, value))' was rejected: \(reason)")
            }
        }
        let retained = Unmanaged.passRetained(context)
        rd_kafka_conf_set_opaque(conf, retained.toOpaque())
        rd_kafka_conf_set_log_cb(conf, rdLogCallback)
        rd_kafka_conf_set_error_cb(conf, rdErrorCallback)
        rd_kafka_conf_set_stats_cb(conf, rdStatsCallback)
        if context.onDelivery != nil {
            rd_kafka_conf_set_dr_msg_cb(conf, rdDeliveryCallback)
        }
        if context.onRebalance != nil {
            rd_kafka_conf_set_rebalance_cb(conf, rdRebalanceCallback)
        }
        guard let handle = rd_kafka_new(type, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            retained.release()
            let reason = errorBufferText(errorText)
            throw KafkaError(code: .clientCreation, message: "could not create the Kafka client: \(reason)")
        }
        self.handle = handle
        self.context = context
        self.retainedContext = retained
        self.name = rd_kafka_name(handle).map { String(cString: $0) } ?? "rdkafka"
    }

    /// Destroys the handle; later calls do nothing. Blocks until librdkafka's threads are gone.
    func destroy() {
        guard !destroyed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        rd_kafka_destroy(handle)
        retainedContext.release()
    }

    var isDestroyed: Bool { destroyed.load(ordering: .acquiring) }

    /// Gives the handle up without destroying it (a call on another thread still blocks on it):
    /// it is never destroyed, and its context stays alive for librdkafka's threads.
    func abandon() {
        _ = destroyed.exchange(true, ordering: .acquiringAndReleasing)
    }

    deinit {
        destroy()
    }

    /// The fatal error the client met, if any: from then on it can no longer produce or consume.
    func fatalError() -> KafkaError? {
        var text = [CChar](repeating: 0, count: 512)
        let code = rd_kafka_fatal_error(handle, &text, text.count)
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        let reason = errorBufferText(text)
        return KafkaError(code: KafkaError.Code(rd: code), message: "fatal Kafka client error: \(reason)", isFatal: true)
    }

    /// The number of partitions of `topic` as the cluster reports it.
    func partitionCount(topic: String, timeout: Duration) throws(KafkaError) -> Int {
        guard let rkt = rd_kafka_topic_new(handle, topic, nil) else {
            throw KafkaError.invalidArgument("invalid topic name '\(topic)'")
        }
        defer { rd_kafka_topic_destroy(rkt) }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(handle, 0, rkt, &metadata, Int32(clamping: timeout.milliseconds))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw KafkaError(rd: err, context: "reading metadata of topic '\(topic)'")
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        guard metadata.pointee.topic_cnt > 0, let topics = metadata.pointee.topics else {
            throw KafkaError(code: .unknownTopicOrPartition, message: "topic '\(topic)' is not in the cluster's metadata")
        }
        let entry = topics[0]
        if entry.err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(rd: entry.err, context: "reading metadata of topic '\(topic)'")
        }
        return Int(entry.partition_cnt)
    }

    /// The low and high watermarks (first held offset, next offset to be written) of a partition.
    func watermarks(_ partition: KafkaTopicPartition, timeout: Duration) throws(KafkaError) -> (low: Int64, high: Int64) {
        var low: Int64 = 0
        var high: Int64 = 0
        let err = rd_kafka_query_watermark_offsets(
            handle, partition.topic, partition.partition, &low, &high, Int32(clamping: timeout.milliseconds))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(rd: err, context: "querying the offsets of \(partition)")
        }
        return (low, high)
    }
}

// MARK: - C callbacks (no captures; the context comes back through the opaque pointer)

private let rdLogCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
    handle, level, facility, buffer in
    guard let handle, let context = RDKafkaClientContext.from(rd_kafka_opaque(handle)) else { return }
    let text = buffer.map { String(cString: $0) } ?? ""
    let fac = facility.map { String(cString: $0) } ?? ""
    let swiftLevel: Logger.Level =
        switch level {
        case ...2: .critical
        case 3: .error
        case 4: .warning
        case 5: .notice
        case 6: .info
        default: .debug
        }
    context.logger.log(level: swiftLevel, "\(text)", metadata: ["rdkafka.facility": "\(fac)"], source: "librdkafka")
}

private let rdErrorCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = {
    handle, code, reason, opaque in
    guard let context = RDKafkaClientContext.from(opaque) else { return }
    let text = reason.map { String(cString: $0) } ?? ""
    let rdCode = rd_kafka_resp_err_t(rawValue: code)
    if rdCode == RD_KAFKA_RESP_ERR__FATAL {
        var detail = [CChar](repeating: 0, count: 512)
        var underlying = rdCode
        if let handle {
            underlying = rd_kafka_fatal_error(handle, &detail, detail.count)
        }
        let message = errorBufferText(detail)
        let error = KafkaError(code: KafkaError.Code(rd: underlying), message: "fatal Kafka client error: \(message.isEmpty ? text : message)", isFatal: true)
        context.fatalError.withLock { if $0 == nil { $0 = error } }
        context.logger.critical("\(error)")
    } else {
        let name = rd_kafka_err2name(rdCode).map { String(cString: $0) } ?? "\(code)"
        // Transport errors and "all brokers down" are reported here and retried by librdkafka.
        context.logger.warning("Kafka client error \(name): \(text)")
    }
}

private let rdStatsCallback: @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int, UnsafeMutableRawPointer?) -> Int32 = {
    _, json, length, opaque in
    guard let json, let context = RDKafkaClientContext.from(opaque) else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: json, count: length)
    context.statistics.report(json: Data(bytes))
    return 0  // librdkafka frees the JSON
}

private let rdDeliveryCallback: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
    _, message, opaque in
    guard let message, let context = RDKafkaClientContext.from(opaque) else { return }
    context.onDelivery?(message)
}

private let rdRebalanceCallback: @convention(c) (OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, UnsafeMutableRawPointer?) -> Void = {
    handle, code, partitions, opaque in
    guard let handle, let partitions else { return }
    guard let context = RDKafkaClientContext.from(opaque), let onRebalance = context.onRebalance else {
        // No handler: keep librdkafka's default behaviour.
        if code == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS {
            rd_kafka_assign(handle, partitions)
        } else {
            rd_kafka_assign(handle, nil)
        }
        return
    }
    onRebalance(handle, code, partitions)
}

/// A librdkafka pointer that librdkafka documents as safe to use from any thread.
struct SendableHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// The text librdkafka wrote into a NUL-terminated error buffer.
func errorBufferText(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

// MARK: - Partition lists

extension RDKafkaClient {
    /// The topic-partitions of a librdkafka list.
    static func topicPartitions(_ list: UnsafePointer<rd_kafka_topic_partition_list_t>) -> [KafkaTopicPartition] {
        var result: [KafkaTopicPartition] = []
        result.reserveCapacity(Int(list.pointee.cnt))
        for index in 0..<Int(list.pointee.cnt) {
            let element = list.pointee.elems[index]
            result.append(KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition))
        }
        return result
    }

    /// A new librdkafka list holding `entries`; the caller destroys it.
    static func makeList(_ entries: [(KafkaTopicPartition, Int64)]) -> UnsafeMutablePointer<rd_kafka_topic_partition_list_t> {
        let list = rd_kafka_topic_partition_list_new(Int32(clamping: max(entries.count, 1)))!
        for (partition, offset) in entries {
            let element = rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition)
            element?.pointee.offset = offset
        }
        return list
    }
}

extension KafkaOffset {
    /// librdkafka's encoding of this position.
    var rdOffset: Int64 {
        switch self {
        case .beginning: Int64(RD_KAFKA_OFFSET_BEGINNING)
        case .end: Int64(RD_KAFKA_OFFSET_END)
        case .committed: Int64(RD_KAFKA_OFFSET_STORED)
        case .exact(let offset): offset
        }
    }
}
