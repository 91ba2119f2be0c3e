import Foundation
import OnePointKafka
import Testing

@Suite("Errors are values with codes")
struct KafkaErrorTests {
    @Test("an unknown property is rejected, naming it")
    func invalidConfiguration() throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: "127.0.0.1:1")
        configuration.client.properties["no.such.property"] = "1"
        let error = #expect(throws: KafkaError.self) { try KafkaProducer(configuration: configuration, logger: testLogger) }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("no.such.property") == true)
    }

    @Test("a secret in a rejected property is not echoed")
    func secretsRedacted() throws {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: "127.0.0.1:1", groupID: "g")
        configuration.client.properties["ssl.key.password"] = "hunter2"
        configuration.client.properties["sasl.mechanism"] = "NOT-A-MECHANISM"
        configuration.client.security = KafkaSecurity(transport: .saslPlaintext, saslMechanism: "PLAIN", saslUsername: "u", saslPassword: "hunter2")
        do {
            _ = try KafkaConsumer(configuration: configuration, logger: testLogger)
            Issue.record("expected the invalid mechanism to be rejected")
        } catch {
            #expect(!error.description.contains("hunter2"))
        }
        #expect(KafkaSecurity.redacted("sasl.password", "hunter2") == "[redacted]")
        #expect(KafkaSecurity.redacted("sasl.username", "alice") == "alice")
    }

    @Test("a non-retriable broker error fails the delivery with its code")
    func injectedFatalProduceError() async throws {
        let topic = uniqueName("denied")
        let cluster = try EmbeddedKafkaCluster(brokers: 1, topics: [KafkaTopicSpec(name: topic, partitions: 1)], logger: testLogger)
        var configuration = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.idempotent = false
        let producer = try KafkaProducer(configuration: configuration, logger: testLogger)
        try await producer.send(KafkaProducerRecord(topic: topic, key: "warm-up", value: bytes("x")))
        try cluster.pushRequestErrors(.produce, [.topicAuthorizationFailed])
        let error = await #expect(throws: KafkaError.self) {
            try await producer.send(KafkaProducerRecord(topic: topic, key: "k", value: bytes("x")))
        }
        #expect(error?.code == EmbeddedKafkaCluster.InjectedError.topicAuthorizationFailed.code)
        #expect(error?.isRetriable == false)
        await producer.close()
    }

    @Test("retriable broker errors are retried by the producer and the record is delivered once")
    func injectedRetriableErrors() async throws {
        let topic = uniqueName("retriable")
        let cluster = try EmbeddedKafkaCluster(brokers: 1, topics: [KafkaTopicSpec(name: topic, partitions: 1)], logger: testLogger)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: testLogger)
        try await producer.send(KafkaProducerRecord(topic: topic, key: "warm-up", value: bytes("x")))
        try cluster.pushRequestErrors(.produce, [.notLeaderForPartition, .requestTimedOut, .notEnoughReplicas])
        let report = try await producer.send(KafkaProducerRecord(topic: topic, key: "k", value: bytes("once")))
        #expect(report.offset == 1)
        let consumer = try await assignedConsumer(cluster, topic: topic)
        let messages = try await drain(consumer, count: 2)
        let extra = try await consumer.poll(timeout: .milliseconds(300))
        #expect((messages + extra).filter { text($0.value) == "once" }.count == 1)
        await consumer.close()
        await producer.close()
    }

    @Test("codes compare by number and say whether a retry can help")
    func codes() {
        #expect(KafkaError.Code.queueFull.name == "_QUEUE_FULL")
        #expect(KafkaError.Code.timedOut != KafkaError.Code.messageTimedOut)
        let error = KafkaError(code: .closed, message: "the producer was closed")
        #expect(error.description.contains("CLOSED"))
    }

    @Test("invalid topic specs and brokers are refused with a message naming them")
    func invalidArguments() throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1, logger: testLogger)
        let badName = #expect(throws: KafkaError.self) { try cluster.createTopic(KafkaTopicSpec(name: "bad name!", partitions: 1)) }
        #expect(badName?.code == .invalidArgument)
        #expect(badName?.message.contains("bad name!") == true)
        let zero = #expect(throws: KafkaError.self) { try cluster.createTopic(KafkaTopicSpec(name: "t", partitions: 0)) }
        #expect(zero?.message.contains("at least 1 partition") == true)
        let broker = #expect(throws: KafkaError.self) { try cluster.setBrokerDown(9) }
        #expect(broker?.message.contains("broker 9") == true)
        cluster.close()
        let closed = #expect(throws: KafkaError.self) { try cluster.createTopic(KafkaTopicSpec(name: "t", partitions: 1)) }
        #expect(closed?.code == .closed)
    }

    @Test("a closed consumer refuses to poll")
    func closedConsumer() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1, logger: testLogger)
        let consumer = try KafkaConsumer(configuration: .init(bootstrapServers: cluster.bootstrapServers, groupID: nil), logger: testLogger)
        await consumer.close()
        let error = await #expect(throws: KafkaError.self) { try await consumer.poll() }
        #expect(error?.code == .closed)
    }
}
