import CKafkaBaseline
import Foundation
import Logging
import OnePointKafka

/// The same programs as the baseline, through OnePoint's Swift Kafka layer.
enum SwiftPipe {
    /// Writes `count` stamped records of `size` bytes to `topic`, flat out, and waits for delivery.
    static func produce(bootstrap: String, topic: String, count: Int, size: Int, logger: Logger) async throws -> RunFigures {
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: bootstrap), logger: logger)
        var payload = [UInt8](repeating: UInt8(ascii: "x"), count: max(size, 16))
        let start = ContinuousClock.now
        var pending: [KafkaPendingDeliveries] = []
        var chunk: [KafkaProducerRecord] = []
        chunk.reserveCapacity(1000)
        for index in 0..<count {
            withUnsafeBytes(of: kb_now_ns()) { stamp in payload.replaceSubrange(0..<8, with: stamp) }
            chunk.append(KafkaProducerRecord(topic: topic, key: "k\(index % 1024)", value: payload))
            if chunk.count == 1000 || index == count - 1 {
                pending.append(await producer.submit(chunk))
                chunk.removeAll(keepingCapacity: true)
            }
        }
        var delivered = 0
        for batch in pending {
            delivered += await batch.results().count { (try? $0.get()) != nil }
        }
        let seconds = (ContinuousClock.now - start).seconds
        await producer.close()
        return RunFigures(messages: delivered, seconds: seconds)
    }

    /// The consume→produce pipe: polls batches, submits each to the producer in order, keeps up to
    /// `window` batches in flight, and stores a batch's offsets once it is delivered.
    static func pipe(
        bootstrap: String, from input: String, to output: String, group: String, count: Int, timeout: Double,
        window: Int = 64, ready: ReadyFlag? = nil, logger: Logger
    ) async throws -> RunFigures {
        let consumer = try KafkaConsumer(
            configuration: .init(bootstrapServers: bootstrap, groupID: group),
            rebalance: KafkaRebalanceHandler(onAssign: { partitions in
                Dictionary(uniqueKeysWithValues: partitions.map { ($0, KafkaOffset.committed) })
            }),
            logger: logger)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: bootstrap), logger: logger)
        try consumer.subscribe([input])
        var inFlight: [(KafkaPendingDeliveries, [KafkaTopicPartition: Int64])] = []
        var delivered = 0
        var failed = 0
        var started: ContinuousClock.Instant?
        let deadline = ContinuousClock.now + .seconds(timeout)

        func settleOldest() async throws {
            let (pending, offsets) = inFlight.removeFirst()
            for result in await pending.results() {
                if (try? result.get()) != nil { delivered += 1 } else { failed += 1 }
            }
            try consumer.storeOffsets(offsets)
        }

        while delivered + failed < count, ContinuousClock.now < deadline {
            // While batches are in flight, poll briefly so settled ones are noticed soon.
            let batch = try await consumer.poll(maxMessages: 2000, timeout: .milliseconds(inFlight.isEmpty ? 100 : 2))
            if let ready, !ready.isSet, !consumer.assignment.isEmpty { ready.set() }
            if !batch.isEmpty {
                if started == nil { started = .now }
                var offsets: [KafkaTopicPartition: Int64] = [:]
                let records = batch.map { message in
                    offsets[message.topicPartition] = message.offset + 1
                    return KafkaProducerRecord(topic: output, key: message.key, value: message.value, headers: message.headers)
                }
                inFlight.append((await producer.submit(records), offsets))
            }
            while let oldest = inFlight.first, oldest.0.isSettled || inFlight.count > window {
                try await settleOldest()
            }
        }
        while !inFlight.isEmpty { try await settleOldest() }
        let seconds = started.map { (ContinuousClock.now - $0).seconds } ?? 0
        await consumer.close()
        await producer.close()
        guard delivered >= count else {
            throw BenchError(description: "Swift pipe forwarded \(delivered) of \(count) records (\(failed) failed) before its timeout")
        }
        return RunFigures(messages: delivered, seconds: seconds)
    }
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
