import OnePointContracts
import OnePointRuntime

extension EventRecord {
    /// The record as a worker reads it from the Kafka topic `topic` (offset 0 of `partition`), for
    /// a test that calls a worker's `decode` without a cluster.
    public func input(on topic: String, partition: Int32 = 0) -> InputRecord {
        InputRecord(
            topic: topic, partition: partition, offset: 0, key: Array(key.utf8), value: value,
            headers: headers.map { InputRecord.Header(name: $0.name, text: $0.value) })
    }
}
