import Foundation
import GRDB
import Logging
import OnePointKafka
import OnePointState
import Testing

@testable import OnePointRuntime

/// Records are checked and decoded before their transaction (under a backlog on another thread,
/// beside the batch before), and the fast path applies what was decoded.
@Suite("Decider: records decoded ahead of the transaction")
struct DeciderPreparationTests {
    /// A decider that accepts records of at most 120 bytes.
    static func decider() -> Decider<LedgerLogic> {
        var logger = Logger(label: "onepoint.decider-preparation-tests")
        logger.logLevel = .critical
        return Decider(
            logic: LedgerLogic(outputTopic: "out"), limits: .init(worker: "ledger", deadLetterTopic: "dlq", maxInputBytes: 120),
            metrics: RuntimeMetrics(worker: "ledger"), logger: logger)
    }

    /// What a preparation came to, comparable.
    static func outcome(_ prepared: Decider<LedgerLogic>.Prepared) -> String {
        switch prepared {
        case .decoded(let decoded): "decoded \(decoded.id): \(decoded.input)"
        case .rejected(let rejection): "rejected \(rejection)"
        }
    }

    /// Good records, each kind of bad one and an oversized one, in turn.
    static func records(_ count: Int) -> [KafkaMessage] {
        (0..<count).map { index in
            let json =
                switch index % 4 {
                case 0: #"{"type":"add","account":"A\#(index)","amount":\#(index)}"#
                case 1: #"{"type":"add","account":"B","amount":"\#(index)"}"#
                case 2: #"{"type":"add","account":"C","amount":1,"pad":"\#(String(repeating: "x", count: 120))"}"#
                default: "{not json \(index)"
                }
            return DeciderTests.message(json, offset: Int64(index))
        }
    }

    @Test("a record is checked and decoded alone: good ones to their input, each kind of bad one to its rejection")
    func prepare() {
        let decider = Self.decider()
        let prepared = Self.records(8).map(decider.prepare)
        #expect(
            prepared.map(Self.outcome) == [
                "decoded e0: add(account: \"A0\", amount: 0)", "rejected invalid-value: amount must be a whole number, got 1",
                "rejected oversized: the record has 168 bytes; at most 120 are accepted", "rejected malformed: the payload is not a JSON object",
                "decoded e4: add(account: \"A4\", amount: 4)", "rejected invalid-value: amount must be a whole number, got 5",
                "rejected oversized: the record has 168 bytes; at most 120 are accepted", "rejected malformed: the payload is not a JSON object",
            ])
    }

    @Test("the fast path applies what was decoded ahead, and decodes a record itself when none was given for its place")
    func fastPathTakesPrepared() throws {
        let store = try StateStore.inMemory(migrations: LedgerLogic(outputTopic: "out").migrate)
        let decider = Self.decider()
        let chunk = [
            DeciderTests.message(#"{"type":"add","account":"A","amount":5}"#, offset: 0),
            DeciderTests.message(#"{"type":"add","account":"B","amount":3}"#, offset: 1),
        ]
        // Offset 0 decoded ahead as a rejection: the fast path dead-letters it without decoding it again.
        let prepared: [Decider<LedgerLogic>.Prepared] = [.rejected(InputRejection(.validation, "decoded ahead: refused")), decider.prepare(chunk[1])]
        let result = try store.queue.write { db in try decider.applyChunk(chunk[...], prepared: prepared[...], fire: [], now: DeciderTests.now, task: 0, db: db) }
        #expect(result.applied == 2)
        #expect(result.deadLetters.map(\.1.message) == ["decoded ahead: refused"])
        let accounts = try store.read { db in try String.fetchAll(db, sql: "SELECT account FROM ledger ORDER BY account") }
        #expect(accounts == ["B"])

        // Preparations for other places than the chunk's (here the first record's only) are not
        // used: every record is decoded where it is applied.
        let later = [
            DeciderTests.message(#"{"type":"add","account":"A","amount":5}"#, offset: 2),
            DeciderTests.message(#"{"type":"add","account":"C","amount":1}"#, offset: 3),
        ]
        let stale: [Decider<LedgerLogic>.Prepared] = [.rejected(InputRejection(.validation, "for another chunk"))]
        let second = try store.queue.write { db in
            try decider.applyChunk(later[...], prepared: stale[...], fire: [], now: DeciderTests.now, task: 0, db: db)
        }
        #expect(second.deadLetters.isEmpty)
        #expect(try store.read { db in try String.fetchAll(db, sql: "SELECT account FROM ledger ORDER BY account") } == ["A", "B", "C"])
    }
}
