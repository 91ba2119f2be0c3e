import OnePointKafka
import Testing

@testable import OnePointRuntime

/// What a poll ahead decoded is matched to the batch it ends up in, record by record.
@Suite("DecodedAhead: records decoded by the poll ahead, matched to the batch")
struct DecodedAheadTests {
    static func record(_ topic: String, _ partition: Int32, _ offset: Int64) -> KafkaMessage {
        KafkaMessage(topic: topic, partition: partition, offset: offset, key: nil, value: Array("\(topic)/\(partition)/\(offset)".utf8))
    }

    static func ahead(_ records: [KafkaMessage]) -> DecodedAhead<String> {
        DecodedAhead(records: records, prepared: records.map { "decoded \($0.topic)/\($0.partition)/\($0.offset)" })
    }

    @Test("the same records in the same order: each gets its own")
    func same() {
        let records = (0..<5).map { Self.record("in", Int32($0 % 2), Int64($0)) }
        #expect(Self.ahead(records).aligned(with: records) == records.map { "decoded \($0.topic)/\($0.partition)/\($0.offset)" })
    }

    @Test("a batch less a revoked partition's records, then records polled later: the kept ones get their own, the later ones none")
    func revokedAndLater() {
        let polled = [Self.record("in", 0, 10), Self.record("in", 1, 20), Self.record("in", 0, 11), Self.record("in", 1, 21), Self.record("in", 0, 12)]
        // Partition 1 revoked by a rebalance; then two more records polled (one of the same
        // offset as a dropped one, on another topic).
        let batch = [Self.record("in", 0, 10), Self.record("in", 0, 11), Self.record("in", 0, 12), Self.record("other", 1, 20), Self.record("in", 0, 13)]
        #expect(Self.ahead(polled).aligned(with: batch) == ["decoded in/0/10", "decoded in/0/11", "decoded in/0/12", nil, nil])
    }

    @Test("records that are not the poll's get nothing")
    func unrelated() {
        let polled = [Self.record("in", 0, 1), Self.record("in", 0, 2)]
        let batch = [Self.record("in", 0, 3), Self.record("in", 0, 1)]
        #expect(Self.ahead(polled).aligned(with: batch) == [nil, nil], "a record after one polled later is not matched back")
        #expect(Self.ahead([]).aligned(with: batch) == [nil, nil])
        #expect(Self.ahead(polled).aligned(with: []).isEmpty)
    }
}
