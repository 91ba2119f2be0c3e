import OnePointKafka

/// The records a poll ahead returned (``PollAhead``), each decoded on the way by that poll's
/// task, beside the transaction of the batch before: what the next batch of the loop begins with.
///
/// That batch holds the same records in the same order, less those of partitions a rebalance
/// revoked meanwhile, and may go on with records polled after them.
struct DecodedAhead<Prepared: Sendable>: Sendable {
    let records: [KafkaMessage]
    /// One per record, in order.
    let prepared: [Prepared]

    /// For each record of `batch`, what was prepared for it ahead, or `nil` (a record polled
    /// after these).
    func aligned(with batch: [KafkaMessage]) -> [Prepared?] {
        var aligned: [Prepared?] = []
        aligned.reserveCapacity(batch.count)
        var next = records.startIndex
        for message in batch {
            // The batch's records from before come first, in order; the first one that is not
            // among them was polled later, and so are all after it.
            while next < records.endIndex, !Self.same(records[next], message) { next += 1 }
            if next < records.endIndex, next < prepared.endIndex {
                aligned.append(prepared[next])
                next += 1
            } else {
                next = records.endIndex
                aligned.append(nil)
            }
        }
        return aligned
    }

    private static func same(_ one: KafkaMessage, _ other: KafkaMessage) -> Bool {
        one.offset == other.offset && one.partition == other.partition && one.topic == other.topic
    }
}
