import Foundation
import GRDB
import Logging
import OnePointKafka
import OnePointState
import Synchronization
import Testing

@testable import OnePointRuntime

/// The decider's two paths in one transaction each: the fast path opens no savepoint (so SQLite
/// keeps no statement journal of the pages a chunk changes); when it fails, its caller's whole
/// transaction rolls back and the careful path runs in a new one.
@Suite("Decider: the fast path without a savepoint")
struct DeciderTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func decider() -> Decider<LedgerLogic> {
        var logger = Logger(label: "onepoint.decider-tests")
        logger.logLevel = .critical
        return Decider(
            logic: LedgerLogic(outputTopic: "out"), limits: .init(worker: "ledger", deadLetterTopic: "dlq"), metrics: RuntimeMetrics(worker: "ledger"),
            logger: logger)
    }

    static func message(_ json: String, offset: Int64) -> KafkaMessage {
        KafkaMessage(
            topic: "in", partition: 0, offset: offset, key: nil, value: Array(json.utf8), headers: [KafkaHeader(key: "eventId", string: "e\(offset)")],
            timestamp: now)
    }

    @Test("a chunk and its timers on the fast path run without a single SAVEPOINT statement")
    func noSavepoint() throws {
        let store = try StateStore.inMemory(migrations: LedgerLogic(outputTopic: "out").migrate)
        let decider = Self.decider()
        let chunk = [
            Self.message(#"{"type":"add","account":"A","amount":5}"#, offset: 0),
            Self.message(#"{"type":"timer","id":"t1","dueInSeconds":0}"#, offset: 1),
            Self.message(#"{"type":"add","account":"B","amount":3}"#, offset: 2),
        ]
        let statements = TracedStatements()
        let result = try store.queue.write { db in
            db.trace(options: .statement) { event in statements.lines.withLock { $0.append("\(event)") } }
            defer { db.trace(options: []) }
            return try decider.applyChunk(chunk[...], fire: [], now: Self.now, task: 0, db: db)
        }
        #expect(result.applied == 3)
        #expect(result.outputs.count == 2)
        let due = try store.read { db in try StateTables.dueTimers(db, at: Self.now, limit: 10) }
        #expect(due.map(\.id) == ["t1"])
        let fired = try store.queue.write { db in
            db.trace(options: .statement) { event in statements.lines.withLock { $0.append("\(event)") } }
            defer { db.trace(options: []) }
            return try decider.applyChunk([], fire: due, now: Self.now, task: 0, db: db)
        }
        #expect(fired.outputs.count == 1, "the timer fired")
        let traced = statements.lines.withLock { $0 }
        #expect(!traced.isEmpty, "the trace saw the chunk's statements")
        let savepoints = traced.filter { $0.uppercased().contains("SAVEPOINT") }
        #expect(savepoints.isEmpty, "statements that opened a savepoint: \(savepoints)")
    }

    @Test("a chunk that fails on the fast path throws out of its transaction, which keeps nothing; the careful path in a new one applies what came before the failure")
    func failureRollsTheTransactionBack() throws {
        let store = try StateStore.inMemory(migrations: LedgerLogic(outputTopic: "out").migrate)
        let decider = Self.decider()
        let failing = "decider-\(UUID().uuidString)"
        let chunk = [
            Self.message(#"{"type":"add","account":"A","amount":5}"#, offset: 0),
            Self.message(#"{"type":"fail","id":"\#(failing)","times":1}"#, offset: 1),
            Self.message(#"{"type":"add","account":"B","amount":3}"#, offset: 2),
        ]
        var failedFast: Decider<LedgerLogic>.NeedsCarefulPath?
        do {
            _ = try store.queue.write { db in try decider.applyChunk(chunk[...], fire: [], now: Self.now, task: 0, db: db) }
        } catch let error as Decider<LedgerLogic>.NeedsCarefulPath {
            failedFast = error
        }
        let thrown = try #require(failedFast, "the fast path threw NeedsCarefulPath out of the transaction")
        #expect(thrown.input == chunk[1].inputPosition)
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger") } == 0, "A's add, made before the failure, was rolled back")
        #expect(try store.read { db in try StateTables.positions(db) }.isEmpty, "no position was kept")
        #expect(try store.read { db in try StateTables.wasApplied(db, inputID: "e0") } == false, "the inbox kept nothing")

        let careful = try store.queue.write { db in try decider.applyChunk(chunk[...], fire: [], now: Self.now, task: 0, db: db, after: thrown) }
        #expect(careful.applied == 1, "A applied, then the failing input stops the chunk")
        #expect(careful.failure?.0.offset == 1, "the fast path's try was the failing input's first attempt")
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT balance FROM ledger WHERE account = 'A'") } == 5)
        #expect(try store.read { db in try StateTables.positions(db) }["in"]?[0] == 1)
    }
}

/// The SQL a connection ran, as its trace reported it.
private final class TracedStatements: Sendable {
    let lines = Mutex<[String]>([])
}
