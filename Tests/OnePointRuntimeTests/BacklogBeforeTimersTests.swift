import Foundation
import OnePointRuntime
import OnePointState
import OnePointTestSupport
import Testing

/// After downtime, the inputs already in the log come before the timers that fell due meanwhile.
@Suite("Timers after downtime wait for the backlog")
struct BacklogBeforeTimersTests {
    @Test("a timer cancelled by an input sent while the worker was down does not fire when it restarts past the due time")
    func cancelledWhileDown() async throws {
        let harness = try LedgerHarness()
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let clock = SimulatedWorkerClock(start: start)
        // Timer and cancel on one key, so one partition holds both in order.
        try await harness.send([harness.json(#"{"type":"timer","id":"deadline","dueInSeconds":60}"#, key: "t", id: "set")])
        try await harness.run(clock: clock) { _ in
            let set = try await waitUntil { try await harness.database().read { db in try StateTables.openTimers(db) } == 1 }
            #expect(set)
        }
        // While the worker is down: the deadline is cancelled, and its time passes.
        try await harness.send([harness.json(#"{"type":"cancel","id":"deadline"}"#, key: "t", id: "cancel")])
        clock.advance(by: 600)
        try await harness.run(clock: clock) { _ in
            let read = try await waitUntil {
                try await harness.database().read { db in try Int.fetchOne(db, sql: "SELECT SUM(next_offset) FROM runtime_positions") } == 2
            }
            #expect(read, "the worker read both records")
        }
        let fired = try await readToEnd(harness.cluster, topic: harness.output)
        #expect(fired.isEmpty, "the cancelled deadline did not fire: \(fired.map { String(decoding: $0.value ?? [], as: UTF8.self) })")
    }
}
