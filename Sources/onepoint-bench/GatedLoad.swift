import Foundation
import OnePointKafka

/// Many orders' lifecycles sent as fast as a worker takes them, each order's segments in turn
/// (``OrderLifecycle``): a segment (records of one topic and key, in order) is sent once the
/// worker's state shows the one before it applied, so every input finds what it needs (a test
/// report the configuration it tests) while thousands of orders are in flight.
///
/// Applied means: the worker's stored next offset of the partition (its `runtime_positions`,
/// committed in the same transaction as the decision) lies past the segment's last record.
final class GatedLoad {
    /// Orders waiting on one partition, by the offset of their last record, in sending order.
    private struct Gate {
        var orders: [(order: Int, offset: Int64)] = []
        var head = 0
    }

    private let segments: [[[KafkaProducerRecord]]]
    private var nextSegment: [Int]
    private var ready: [Int]
    private var gates: [KafkaTopicPartition: Gate] = [:]
    /// The end (last offset + 1) of what was sent to each partition.
    private(set) var ends: [KafkaTopicPartition: Int64] = [:]
    /// Records delivered so far.
    private(set) var sent = 0
    /// Records in every segment of every order.
    let total: Int

    /// - Parameter orders: each order's segments of records.
    init(_ orders: [[[KafkaProducerRecord]]]) {
        segments = orders
        nextSegment = Array(repeating: 0, count: orders.count)
        ready = Array(orders.indices)
        total = orders.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
    }

    /// Sends every segment, each once its predecessor is applied, then waits until all is applied.
    ///
    /// - Parameters:
    ///   - positions: the worker's stored next offsets, by topic and partition.
    ///   - check: throws when the worker is gone.
    /// - Returns: the monotonic instant the worker's state showed the last record applied.
    func run(
        producer: KafkaProducer, timeout: Double, positions: () throws -> [String: [Int32: Int64]], check: () throws -> Void
    ) async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while true {
            if !ready.isEmpty { try await sendReady(producer) }
            let stored = try positions()
            release(stored)
            if ready.isEmpty {
                if sent == total && isApplied(stored) { return .now }
                guard ContinuousClock.now < deadline else {
                    throw BenchError(description: "\(applied(stored)) of \(total) records applied after \(Int(timeout)) s (\(sent) sent)")
                }
                try check()
                try await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    /// Sends the next segment of ready orders, at most about 5 000 records at a time.
    private func sendReady(_ producer: KafkaProducer) async throws {
        var batch: [KafkaProducerRecord] = []
        var owners: [(order: Int, last: Int)] = []
        var taken = 0
        while taken < ready.count, batch.count < 5000 {
            let order = ready[taken]
            batch += segments[order][nextSegment[order]]
            owners.append((order, batch.count - 1))
            taken += 1
        }
        ready.removeFirst(taken)
        let results = await producer.send(batch)
        var reports: [KafkaDeliveryReport] = []
        reports.reserveCapacity(results.count)
        for result in results {
            switch result {
            case .success(let report): reports.append(report)
            case .failure(let error): throw BenchError(description: "a record of the load was not delivered: \(error)")
            }
        }
        guard reports.count == batch.count else { throw BenchError(description: "\(reports.count) delivery reports for \(batch.count) records") }
        sent += reports.count
        for report in reports {
            let partition = KafkaTopicPartition(topic: report.topic, partition: report.partition)
            ends[partition] = max(ends[partition] ?? 0, report.offset + 1)
        }
        for (order, last) in owners {
            nextSegment[order] += 1
            guard nextSegment[order] < segments[order].count else { continue }
            let report = reports[last]
            gates[KafkaTopicPartition(topic: report.topic, partition: report.partition), default: Gate()].orders.append((order, report.offset))
        }
    }

    /// Makes ready the orders whose last segment `positions` shows applied.
    private func release(_ positions: [String: [Int32: Int64]]) {
        for (partition, gate) in gates where gate.head < gate.orders.count {
            let position = positions[partition.topic]?[partition.partition] ?? 0
            var head = gate.head
            while head < gate.orders.count, gate.orders[head].offset < position {
                ready.append(gate.orders[head].order)
                head += 1
            }
            gates[partition]?.head = head
        }
    }

    /// Records sent that `positions` shows applied.
    func applied(_ positions: [String: [Int32: Int64]]) -> Int {
        ends.reduce(0) { sum, entry in sum + Int(min(entry.value, positions[entry.key.topic]?[entry.key.partition] ?? 0)) }
    }

    private func isApplied(_ positions: [String: [Int32: Int64]]) -> Bool {
        ends.allSatisfy { partition, end in (positions[partition.topic]?[partition.partition] ?? 0) >= end }
    }
}
