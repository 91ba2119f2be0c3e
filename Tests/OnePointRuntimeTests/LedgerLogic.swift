import Foundation
import GRDB
import OnePointKafka
import OnePointRuntime
import OnePointState
import Synchronization

/// A small worker for the runtime's tests. Inputs are JSON objects:
/// - `{"type":"add","account":"A","amount":5,"version":1}` adds to an account and emits `{"account","balance"}`;
/// - `{"type":"timer","id":"t1","dueInSeconds":60}` sets a timer; `{"type":"cancel","id":"t1"}` cancels it;
/// - `{"type":"fail","id":"x","times":2}` fails (transiently) its first `times` attempts, then applies;
/// - `{"type":"big","bytes":1100000}` emits one output of that many bytes.
/// A fired timer emits `{"timer":"t1","firedAt":<clock seconds>}`; one whose id starts with
/// `broken` writes a ledger row and emits, then fails (transiently).
struct LedgerLogic: WorkerLogic {
    enum Input: Sendable {
        case add(account: String, amount: Int)
        case timer(id: String, dueInSeconds: Double)
        case cancel(id: String)
        case fail(id: String, times: Int)
        case big(bytes: Int)
    }

    struct Transient: Error {}

    let outputTopic: String
    /// Attempts per `fail` input, shared by every instance in the test process.
    static let attempts = Mutex<[String: Int]>([:])
    /// When each attempt at a `fail` input was made, by its id.
    static let attemptInstants = Mutex<[String: [ContinuousClock.Instant]]>([:])

    func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("ledger-1") { db in
            try db.execute(sql: "CREATE TABLE ledger (account TEXT PRIMARY KEY NOT NULL, balance INTEGER NOT NULL, entries INTEGER NOT NULL)")
        }
    }

    func decode(_ record: InputRecord) throws(InputRejection) -> DecodedInput<Input> {
        guard let value = record.value else { throw InputRejection(.nullPayload, "a ledger input needs a JSON object, got a null payload") }
        guard String(validating: value, as: UTF8.self) != nil else { throw InputRejection(.invalidUTF8, "the payload is not valid UTF-8") }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(value))) as? [String: Any] else {
            throw InputRejection(.malformed, "the payload is not a JSON object")
        }
        let version = object["version"] as? Int ?? 1
        guard version == 1 else { throw InputRejection(.unsupportedVersion, "version \(version) is not supported; this worker reads version 1") }
        let id = record.header("eventId") ?? "\(record.topic)/\(record.partition)/\(record.offset)"
        switch object["type"] as? String {
        case "add":
            guard let account = object["account"] else { throw InputRejection(.missingField, "account is missing") }
            guard let account = account as? String else { throw InputRejection(.invalidValue, "account must be a string") }
            guard let amount = object["amount"] else { throw InputRejection(.missingField, "amount is missing") }
            guard let amount = amount as? Int else { throw InputRejection(.invalidValue, "amount must be a whole number, got \(amount)") }
            return DecodedInput(id: id, input: .add(account: account, amount: amount))
        case "timer":
            guard let timer = object["id"] as? String, let due = object["dueInSeconds"] as? Double else {
                throw InputRejection(.missingField, "a timer needs id and dueInSeconds")
            }
            return DecodedInput(id: id, input: .timer(id: timer, dueInSeconds: due))
        case "cancel":
            guard let timer = object["id"] as? String else { throw InputRejection(.missingField, "id is missing") }
            return DecodedInput(id: id, input: .cancel(id: timer))
        case "fail":
            guard let key = object["id"] as? String, let times = object["times"] as? Int else { throw InputRejection(.missingField, "id and times are required") }
            return DecodedInput(id: id, input: .fail(id: key, times: times))
        case "big":
            guard let bytes = object["bytes"] as? Int else { throw InputRejection(.missingField, "bytes is required") }
            return DecodedInput(id: id, input: .big(bytes: bytes))
        case let other:
            throw InputRejection(.unknownType, "unknown input type '\(other ?? "none")'")
        }
    }

    func apply(_ input: Input, in context: inout DecisionContext) throws {
        switch input {
        case .add(let account, let amount):
            guard !account.isEmpty else { throw InputRejection(.validation, "account must not be empty") }
            try context.db.execute(
                sql: """
                    INSERT INTO ledger (account, balance, entries) VALUES (?, ?, 1)
                    ON CONFLICT (account) DO UPDATE SET balance = balance + excluded.balance, entries = entries + 1
                    """,
                arguments: [account, amount])
            let balance = try Int.fetchOne(context.db, sql: "SELECT balance FROM ledger WHERE account = ?", arguments: [account]) ?? 0
            try context.emit(topic: outputTopic, key: account, value: Array(#"{"account":"\#(account)","balance":\#(balance)}"#.utf8))
        case .timer(let id, let seconds):
            try context.setTimer(id: id, due: context.now.addingTimeInterval(seconds), payload: Array(id.utf8))
        case .cancel(let id):
            try context.cancelTimer(id: id)
        case .fail(let id, let times):
            let attempt = Self.attempts.withLock { attempts in
                attempts[id, default: 0] += 1
                return attempts[id, default: 0]
            }
            Self.attemptInstants.withLock { $0[id, default: []].append(.now) }
            if attempt <= times { throw Transient() }
            try context.emit(topic: outputTopic, key: id, value: Array(#"{"applied":"\#(id)","attempt":\#(attempt)}"#.utf8))
        case .big(let bytes):
            try context.emit(topic: outputTopic, key: "big", value: Array(repeating: UInt8(ascii: "x"), count: bytes))
        }
    }

    func fire(_ timer: DueTimer, in context: inout DecisionContext) throws {
        let name = String(decoding: timer.payload, as: UTF8.self)
        if name.hasPrefix("broken") {
            // A timer whose decision writes, emits, then fails: none of it may be kept.
            try context.db.execute(sql: "INSERT INTO ledger (account, balance, entries) VALUES (?, 1, 1)", arguments: [name])
            try context.emit(topic: outputTopic, key: name, value: Array(#"{"timer":"\#(name)","partial":true}"#.utf8))
            throw Transient()
        }
        try context.emit(topic: outputTopic, key: name, value: Array(#"{"timer":"\#(name)","firedAt":\#(Int(context.now.timeIntervalSince1970))}"#.utf8))
    }
}
