import Foundation
import GRDB
import OnePointKafka
import OnePointRuntime
import OnePointState
import OnePointTestSupport
import Testing

/// The inbox (ids of applied inputs) is kept by position as well as by time (issue 14, item 7):
/// a clock that jumps forward must not make a worker forget the ids of recent inputs and apply
/// a redelivered one again.
@Suite("Inbox retention across a clock jump")
struct InboxRetentionTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("pruning after a 30-day jump forgets only ids their partition has moved more than minRecords past")
    func pruneByPosition() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-inbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try StateStore(path: folder.appendingPathComponent("state.sqlite").path)
        let t0 = self.t0
        try await store.queue.write { db in
            for offset in 0..<10 {
                let position = StateTables.InputPosition(topic: "in", partition: 0, offset: Int64(offset))
                _ = try StateTables.claim(db, inputID: "id-\(offset)", at: t0, position: position)
            }
            _ = try StateTables.claim(db, inputID: "no-position", at: t0)
            try StateTables.setPosition(db, topic: "in", partition: 0, next: 10)
        }
        let kept = { try await store.queue.read { db in try String.fetchAll(db, sql: "SELECT input_id FROM runtime_inbox ORDER BY input_id") } }

        let recent = try await store.queue.write { db in try StateTables.pruneInbox(db, appliedBefore: t0, minRecords: 5) }
        #expect(recent == 0, "nothing is older than the retention by the clock")

        let jumped = t0.addingTimeInterval(30 * 24 * 3600)
        let pruned = try await store.queue.write { db in try StateTables.pruneInbox(db, appliedBefore: jumped, minRecords: 5) }
        #expect(pruned == 6, "offsets 0…4 (more than 5 records behind) and the entry with no position")
        #expect(try await kept() == ["id-5", "id-6", "id-7", "id-8", "id-9"])
    }

    @Test("a sweep prunes the inbox in bounded steps, visits every id once per pass and starts over")
    func sweepInSteps() async throws {
        let store = try StateStore.inMemory()
        let t0 = self.t0
        try await store.queue.write { db in
            for offset in 0..<25 {
                let position = StateTables.InputPosition(topic: "in", partition: 0, offset: Int64(offset))
                _ = try StateTables.claim(db, inputID: String(format: "id-%02d", offset), at: t0, position: position)
            }
            try StateTables.setPosition(db, topic: "in", partition: 0, next: 25)
        }
        let later = t0.addingTimeInterval(3600)
        var cursor = ""
        var steps: [(pruned: Int, next: String)] = []
        repeat {
            let step = try await store.queue.write { [cursor] db in
                try StateTables.sweepInbox(db, appliedBefore: later, minRecords: 5, after: cursor, limit: 10)
            }
            steps.append(step)
            cursor = step.next
        } while !cursor.isEmpty && steps.count < 10
        // Offsets 0…19 are more than 5 records behind the position; 20…24 are kept.
        #expect(steps.map(\.pruned) == [10, 10, 0])
        #expect(steps.map(\.next) == ["id-09", "id-19", ""])
        let kept = try await store.read { db in try String.fetchAll(db, sql: "SELECT input_id FROM runtime_inbox ORDER BY input_id") }
        #expect(kept == ["id-20", "id-21", "id-22", "id-23", "id-24"])
    }

    @Test("a worker whose clock jumps 30 days still drops inputs delivered again with their ids")
    func duplicatesAfterAJump() async throws {
        let harness = try LedgerHarness()
        let clock = SimulatedWorkerClock(start: t0)
        try await harness.run(clock: clock) { _ in
            let first = (0..<5).map { harness.json(#"{"type":"add","account":"A","amount":1}"#, key: "A", id: "add-\($0)") }
            try await harness.send(first)
            _ = try await harness.outputs(atLeast: 5)
            clock.advance(by: 30 * 24 * 3600)
            // Housekeeping (inbox pruning) runs every 5 s of real time: let it run after the jump.
            try await Task.sleep(for: .seconds(6))
            try await harness.send(first + [harness.json(#"{"type":"add","account":"marker","amount":1}"#, key: "marker", id: "marker")])
            let outputs = try await harness.outputs(atLeast: 6)
            #expect(outputs.contains { $0.keyString == "marker" })
            // Every record sent (5 + 6) has been read, so the absence below is proven.
            let readAll = try await waitUntil {
                try await harness.database().read { db in try Int.fetchOne(db, sql: "SELECT SUM(next_offset) FROM runtime_positions") } == 11
            }
            #expect(readAll)
        }
        let entries = try await harness.database().read { db in try Int.fetchOne(db, sql: "SELECT entries FROM ledger WHERE account = 'A'") }
        #expect(entries == 5, "the five inputs delivered again after the jump were recognised as duplicates")
    }
}
