import Foundation
import OnePointKafka
import Synchronization
import Testing

/// A group member subscribed to an explicit list holding a topic nobody created (a unit's own
/// command topic, docs/security.md): it still starts and reads the others. librdkafka 2.0.2's
/// mock cluster creates a subscribed topic on the member's metadata request, so there the topic
/// is read too; a real cluster without topic auto-creation reports it as a non-fatal
/// `UNKNOWN_TOPIC_OR_PART` instead (logged, never thrown from `poll`), and the member picks the
/// topic up at the metadata refresh after it is created (`topic.metadata.refresh.interval.ms`).
@Suite("Subscribing to a list with a missing topic")
struct KafkaMissingTopicTests {
    @Test("the member reads the topics that exist; nothing fatal comes of the missing one, and on the embedded cluster it is created and read")
    func missingTopicInTheList() async throws {
        let present = uniqueName("present")
        let missing = uniqueName("missing")
        let cluster = try EmbeddedKafkaCluster(brokers: 1, topics: [KafkaTopicSpec(name: present, partitions: 1)], logger: testLogger)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: testLogger)
        let errors = Mutex<[KafkaError]>([])
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: uniqueName("g")), logger: testLogger,
            onError: { error, _ in errors.withLock { $0.append(error) } })
        try consumer.subscribe([present, missing])

        let sent = await producer.send([KafkaProducerRecord(topic: present, key: "k", value: bytes("on the present topic"))])
        #expect(sent.allSatisfy { (try? $0.get()) != nil })
        let read = try await drain(consumer, count: 1)
        #expect(read.map { text($0.value) } == ["on the present topic"])
        #expect(errors.withLock { $0 }.allSatisfy { !$0.isFatal })

        let late = await producer.send([KafkaProducerRecord(topic: missing, key: "k", value: bytes("on the topic that was missing"))])
        #expect(late.allSatisfy { (try? $0.get()) != nil })
        let lateRead = try await drain(consumer, count: 1)
        #expect(lateRead.map { text($0.value) } == ["on the topic that was missing"])
        #expect(lateRead.first?.topic == missing)

        await consumer.close()
        await producer.close()
    }
}
