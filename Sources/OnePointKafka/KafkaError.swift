import Crdkafka

/// An error from the Kafka layer: a value with a ``code`` a caller can match, flags that say
/// whether retrying can help, and a message a person can act on.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong. Broker and client error codes carry librdkafka's numeric code and name
    /// (for example `-185 _TIMED_OUT`, `6 NOT_LEADER_OR_FOLLOWER`); the layer's own codes are negative
    /// numbers below librdkafka's range.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// librdkafka's `rd_kafka_resp_err_t` value, or one of the layer's own (≤ -10_000).
        public let rawValue: Int32
        /// The symbolic name, such as `_TRANSPORT` or `TOPIC_ALREADY_EXISTS`.
        public let name: String

        public init(rawValue: Int32, name: String) {
            self.rawValue = rawValue
            self.name = name
        }

        public var description: String { name }

        public static func == (lhs: Code, rhs: Code) -> Bool { lhs.rawValue == rhs.rawValue }
        public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

        /// A configuration property was rejected (unknown key or invalid value).
        public static let invalidConfiguration = Code(rawValue: -10_001, name: "INVALID_CONFIGURATION")
        /// The client could not be created.
        public static let clientCreation = Code(rawValue: -10_002, name: "CLIENT_CREATION")
        /// The client was closed; no more calls are accepted.
        public static let closed = Code(rawValue: -10_003, name: "CLOSED")
        /// An argument was invalid (empty topic name, zero partitions, …).
        public static let invalidArgument = Code(rawValue: -10_004, name: "INVALID_ARGUMENT")
        /// The embedded (mock) cluster could not be created or changed.
        public static let embeddedCluster = Code(rawValue: -10_005, name: "EMBEDDED_CLUSTER")

        /// A request or delivery timed out (`_TIMED_OUT`).
        public static let timedOut = Code(rd: RD_KAFKA_RESP_ERR__TIMED_OUT)
        /// A message was not delivered within `message.timeout.ms` (`_MSG_TIMED_OUT`).
        public static let messageTimedOut = Code(rd: RD_KAFKA_RESP_ERR__MSG_TIMED_OUT)
        /// The producer queue is full (`_QUEUE_FULL`).
        public static let queueFull = Code(rd: RD_KAFKA_RESP_ERR__QUEUE_FULL)
        /// The topic does not exist (`UNKNOWN_TOPIC_OR_PART`).
        public static let unknownTopicOrPartition = Code(rd: RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
        /// The topic exists already (`TOPIC_ALREADY_EXISTS`).
        public static let topicAlreadyExists = Code(rd: RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
        /// The message is larger than the broker or client allows (`MSG_SIZE_TOO_LARGE`).
        public static let messageTooLarge = Code(rd: RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE)
        /// A requested offset is outside what the partition holds (`OFFSET_OUT_OF_RANGE`).
        public static let offsetOutOfRange = Code(rd: RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE)
        /// `auto.offset.reset=error` met a position with no valid offset (`_AUTO_OFFSET_RESET`).
        public static let autoOffsetReset = Code(rd: RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET)
        /// The broker does not support the request (`_UNSUPPORTED_FEATURE`).
        public static let unsupportedFeature = Code(rd: RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE)
        /// A fatal client error, e.g. an idempotence guarantee could not be kept (`_FATAL`).
        public static let fatal = Code(rd: RD_KAFKA_RESP_ERR__FATAL)
        /// All brokers are down (`_ALL_BROKERS_DOWN`).
        public static let allBrokersDown = Code(rd: RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
        /// A broker connection failed (`_TRANSPORT`).
        public static let transport = Code(rd: RD_KAFKA_RESP_ERR__TRANSPORT)
    }

    /// What went wrong.
    public let code: Code
    /// What happened and, where it helps, what to do about it.
    public let message: String
    /// Retrying the same operation may succeed (a leader moved, a broker was briefly away).
    public let isRetriable: Bool
    /// The client can no longer be used and must be recreated.
    public let isFatal: Bool

    public init(code: Code, message: String, isRetriable: Bool = false, isFatal: Bool = false) {
        self.code = code
        self.message = message
        self.isRetriable = isRetriable
        self.isFatal = isFatal
    }

    public var description: String {
        var flags: [String] = []
        if isRetriable { flags.append("retriable") }
        if isFatal { flags.append("fatal") }
        let suffix = flags.isEmpty ? "" : ", " + flags.joined(separator: ", ")
        return "\(message) [\(code.name) \(code.rawValue)\(suffix)]"
    }
}

extension KafkaError.Code {
    init(rd: rd_kafka_resp_err_t) {
        let name = rd_kafka_err2name(rd).map { String(cString: $0) } ?? "ERR_\(rd.rawValue)"
        self.init(rawValue: rd.rawValue, name: name)
    }
}

extension KafkaError {
    /// Builds an error from a librdkafka response code, with librdkafka's description and a context
    /// line from the caller ("producing to 'orders'").
    init(rd: rd_kafka_resp_err_t, context: String, isFatal: Bool = false) {
        let text = rd_kafka_err2str(rd).map { String(cString: $0) } ?? "unknown error"
        self.init(
            code: Code(rd: rd),
            message: "\(context): \(text)",
            isRetriable: Self.isRetriable(rd),
            isFatal: isFatal || rd == RD_KAFKA_RESP_ERR__FATAL)
    }

    /// Builds an error from a librdkafka `rd_kafka_error_t`, taking ownership (it is destroyed).
    init(consuming error: OpaquePointer, context: String) {
        defer { rd_kafka_error_destroy(error) }
        let code = rd_kafka_error_code(error)
        let text = rd_kafka_error_string(error).map { String(cString: $0) } ?? "unknown error"
        self.init(
            code: Code(rd: code),
            message: "\(context): \(text)",
            isRetriable: rd_kafka_error_is_retriable(error) != 0 || Self.isRetriable(code),
            isFatal: rd_kafka_error_is_fatal(error) != 0)
    }

    static func closed(_ what: String) -> KafkaError {
        KafkaError(code: .closed, message: "\(what) was closed; create a new one")
    }

    static func invalidArgument(_ message: String) -> KafkaError {
        KafkaError(code: .invalidArgument, message: message)
    }

    /// The response codes after which the same request can succeed on a later try.
    static func isRetriable(_ code: rd_kafka_resp_err_t) -> Bool {
        switch code {
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__TIMED_OUT,
            RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__WAIT_COORD,
            RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
            RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
            RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR,
            RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS:
            true
        default:
            false
        }
    }
}
