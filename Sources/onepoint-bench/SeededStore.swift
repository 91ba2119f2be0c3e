import Foundation
import GRDB
import OnePointContracts
import OnePointRuntime
import OnePointState

/// A worker's state made in-process for a benchmark: the worker's own decisions run through
/// ``WorkerTestHarness`` (the runtime's decision path, an in-memory store, a simulated clock, no
/// Kafka), then the store is copied to a file that a real worker process opens as its own.
///
/// The seed's inputs are sent on topics of their own (`seed.*`), so the positions the copy keeps
/// name topics the worker does not read: it starts its real topics from the beginning.
enum SeededStore {
    /// Copies the harness's store to `path` (a new file; its folder is created).
    static func write<Logic: WorkerLogic>(_ harness: WorkerTestHarness<Logic>, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: path)
        let file = try DatabaseQueue(path: path)
        try harness.store.queue.backup(to: file)
        try file.close()
    }

    /// Sends `records` to the harness on `seed.<topic>`, one decision each; returns what the
    /// decisions published (a refused record's dead letter among them).
    @discardableResult
    static func send<Logic: WorkerLogic>(_ records: [EventRecord], to harness: WorkerTestHarness<Logic>) throws -> [OutboxRecord] {
        var outputs: [OutboxRecord] = []
        for record in records {
            outputs += try harness.send(
                topic: "seed.\(record.topic.rawValue)", key: record.key, value: record.value, headers: record.headers.map { ($0.name, $0.value) })
        }
        return outputs
    }

    /// The size of the file at `path`, MiB.
    static func mebibytes(_ path: String) -> Double {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? 0
        return bytes / 1_048_576
    }
}
