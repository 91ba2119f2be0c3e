import CKafkaBaseline
import Foundation
import OnePointRuntime

/// Figures of one measured run.
struct RunFigures: Sendable {
    var messages: Int
    var seconds: Double
    var p50: Double? = nil
    var p99: Double? = nil
    /// Monotonic nanoseconds of the last record's arrival (sinks only).
    var lastArrival: Int64 = 0

    var rate: Double { seconds > 0 ? Double(messages) / seconds : 0 }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
}

/// The raw librdkafka programs (plain C, `CKafkaBaseline`), run on threads of their own.
enum Baseline {
    /// Writes `count` stamped records of `size` bytes to `topic`, at `rate` per second (0: flat out).
    /// With `numbered`, each value is the stamp as decimal text.
    static func produce(bootstrap: String, topic: String, count: Int, size: Int, rate: Double, numbered: Bool = false) async throws -> RunFigures {
        try await onThread { stats, error, length in
            kb_produce(bootstrap, topic, Int64(count), Int32(size), rate, numbered ? 1 : 0, stats, error, length)
        }
    }

    /// The raw consume→produce pipe.
    static func pipe(bootstrap: String, from input: String, to output: String, group: String, count: Int, timeout: Double, ready: ReadyFlag? = nil) async throws -> RunFigures {
        try await onThread { stats, error, length in
            kb_pipe(bootstrap, input, output, group, Int64(count), timeout, ready?.pointer, stats, error, length)
        }
    }

    /// The batch size a worker runs with: `runtime.maxBatchSize` as it reads it, from
    /// `<configDirectory>/onepoint.yaml` and the environment. The durable C pipe commits batches of
    /// this size, as issue 16 asks ("same batch size"); until session 27 it committed at most 1 000
    /// while the workers' batches reached 5 000.
    static func workerBatchSize(configDirectory: String) async throws -> Int {
        try RuntimeSettings.load(from: try await SettingsSource(file: "\(configDirectory)/onepoint.yaml")).maxBatchSize
    }

    /// The durable C pipe: the same work as a worker that commits its state (inbox, per-key row,
    /// outbox, positions in one SQLite transaction per batch), with nothing else.
    static func durablePipe(
        bootstrap: String, from input: String, to output: String, group: String, database: String, synchronousFull: Bool, maxBatch: Int,
        count: Int, timeout: Double
    ) async throws -> RunFigures {
        try await onThread { stats, error, length in
            kb_durable_pipe(bootstrap, input, output, group, database, synchronousFull ? 1 : 0, Int32(maxBatch), Int64(count), timeout, nil, stats, error, length)
        }
    }

    /// The load of a throughput run through a pipe already started on `input` → `output`: writes
    /// `warm` numbered records of `size` bytes, waits until a sink on `output` has them, then writes
    /// `count` more flat out; their rate is timed from that load's start to the last arrival.
    static func timedLoad(bootstrap: String, input: String, output: String, warm: Int, count: Int, size: Int) async throws -> RunFigures {
        let progress = ProgressCounter()
        async let sink = Baseline.sink(bootstrap: bootstrap, topic: output, count: warm + count, warmup: 0, timeout: 300, numbered: true, progress: progress)
        _ = try await Baseline.produce(bootstrap: bootstrap, topic: input, count: warm, size: size, rate: 0, numbered: true)
        try await progress.wait(for: warm, timeout: .seconds(60))
        let loadStart = kb_now_ns()
        _ = try await Baseline.produce(bootstrap: bootstrap, topic: input, count: count, size: size, rate: 0, numbered: true)
        let figures = try await sink
        return RunFigures(messages: count, seconds: Double(figures.lastArrival - loadStart) / 1e9)
    }

    /// Reads `count` stamped records from `topic` and measures their end-to-end latency.
    /// The first `warmup` records (by stamp) are left out of the latency figures.
    static func sink(
        bootstrap: String, topic: String, count: Int, warmup: Int, timeout: Double, numbered: Bool = false,
        ready: ReadyFlag? = nil, progress: ProgressCounter? = nil
    ) async throws -> RunFigures {
        try await onThread { stats, error, length in
            kb_sink(bootstrap, topic, Int64(count), Int64(warmup), timeout, numbered ? 1 : 0, ready?.pointer, progress?.pointer, stats, error, length)
        }
    }

    private static func onThread(
        _ body: @escaping @Sendable (UnsafeMutablePointer<kb_stats>, UnsafeMutablePointer<CChar>, Int) -> Int32
    ) async throws -> RunFigures {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                var stats = kb_stats()
                var error = [CChar](repeating: 0, count: 512)
                let status = error.withUnsafeMutableBufferPointer { buffer in
                    body(&stats, buffer.baseAddress!, buffer.count)
                }
                if status != 0 {
                    let message = String(decoding: error.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    continuation.resume(throwing: BenchError(description: message))
                } else {
                    continuation.resume(returning: RunFigures(
                        messages: Int(stats.messages), seconds: stats.seconds,
                        p50: stats.p50_ms > 0 ? stats.p50_ms : nil, p99: stats.p99_ms > 0 ? stats.p99_ms : nil,
                        lastArrival: stats.last_ns))
                }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }
}

/// A flag a C program or a Swift pipe sets once it is consuming, so the load starts after it.
final class ReadyFlag: @unchecked Sendable {  // the flag is written atomically by C or by set()
    let pointer: UnsafeMutablePointer<Int32>

    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: 0)
    }

    deinit { pointer.deallocate() }

    func set() { kb_flag_set(pointer) }

    var isSet: Bool { kb_flag_get(pointer) != 0 }

    /// Waits until set, at most `timeout`.
    func wait(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while !isSet {
            guard ContinuousClock.now < deadline else { throw BenchError(description: "a pipe or sink did not start within \(timeout)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// How many records a sink has received so far.
final class ProgressCounter: @unchecked Sendable {  // written atomically by C
    let pointer: UnsafeMutablePointer<Int64>

    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: 0)
    }

    deinit { pointer.deallocate() }

    var value: Int64 { kb_progress_get(pointer) }

    /// Waits until at least `target` records arrived, at most `timeout`.
    func wait(for target: Int, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while value < target {
            guard ContinuousClock.now < deadline else { throw BenchError(description: "only \(value) of \(target) warm-up records arrived within \(timeout)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
