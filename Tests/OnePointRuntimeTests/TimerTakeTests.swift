import Foundation
import GRDB
import OnePointState
import Testing

/// A timer fires exactly as last set: the runtime lists the due timers before it applies a
/// batch's inputs, then takes each with `StateTables.takeDueTimer` inside the same transaction,
/// after the inputs, so one an input cancelled or moved does not fire (issue: timers changed in
/// the same batch).
@Suite("Timers changed in the same batch as their inputs")
struct TimerTakeTests {
    func store() throws -> StateStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-timers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try StateStore(path: folder.appendingPathComponent("state.sqlite").path)
    }

    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("listed as due, then cancelled by an input: not taken; moved later: not taken and still set; moved earlier: taken as moved")
    func takeAsLastSet() async throws {
        let store = try store()
        let t0 = self.t0
        try await store.queue.write { db in
            for id in ["cancelled", "moved-later", "moved-earlier", "kept"] {
                try StateTables.setTimer(db, id: id, due: t0.addingTimeInterval(30), payload: Array(id.utf8))
            }
        }
        let now = t0.addingTimeInterval(60)
        let listed = try await store.queue.read { db in try StateTables.dueTimers(db, at: now, limit: 100) }
        #expect(listed.map(\.id).sorted() == ["cancelled", "kept", "moved-earlier", "moved-later"])

        let taken = try await store.queue.write { db -> [String: DueTimer] in
            // The batch's inputs, applied before the listed timers are fired.
            try StateTables.cancelTimer(db, id: "cancelled")
            try StateTables.setTimer(db, id: "moved-later", due: t0.addingTimeInterval(600), payload: Array("moved-later".utf8))
            try StateTables.setTimer(db, id: "moved-earlier", due: t0.addingTimeInterval(10), payload: Array("v2".utf8))
            var taken: [String: DueTimer] = [:]
            for timer in listed { taken[timer.id] = try StateTables.takeDueTimer(db, id: timer.id, at: now) }
            return taken
        }
        #expect(taken["cancelled"] == nil, "a cancelled timer does not fire")
        #expect(taken["moved-later"] == nil, "a timer moved past now does not fire now")
        #expect(taken["moved-earlier"]?.due == t0.addingTimeInterval(10), "it fires as last set")
        #expect(taken["moved-earlier"]?.payload == Array("v2".utf8))
        #expect(taken["kept"]?.due == t0.addingTimeInterval(30))
        let left = try await store.queue.read { db in try StateTables.dueTimers(db, at: t0.addingTimeInterval(3600), limit: 100) }
        #expect(left.map(\.id) == ["moved-later"], "the moved timer is still set, at its new time")
        #expect(left.first?.due == t0.addingTimeInterval(600))
    }
}
