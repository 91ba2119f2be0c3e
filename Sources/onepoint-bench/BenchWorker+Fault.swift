import Foundation
import OnePointFault

/// What the fault benchmarks read of an `onepoint-fault` process's state.
extension BenchWorker {
    /// Alarm events applied so far (every raise, repeat and clear), from the worker's state.
    func applied() -> Int {
        (try? FaultStateReader(path: statePath).alarmsApplied()) ?? 0
    }

    /// Waits until `count` alarm events are applied; returns the monotonic instant it saw it.
    func waitApplied(_ count: Int, timeout: Double) async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            if applied() >= count { return .now }
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
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError(description: "the worker did not load \(circuits) circuits; see \(log)")
    }
}
