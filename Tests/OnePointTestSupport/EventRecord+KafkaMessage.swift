import OnePointContracts
import OnePointKafka

extension EventRecord {
    /// The record as a consumer reads it from the Kafka topic `topic` (partition 0, offset 0), for
    /// a test that calls a worker's `decode` without a cluster.
    public func message(on topic: String) -> KafkaMessage {
        KafkaMessage(
            topic: topic, partition: 0, offset: 0, key: Array(key.utf8), value: value,
            headers: headers.map { KafkaHeader(key: $0.name, string: $0.value) })
    }
}
