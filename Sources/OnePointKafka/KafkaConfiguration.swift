/// Settings every Kafka client shares: where the cluster is, who the client is, and how it
/// authenticates.
///
/// The defaults are the ones OnePoint measured as safe on librdkafka's mock cluster and on real
/// Kafka (see `docs/kafka.md`). Any librdkafka property can still be set through ``properties``,
/// which is applied last and so overrides everything else.
public struct KafkaClientConfiguration: Sendable {
    /// `bootstrap.servers`, e.g. `"127.0.0.1:9092,127.0.0.1:9093"`.
    public var bootstrapServers: String
    /// `client.id`, shown in broker logs and metrics.
    public var clientID: String = "onepoint"
    /// How the client connects and authenticates.
    public var security: KafkaSecurity = .plaintext
    /// `reconnect.backoff.max.ms`: the longest wait between reconnect attempts. 1 s keeps the
    /// client close behind a broker that comes back.
    public var reconnectBackoffMax: Duration = .seconds(1)
    /// `statistics.interval.ms`: how often librdkafka's statistics become metrics; `nil` turns
    /// them off.
    public var statisticsInterval: Duration? = nil
    /// Extra librdkafka properties, applied last.
    public var properties: [String: String] = [:]

    /// A client of the cluster at `bootstrapServers`, plaintext, with every other setting at its
    /// default.
    public init(bootstrapServers: String) {
        self.bootstrapServers = bootstrapServers
    }

    /// The librdkafka properties this configuration sets, in order, with every secret value
    /// replaced by `[redacted]` (``KafkaSecurity/isSecret(_:)``): safe to log or print.
    public var redactedProperties: [(key: String, value: String)] {
        (rdProperties + properties.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value) })
            .map { (key: $0.0, value: KafkaSecurity.redacted($0.0, $0.1)) }
    }

    var rdProperties: [(String, String)] {
        var list: [(String, String)] = [
            ("bootstrap.servers", bootstrapServers),
            ("client.id", clientID),
            ("reconnect.backoff.max.ms", String(reconnectBackoffMax.milliseconds)),
            ("statistics.interval.ms", String(statisticsInterval?.milliseconds ?? 0)),
        ]
        list += security.rdProperties
        return list
    }
}

/// How a client connects: plaintext, TLS, SASL or both. Secrets are passed to librdkafka and
/// never logged (``KafkaSecurity/redacted(_:)``).
public struct KafkaSecurity: Sendable, Hashable {
    /// `security.protocol`.
    public enum TransportProtocol: String, Sendable, Hashable, CaseIterable {
        case plaintext = "plaintext"
        case ssl = "ssl"
        case saslPlaintext = "sasl_plaintext"
        case saslSSL = "sasl_ssl"
    }

    /// `security.protocol`: whether the connection is encrypted (TLS) and authenticated (SASL).
    public var transport: TransportProtocol
    /// `sasl.mechanism`: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512.
    public var saslMechanism: String?
    /// `sasl.username`: the SASL user (not a secret; logged in ``summary``).
    public var saslUsername: String?
    /// `sasl.password`. Never logged.
    public var saslPassword: String?
    /// `ssl.ca.location`: a PEM file of trusted certificate authorities.
    public var sslCALocation: String?
    /// `ssl.certificate.location` for client authentication.
    public var sslCertificateLocation: String?
    /// `ssl.key.location` for client authentication.
    public var sslKeyLocation: String?
    /// `ssl.key.password`. Never logged.
    public var sslKeyPassword: String?

    /// A security setting; every field but `transport` is optional and passed to librdkafka only
    /// when set.
    public init(
        transport: TransportProtocol, saslMechanism: String? = nil, saslUsername: String? = nil,
        saslPassword: String? = nil, sslCALocation: String? = nil, sslCertificateLocation: String? = nil,
        sslKeyLocation: String? = nil, sslKeyPassword: String? = nil
    ) {
        self.transport = transport
        self.saslMechanism = saslMechanism
        self.saslUsername = saslUsername
        self.saslPassword = saslPassword
        self.sslCALocation = sslCALocation
        self.sslCertificateLocation = sslCertificateLocation
        self.sslKeyLocation = sslKeyLocation
        self.sslKeyPassword = sslKeyPassword
    }

    /// No encryption, no authentication (the embedded cluster, local development).
    public static let plaintext = KafkaSecurity(transport: .plaintext)

    /// Whether the protocol authenticates with SASL (`sasl_plaintext`, `sasl_ssl`).
    public var usesSASL: Bool { transport == .saslPlaintext || transport == .saslSSL }

    /// Whether the protocol runs over TLS (`ssl`, `sasl_ssl`).
    public var usesTLS: Bool { transport == .ssl || transport == .saslSSL }

    /// One line for logs: the protocol, the mechanism and user, the certificate files; a secret
    /// only as `password set`, never its value. For example
    /// `sasl_ssl, SCRAM-SHA-512 as onepoint-fault (password set), CA /etc/onepoint/tls/ca.pem`.
    public var summary: String {
        var parts = [transport.rawValue]
        if usesSASL || saslMechanism != nil || saslUsername != nil || saslPassword != nil {
            var sasl = saslMechanism ?? "no mechanism"
            if let saslUsername { sasl += " as \(saslUsername)" }
            sasl += saslPassword == nil ? " (no password)" : " (password set)"
            parts.append(sasl)
        }
        if let sslCALocation { parts.append("CA \(sslCALocation)") }
        if let sslCertificateLocation { parts.append("client certificate \(sslCertificateLocation)") }
        if let sslKeyLocation {
            parts.append("client key \(sslKeyLocation)" + (sslKeyPassword == nil ? "" : " (key password set)"))
        }
        return parts.joined(separator: ", ")
    }

    var rdProperties: [(String, String)] {
        var list = [("security.protocol", transport.rawValue)]
        if let saslMechanism { list.append(("sasl.mechanism", saslMechanism)) }
        if let saslUsername { list.append(("sasl.username", saslUsername)) }
        if let saslPassword { list.append(("sasl.password", saslPassword)) }
        if let sslCALocation { list.append(("ssl.ca.location", sslCALocation)) }
        if let sslCertificateLocation { list.append(("ssl.certificate.location", sslCertificateLocation)) }
        if let sslKeyLocation { list.append(("ssl.key.location", sslKeyLocation)) }
        if let sslKeyPassword { list.append(("ssl.key.password", sslKeyPassword)) }
        return list
    }

    /// Whether a librdkafka property holds a secret that must not be logged.
    public static func isSecret(_ property: String) -> Bool {
        let lowered = property.lowercased()
        return lowered.contains("password") || lowered.contains("secret")
            || lowered.hasSuffix(".key.pem") || lowered == "sasl.oauthbearer.config"
            || lowered == "ssl.keystore.password" || lowered == "ssl_key"
    }

    /// `value`, or `"[redacted]"` when `property` holds a secret.
    public static func redacted(_ property: String, _ value: String) -> String {
        isSecret(property) ? "[redacted]" : value
    }
}

// Interpolating, printing or dumping a security setting (or a configuration holding one) shows
// its summary: the password fields are never part of a description or a mirror.
extension KafkaSecurity: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `KafkaSecurity(<summary>)`: no secret.
    public var description: String { "KafkaSecurity(\(summary))" }
    /// The same as ``description``.
    public var debugDescription: String { description }
    /// One child, the summary, so `dump` shows no secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["summary": summary], displayStyle: .struct)
    }
}

extension KafkaClientConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The librdkafka properties, secrets redacted.
    public var description: String {
        "KafkaClientConfiguration(" + redactedProperties.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")"
    }
    /// The same as ``description``.
    public var debugDescription: String { description }
    /// The redacted properties as children, so `dump` shows no secret.
    public var customMirror: Mirror {
        Mirror(self, children: redactedProperties.map { (label: $0.key as String?, value: $0.value as Any) }, displayStyle: .struct)
    }
}

/// Settings of a producer.
public struct KafkaProducerConfiguration: Sendable {
    public var client: KafkaClientConfiguration
    /// `enable.idempotence`: the broker drops retried duplicates and keeps order per partition.
    /// On by default; it implies `acks=all`.
    public var idempotent: Bool = true
    /// `linger.ms`: how long to wait to fill a batch. Small, so latency stays low.
    public var linger: Duration = .milliseconds(2)
    /// `message.timeout.ms`: how long a record may try to be delivered before it fails.
    public var messageTimeout: Duration = .seconds(60)
    /// `partitioner`: `murmur2_random` puts a keyed record on the partition a Java producer
    /// would choose, and spreads null keys.
    public var partitioner: String = "murmur2_random"
    /// `compression.type`.
    public var compression: String = "none"
    /// `queue.buffering.max.messages`: records in flight before `send` waits for room.
    public var maxQueuedMessages: Int = 200_000
    /// `queue.buffering.max.kbytes`: kilobytes in flight before `send` waits for room (64 MiB;
    /// librdkafka's own default is 1 GiB).
    public var maxQueuedKilobytes: Int = 65_536

    public init(client: KafkaClientConfiguration) {
        self.client = client
    }

    /// A producer for `bootstrapServers` with every other setting at its default.
    public init(bootstrapServers: String) {
        self.init(client: KafkaClientConfiguration(bootstrapServers: bootstrapServers))
    }

    var rdProperties: [(String, String)] {
        var list = client.rdProperties
        list += [
            ("enable.idempotence", idempotent ? "true" : "false"),
            ("linger.ms", String(linger.milliseconds)),
            ("message.timeout.ms", String(messageTimeout.milliseconds)),
            ("partitioner", partitioner),
            ("compression.type", compression),
            ("queue.buffering.max.messages", String(maxQueuedMessages)),
            ("queue.buffering.max.kbytes", String(maxQueuedKilobytes)),
        ]
        if idempotent { list.append(("acks", "all")) }
        return list + client.properties.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value) }
    }
}

/// Settings of a consumer.
public struct KafkaConsumerConfiguration: Sendable {
    /// `auto.offset.reset`: where to start a partition that has no valid position.
    public enum OffsetReset: String, Sendable, Hashable {
        /// The oldest record still held.
        case earliest
        /// Only new records.
        case latest
        /// Report ``KafkaError/Code/autoOffsetReset`` instead of choosing: the caller decides.
        case error
    }

    public var client: KafkaClientConfiguration
    /// `group.id`; `nil` for a consumer that only uses manual assignment and commits nothing.
    public var groupID: String?
    /// `auto.offset.reset`, always set explicitly: librdkafka's default, `latest`, skipped
    /// records when the group coordinator went away and came back.
    public var offsetReset: OffsetReset = .earliest
    /// `session.timeout.ms`: how soon the group notices a consumer that died.
    public var sessionTimeout: Duration = .seconds(6)
    /// `heartbeat.interval.ms`.
    public var heartbeatInterval: Duration = .seconds(2)
    /// `fetch.wait.max.ms`: how long a broker holds an empty fetch. Kept small because the mock
    /// cluster always waits the full time on an empty fetch, which adds straight to latency.
    public var fetchWaitMax: Duration = .milliseconds(10)
    /// `max.poll.interval.ms`: the longest gap between polls before the group evicts the member.
    public var maxPollInterval: Duration = .seconds(300)
    /// Commit the positions given to ``KafkaConsumer/storeOffsets(_:)`` in the background
    /// (`enable.auto.commit` with `enable.auto.offset.store=false`). Ignored without a group.
    public var commitStoredOffsets: Bool = true
    /// `auto.commit.interval.ms`.
    public var commitInterval: Duration = .seconds(1)
    /// `queued.max.messages.kbytes`: how much a consumer fetches ahead of its polls (64 MiB,
    /// librdkafka's own default), which bounds its memory while the caller is slow.
    ///
    /// Once the queue holds this much, librdkafka 2.0.2 stops fetching and starts again only
    /// when its broker thread next wakes (up to a second later), not when the caller takes
    /// records: a bound that holds less than a second of the caller's work starves it under a
    /// backlog.
    public var maxPrefetchKilobytes: Int = 65_536
    /// `partition.assignment.strategy`. The consumer uses eager assignment.
    public var assignmentStrategy: String = "range,roundrobin"

    public init(client: KafkaClientConfiguration, groupID: String?) {
        self.client = client
        self.groupID = groupID
    }

    /// A consumer for `bootstrapServers` in `groupID` with every other setting at its default.
    public init(bootstrapServers: String, groupID: String?) {
        self.init(client: KafkaClientConfiguration(bootstrapServers: bootstrapServers), groupID: groupID)
    }

    var rdProperties: [(String, String)] {
        var list = client.rdProperties
        list += [
            ("auto.offset.reset", offsetReset.rawValue),
            ("session.timeout.ms", String(sessionTimeout.milliseconds)),
            ("heartbeat.interval.ms", String(heartbeatInterval.milliseconds)),
            ("fetch.wait.max.ms", String(fetchWaitMax.milliseconds)),
            ("max.poll.interval.ms", String(maxPollInterval.milliseconds)),
            ("partition.assignment.strategy", assignmentStrategy),
            ("enable.partition.eof", "false"),
            ("queued.max.messages.kbytes", String(maxPrefetchKilobytes)),
            ("enable.auto.offset.store", "false"),
        ]
        if let groupID {
            list.append(("group.id", groupID))
            list.append(("enable.auto.commit", commitStoredOffsets ? "true" : "false"))
            list.append(("auto.commit.interval.ms", String(commitInterval.milliseconds)))
        } else {
            // librdkafka 2.0.2 refuses assign() without a group id. This one never joins a group
            // (no subscribe) and never commits, so it leaves nothing behind on the cluster.
            list.append(("group.id", "onepoint-reader-\(UInt64.random(in: 0...UInt64.max))"))
            list.append(("enable.auto.commit", "false"))
        }
        return list + client.properties.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value) }
    }
}

extension Duration {
    /// Whole milliseconds, rounded down; at least 0.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
