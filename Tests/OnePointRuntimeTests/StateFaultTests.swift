import Foundation
import GRDB
import OnePointKafka
import OnePointRuntime
import OnePointState
import OnePointTestSupport
import ServiceLifecycle
import Testing

/// The state database misbehaving under a running worker (issue 14, item 6): a lock held by
/// another connection, and a full disk. Neither may dead-letter a valid input or lose one.
@Suite("Worker runtime: a busy or full state database")
struct StateFaultTests {
    @Test("a lock held by another connection far past the retries: the inputs wait, then each is applied once, none dead-lettered")
    func lockedDatabase() async throws {
        let harness = try LedgerHarness()
        var configuration = harness.configuration()
        configuration.stateBusyTimeout = .milliseconds(50)
        // Before the fix, the inputs were retried 3 times (~0.3 s) and dead-lettered, or the
        // worker died on SQLITE_BUSY; the lock below is held for far longer than that.
        try await harness.run(clock: SystemWorkerClock(), configuration: configuration) { readiness in
            try await harness.send([harness.json(#"{"type":"add","account":"first","amount":1}"#, key: "first", id: "first")])
            _ = try await harness.outputs(atLeast: 1)

            var lockOptions = Configuration()
            lockOptions.allowsUnsafeTransactions = true  // the lock outlives one database access
            // The worker may be in a transaction of its own just then (deleting the delivered
            // output): the test waits for it rather than failing with SQLITE_BUSY itself.
            lockOptions.busyMode = .timeout(10)
            let locker = try DatabaseQueue(path: harness.state, configuration: lockOptions)
            try await locker.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
            let accounts = (0..<20).map { "locked-\($0)" }
            try await harness.send(accounts.map { harness.json(#"{"type":"add","account":"\#($0)","amount":1}"#, key: $0, id: $0) })
            // The worker met the lock again and again: it says so on /ready (after 4 attempts).
            let waited = try await waitUntil { readiness.notReadyReason?.contains("stays busy") == true }
            #expect(waited, "the worker reports the busy database as the reason it is not ready")
            try await Task.sleep(for: .seconds(1))  // more attempts, far past the input retries
            try await locker.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }

            let outputs = try await harness.outputs(atLeast: 21)
            #expect(Set(outputs.compactMap { $0.headers.string("eventId") }).count == 21)
            let letters = try await deadLetterCount(harness)
            #expect(letters == 0, "the database being locked is not the inputs' fault")
        }
        let entries = try await harness.database().read { db in try Int.fetchAll(db, sql: "SELECT entries FROM ledger WHERE account LIKE 'locked-%'") }
        #expect(entries.count == 20 && entries.allSatisfy { $0 == 1 }, "each input applied once: \(entries)")
    }

    @Test("a full database stops the worker with a message that names it and the fix; restarted with room, every input is applied once")
    func fullDatabase() async throws {
        let harness = try LedgerHarness()
        var limited = harness.configuration()
        // The runtime's and the ledger's tables take about 60 KiB empty; 2 000 inputs add far more.
        limited.stateSizeLimit = 128 * 1024
        let accounts = (0..<2000).map { "acct-\($0)" }
        let padding = String(repeating: "p", count: 120)
        try await harness.send(accounts.map { harness.json(#"{"type":"add","account":"\#($0)-\#(padding)","amount":1}"#, key: $0, id: $0) })

        let runtime = WorkerRuntime(configuration: limited, logic: LedgerLogic(outputTopic: harness.output), clock: SystemWorkerClock(), logger: quietLogger)
        let failure = try await withThrowingTaskGroup(of: StateError?.self) { tasks in
            tasks.addTask {
                do {
                    try await runtime.run()
                    return nil
                } catch let error as StateError {
                    return error
                }
            }
            tasks.addTask {
                try await Task.sleep(for: .seconds(120))
                throw HarnessTimeout(description: "the worker did not stop on a full database within 120 s")
            }
            defer { tasks.cancelAll() }
            return try await tasks.next() ?? nil
        }
        let error = try #require(failure, "the worker must stop with a StateError")
        #expect(error.code == .failed)
        #expect(error.message.contains(harness.state))
        #expect(error.message.contains("full"), "\(error.message)")
        #expect(error.message.contains("free space"), "\(error.message)")

        try await harness.run(clock: SystemWorkerClock()) { _ in
            let outputs = try await harness.outputs(atLeast: 2000)
            #expect(Set(outputs.compactMap { $0.headers.string("eventId") }).count >= 2000)
            #expect(try await deadLetterCount(harness) == 0)
        }
        let entries = try await harness.database().read { db in try Int.fetchAll(db, sql: "SELECT entries FROM ledger") }
        #expect(entries.count == 2000 && entries.allSatisfy { $0 == 1 }, "each input applied once, none lost to the full disk")
    }

    /// Records on the dead-letter topic (its high watermark: no read window to miss one).
    private func deadLetterCount(_ harness: LedgerHarness) async throws -> Int64 {
        let probe = try KafkaConsumer(configuration: .init(bootstrapServers: harness.cluster.bootstrapServers, groupID: nil), logger: quietLogger)
        let high = try await probe.watermarks(KafkaTopicPartition(topic: harness.deadLetters, partition: 0)).high
        await probe.close()
        return high
    }
}
