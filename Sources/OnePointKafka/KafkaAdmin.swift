import Crdkafka
import Logging

/// Administers a real Kafka cluster: creates topics.
///
/// librdkafka 2.0.2's mock cluster has no admin API; use ``EmbeddedKafkaCluster/createTopic(_:)``
/// there.
public final class KafkaAdmin: Sendable {
    private let client: RDKafkaClient
    private let pollLoop: PollLoop

    public init(configuration: KafkaClientConfiguration, logger: Logger = Logger(label: "onepoint.kafka.admin")) throws(KafkaError) {
        let context = RDKafkaClientContext(logger: logger, statistics: KafkaStatisticsReporter(clientLabel: configuration.clientID))
        let properties = configuration.rdProperties + configuration.properties.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value) }
        client = try RDKafkaClient(type: RD_KAFKA_PRODUCER, properties: properties, context: context)
        pollLoop = PollLoop(client: client, name: "rdkafka-admin")
    }

    deinit {
        pollLoop.stop()
        client.destroy()
    }

    /// Creates the topics that do not exist yet. A topic that exists already is not an error.
    ///
    /// - Returns: the names of the topics this call created.
    /// - Throws: ``KafkaError`` for the first topic the cluster refused, naming it.
    @discardableResult
    public func createTopics(_ topics: [KafkaTopicSpec], timeout: Duration = .seconds(30)) async throws(KafkaError) -> [String] {
        for topic in topics { try topic.validate() }
        guard !topics.isEmpty else { return [] }
        let client = self.client
        return try await Blocking.run { () throws(KafkaError) in try Self.createBlocking(client, topics, timeout) }
    }

    private static func createBlocking(_ client: RDKafkaClient, _ topics: [KafkaTopicSpec], _ timeout: Duration) throws(KafkaError) -> [String] {
        var errorText = [CChar](repeating: 0, count: 512)
        var newTopics: [OpaquePointer?] = []
        defer { for topic in newTopics { rd_kafka_NewTopic_destroy(topic) } }
        for spec in topics {
            guard let newTopic = rd_kafka_NewTopic_new(spec.name, Int32(clamping: spec.partitions), Int32(clamping: spec.replicationFactor), &errorText, errorText.count) else {
                throw .invalidArgument("topic '\(spec.name)': \(errorBufferText(errorText))")
            }
            newTopics.append(newTopic)
            for (key, value) in spec.configs.sorted(by: { $0.key < $1.key }) {
                let err = rd_kafka_NewTopic_set_config(newTopic, key, value)
                if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                    throw KafkaError(rd: err, context: "topic '\(spec.name)' config '\(key)'")
                }
            }
        }
        guard let resultQueue = rd_kafka_queue_new(client.handle) else {
            throw KafkaError(code: .clientCreation, message: "could not create an admin result queue")
        }
        defer { rd_kafka_queue_destroy(resultQueue) }
        let options = rd_kafka_AdminOptions_new(client.handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        let milliseconds = Int32(clamping: timeout.milliseconds)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, milliseconds, &errorText, errorText.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, milliseconds, &errorText, errorText.count)
        newTopics.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_CreateTopics(client.handle, buffer.baseAddress, buffer.count, options, resultQueue)
        }
        guard let event = rd_kafka_queue_poll(resultQueue, milliseconds + 1000) else {
            throw KafkaError(code: .timedOut, message: "creating topics: no answer from the cluster within \(timeout)", isRetriable: true)
        }
        defer { rd_kafka_event_destroy(event) }
        let eventError = rd_kafka_event_error(event)
        if eventError != RD_KAFKA_RESP_ERR_NO_ERROR {
            let detail = rd_kafka_event_error_string(event).map { String(cString: $0) } ?? ""
            let base = KafkaError(rd: eventError, context: "creating topics")
            throw KafkaError(code: base.code, message: detail.isEmpty ? base.message : "creating topics: \(detail)", isRetriable: base.isRetriable)
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else {
            throw KafkaError(code: .clientCreation, message: "creating topics: unexpected admin event")
        }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return [] }
        var created: [String] = []
        for index in 0..<count {
            guard let topicResult = results[index] else { continue }
            let name = String(cString: rd_kafka_topic_result_name(topicResult))
            let err = rd_kafka_topic_result_error(topicResult)
            switch err {
            case RD_KAFKA_RESP_ERR_NO_ERROR: created.append(name)
            case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS: continue
            default:
                let detail = rd_kafka_topic_result_error_string(topicResult).map { String(cString: $0) } ?? ""
                let base = KafkaError(rd: err, context: "creating topic '\(name)'")
                throw KafkaError(code: base.code, message: detail.isEmpty ? base.message : "creating topic '\(name)': \(detail)", isRetriable: base.isRetriable)
            }
        }
        return created
    }
}
