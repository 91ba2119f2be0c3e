import Foundation
import GRDB
import OnePointRuntime
import OnePointState
import Testing

/// The in-process harness runs the runtime's own decision path: these check it does what the
/// runtime does (outputs, duplicates, dead letters with their headers, timers by the simulated
/// clock, the task number), without Kafka.
@Suite("Worker test harness")
struct WorkerTestHarnessTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    func harness(task: Int32 = 0) throws -> WorkerTestHarness<LedgerLogic> {
        try WorkerTestHarness(logic: LedgerLogic(outputTopic: "out"), worker: "ledger", deadLetterTopic: "dlq", start: Self.start, task: task)
    }

    static func text(_ record: OutboxRecord) -> String { String(decoding: record.value ?? [], as: UTF8.self) }

    @Test("an input is applied once: its output, then nothing for the same event id")
    func applyAndDeduplicate() throws {
        let harness = try harness()
        let first = try harness.send(topic: "in", key: "A", value: Array(#"{"type":"add","account":"A","amount":5}"#.utf8), headers: [("eventId", "e1")])
        #expect(first.map(Self.text) == [#"{"account":"A","balance":5}"#])
        #expect(try harness.send(topic: "in", key: "A", value: Array(#"{"type":"add","account":"A","amount":5}"#.utf8), headers: [("eventId", "e1")]).isEmpty)
        try harness.send(topic: "in", key: "A", value: Array(#"{"type":"add","account":"A","amount":2}"#.utf8), headers: [("eventId", "e2")])
        #expect(try harness.read { db in try Int.fetchOne(db, sql: "SELECT balance FROM ledger WHERE account = 'A'") } == 7)
        #expect(try harness.read { db in try StateTables.positions(db) }["in"]?[0] == 3, "the position moved past all three")
    }

    @Test("a refused input is a dead letter with the runtime's headers")
    func deadLetter() throws {
        let harness = try harness()
        let outputs = try harness.send(topic: "in", key: "k", value: Array("not json".utf8))
        #expect(outputs.count == 1)
        let letter = try #require(outputs.first)
        #expect(letter.topic == "dlq")
        let headers = Dictionary(letter.headers.map { ($0.0, String(decoding: $0.1 ?? [], as: UTF8.self)) }, uniquingKeysWith: { $1 })
        #expect(headers["onepoint.error.kind"] == "malformed")
        #expect(headers["onepoint.error.topic"] == "in")
        #expect(headers["onepoint.error.worker"] == "ledger")
    }

    @Test("timers fire at their due instant as the simulated clock advances; a cancelled one does not")
    func timers() throws {
        let harness = try harness()
        try harness.send(topic: "in", value: Array(#"{"type":"timer","id":"t1","dueInSeconds":60}"#.utf8))
        try harness.send(topic: "in", value: Array(#"{"type":"timer","id":"t2","dueInSeconds":120}"#.utf8))
        try harness.send(topic: "in", value: Array(#"{"type":"timer","id":"t3","dueInSeconds":90}"#.utf8))
        try harness.send(topic: "in", value: Array(#"{"type":"cancel","id":"t3"}"#.utf8))
        #expect(try harness.advance(by: 59).isEmpty)
        let fired = try harness.advance(by: 3600)
        let due = Int(Self.start.timeIntervalSince1970)
        #expect(fired.map(Self.text) == [#"{"timer":"t1","firedAt":\#(due + 60)}"#, #"{"timer":"t2","firedAt":\#(due + 120)}"#])
        #expect(harness.now == Self.start.addingTimeInterval(3659))
    }

    @Test("timers due together, one of them failing: the others fire once, the failing one keeps nothing and is tried again 5 s later")
    func failingTimerAmongOthers() throws {
        let harness = try harness()
        for id in ["t1", "broken-1", "t2"] {
            try harness.send(topic: "in", value: Array(#"{"type":"timer","id":"\#(id)","dueInSeconds":60}"#.utf8))
        }
        // The three fire in one chunk: the fast path fails on the broken one and the chunk runs
        // again on the careful path, each timer in its own savepoint.
        let fired = try harness.advance(by: 60)
        let due = Int(Self.start.timeIntervalSince1970) + 60
        #expect(fired.map(Self.text) == [#"{"timer":"t1","firedAt":\#(due)}"#, #"{"timer":"t2","firedAt":\#(due)}"#])
        #expect(try harness.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger") } == 0, "the failing timer's write is rolled back")
        let retry = try harness.read { db in try StateTables.timer(db, id: "broken-1") }
        #expect(retry == Self.start.addingTimeInterval(65), "the failing timer is set again 5 s on")
        #expect(try harness.read { db in try StateTables.timer(db, id: "t1") } == nil, "a fired timer is gone")
    }

    @Test("a transient failure is thrown to the test (the runtime would retry it)")
    func transient() throws {
        let harness = try harness()
        #expect(throws: LedgerLogic.Transient.self) {
            try harness.send(topic: "in", value: Array(#"{"type":"fail","id":"harness-\#(UUID().uuidString)","times":1}"#.utf8))
        }
    }
}
