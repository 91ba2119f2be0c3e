import Crdkafka
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// librdkafka's mock Kafka cluster: N brokers speaking the real Kafka protocol on loopback, inside
/// this process. The embedded default of `onepoint dev` and the cluster of every Kafka test.
///
/// Limits of the mock in librdkafka 2.0.2 (see `docs/kafka.md`):
/// - everything is in memory and gone when the cluster is closed;
/// - a partition keeps about 5 MiB or 100 000 batches; older records are dropped, so the low
///   watermark moves;
/// - no admin API (topics are created here, with ``createTopic(_:)``);
/// - transactions are accepted on the wire but not really implemented.
/// Replication is simulated: the replication factor is recorded, data lives once.
public final class EmbeddedKafkaCluster: Sendable {
    /// Broker request types, for ``pushRequestErrors(_:_:)``.
    public struct APIKey: Sendable, Hashable {
        public var rawValue: Int16
        public init(rawValue: Int16) { self.rawValue = rawValue }
        public static let produce = APIKey(rawValue: 0)
        public static let fetch = APIKey(rawValue: 1)
        public static let listOffsets = APIKey(rawValue: 2)
        public static let metadata = APIKey(rawValue: 3)
        public static let offsetCommit = APIKey(rawValue: 8)
        public static let offsetFetch = APIKey(rawValue: 9)
        public static let findCoordinator = APIKey(rawValue: 10)
        public static let joinGroup = APIKey(rawValue: 11)
        public static let heartbeat = APIKey(rawValue: 12)
        public static let syncGroup = APIKey(rawValue: 14)
        public static let initProducerID = APIKey(rawValue: 22)
    }

    /// Error codes to inject with ``pushRequestErrors(_:_:)``.
    public struct InjectedError: Sendable, Hashable {
        var rd: rd_kafka_resp_err_t
        public static let notLeaderForPartition = InjectedError(rd: RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION)
        public static let requestTimedOut = InjectedError(rd: RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT)
        public static let notEnoughReplicas = InjectedError(rd: RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS)
        public static let leaderNotAvailable = InjectedError(rd: RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE)
        public static let coordinatorNotAvailable = InjectedError(rd: RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE)
        public static let topicAuthorizationFailed = InjectedError(rd: RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED)
        /// The code as a ``KafkaError/Code``.
        public var code: KafkaError.Code { KafkaError.Code(rd: rd) }
    }

    /// The `bootstrap.servers` string of the cluster's brokers, on 127.0.0.1.
    public let bootstrapServers: String
    /// The broker ids, 1 to N.
    public let brokerIDs: [Int32]

    private let owner: RDKafkaClient
    private let handle: SendableHandle
    private var cluster: OpaquePointer { handle.pointer }
    private let closed = Atomic<Bool>(false)

    /// Starts a cluster of `brokers` brokers and creates `topics`.
    ///
    /// - Throws: ``KafkaError/Code/embeddedCluster`` when the cluster cannot start.
    public init(brokers: Int = 3, topics: [KafkaTopicSpec] = [], logger: Logger = Logger(label: "onepoint.kafka.embedded")) throws(KafkaError) {
        guard (1...32).contains(brokers) else {
            throw .invalidArgument("an embedded cluster has 1 to 32 brokers, not \(brokers)")
        }
        let context = RDKafkaClientContext(logger: logger, statistics: KafkaStatisticsReporter(clientLabel: "embedded-cluster"))
        // The mock cluster needs a client handle to own its thread; this one never connects.
        let owner = try RDKafkaClient(
            type: RD_KAFKA_PRODUCER,
            properties: [("client.id", "onepoint-embedded-cluster"), ("log_level", "3")],
            context: context)
        guard let cluster = Self.withSignalsBlocked({ rd_kafka_mock_cluster_new(owner.handle, Int32(brokers)) }) else {
            owner.destroy()
            throw KafkaError(code: .embeddedCluster, message: "librdkafka could not start a mock cluster of \(brokers) brokers (are loopback ports free?)")
        }
        self.owner = owner
        self.handle = SendableHandle(pointer: cluster)
        self.bootstrapServers = rd_kafka_mock_cluster_bootstraps(cluster).map { String(cString: $0) } ?? ""
        self.brokerIDs = (1...Int32(brokers)).map { $0 }
        for topic in topics {
            do {
                try createTopic(topic)
            } catch where error.code == .topicAlreadyExists {
                // A client that found the new listener first (one still retrying an address that
                // was another cluster's) had it auto-created, with the cluster's default
                // partitions: kept, and said.
                logger.warning(
                    "topic \(topic.name) was auto-created by a client before it could be created with \(topic.partitions) partitions; kept as it is")
            }
        }
    }

    deinit {
        close()
    }

    /// Runs `body` with every signal that can be blocked blocked on the calling thread, so that a
    /// thread it starts inherits that mask.
    ///
    /// The mock cluster's thread (`rdk:mock`) waits in `poll()`, and librdkafka 2.0.2 ends that
    /// thread, and with it every broker of the cluster, when `poll()` fails, which it does with
    /// `EINTR` whenever a signal with a handler is delivered to that thread. A thread inherits
    /// the signal mask of the thread that starts it, and the mock's is started by
    /// `rd_kafka_mock_cluster_new` on the caller's thread, which may block few signals or none (a
    /// process's main thread blocks none; `onepoint dev` handles SIGINT and SIGTERM). Started with
    /// every signal blocked, as librdkafka starts its own threads, the mock thread is never
    /// chosen to receive one. glibc keeps its two internal signals (32 and 33, sent across
    /// threads by `pthread_cancel` and by `setuid` and its kin) deliverable to every thread;
    /// OnePoint calls neither.
    static func withSignalsBlocked<T>(_ body: () -> T) -> T {
        #if canImport(Glibc)
        var all = sigset_t()
        var previous = sigset_t()
        sigfillset(&all)
        let blocked = pthread_sigmask(SIG_SETMASK, &all, &previous) == 0
        defer { if blocked { pthread_sigmask(SIG_SETMASK, &previous, nil) } }
        #endif
        return body()
    }

    /// Stops every broker and frees the data. Calling it twice does nothing.
    public func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        rd_kafka_mock_cluster_destroy(cluster)
        owner.destroy()
    }

    /// Creates a topic. The replication factor is capped at the number of brokers.
    public func createTopic(_ spec: KafkaTopicSpec) throws(KafkaError) {
        try spec.validate()
        try checkOpen()
        let replication = min(spec.replicationFactor, brokerIDs.count)
        let err = rd_kafka_mock_topic_create(cluster, spec.name, Int32(spec.partitions), Int32(replication))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(rd: err, context: "creating topic '\(spec.name)' on the embedded cluster")
        }
    }

    /// Takes a broker down: its connections drop and it refuses new ones until ``setBrokerUp(_:)``.
    public func setBrokerDown(_ broker: Int32) throws(KafkaError) {
        try checkBroker(broker)
        try check(rd_kafka_mock_broker_set_down(cluster, broker), "taking broker \(broker) down")
    }

    /// Brings a broker back.
    public func setBrokerUp(_ broker: Int32) throws(KafkaError) {
        try checkBroker(broker)
        try check(rd_kafka_mock_broker_set_up(cluster, broker), "bringing broker \(broker) up")
    }

    /// Moves the leadership of a partition to `broker` (clients must discover it).
    public func setPartitionLeader(topic: String, partition: Int32, broker: Int32) throws(KafkaError) {
        try checkBroker(broker)
        try check(rd_kafka_mock_partition_set_leader(cluster, topic, partition, broker), "moving the leader of \(topic)[\(partition)]")
    }

    /// Makes `broker` the group coordinator for `group`.
    public func setGroupCoordinator(group: String, broker: Int32) throws(KafkaError) {
        try checkBroker(broker)
        try check(rd_kafka_mock_coordinator_set(cluster, "group", group, broker), "moving the coordinator of group \(group)")
    }

    /// Adds a round-trip delay to every response of `broker`.
    public func setRoundTripTime(broker: Int32, _ delay: Duration) throws(KafkaError) {
        try checkBroker(broker)
        try check(rd_kafka_mock_broker_set_rtt(cluster, broker, Int32(clamping: delay.milliseconds)), "delaying broker \(broker)")
    }

    /// Makes the next requests of type `api` (on any broker) fail with `errors`, one per request, in order.
    public func pushRequestErrors(_ api: APIKey, _ errors: [InjectedError]) throws(KafkaError) {
        try checkOpen()
        var codes = errors.map(\.rd)
        codes.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_mock_push_request_errors_array(cluster, api.rawValue, buffer.count, buffer.baseAddress)
        }
    }

    private func checkOpen() throws(KafkaError) {
        if closed.load(ordering: .acquiring) { throw .closed("the embedded cluster") }
    }

    private func checkBroker(_ broker: Int32) throws(KafkaError) {
        try checkOpen()
        guard brokerIDs.contains(broker) else {
            throw .invalidArgument("broker \(broker) is not in the embedded cluster (brokers \(brokerIDs.map(String.init).joined(separator: ", ")))")
        }
    }

    private func check(_ err: rd_kafka_resp_err_t, _ what: String) throws(KafkaError) {
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(rd: err, context: what) }
    }
}
