import Foundation
import OnePointFault

/// What the fault benchmarks read of an `onepoint-fault` process's state.
extension BenchWorker {
    /// Alarm events applied so far (every raise, repeat and clear), from the worker's state.
    func applied() -> Int {
        (try? FaultStateReader(path: statePath).alarmsApplied()) ?? 0
    }

    /// Waits until `count` alarm events are applied; returns the monotonic instant it saw it.
    /// Gives up after `timeout`, or once nothing more is applied for `stall` seconds (the usual
    /// cause: the embedded cluster dropped records the worker had not read yet).
    func waitApplied(_ count: Int, timeout: Double, stall: Double = 60) async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + .seconds(timeout)
        var last = applied()
        var lastChange = ContinuousClock.now
        while ContinuousClock.now < deadline {
            let now = applied()
            if now >= count { return .now }
            if now != last {
                (last, lastChange) = (now, .now)
            } else if ContinuousClock.now - lastChange > .seconds(stall) {
                throw BenchError(
                    description: "\(now) of \(count) alarms applied, and no more for \(Int(stall)) s: the embedded cluster keeps only ~5 MiB per partition and drops older records, so a load larger than that per partition is partly gone before the worker reads it (fewer events, or more partitions); see \(log)")
            }
            try checkRunning()
            try await Task.sleep(for: .milliseconds(10))
        }
        throw BenchError(description: "only \(applied()) of \(count) alarms applied after \(Int(timeout)) s; see \(log)")
    }

    /// Waits until the worker holds `circuits` circuits of inventory.
    func waitInventory(_ circuits: Int, timeout: Double = 120) async throws {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            if ((try? FaultStateReader(path: statePath).inventoryCircuits()) ?? 0) >= circuits { return }
            try checkRunning()
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError(description: "the worker did not load \(circuits) circuits; see \(log)")
    }
}
