import Foundation
import GRDB

/// An output decided by a worker and kept until it is delivered.
public struct OutboxRecord: Sendable, Equatable {
    public var seq: Int64
    public var eventID: String
    public var topic: String
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [(String, [UInt8]?)]
    /// The partition it must go to (a task's changelog partition); `nil`: chosen by its key.
    public var partition: Int32? = nil

    public static func == (lhs: OutboxRecord, rhs: OutboxRecord) -> Bool {
        lhs.seq == rhs.seq && lhs.eventID == rhs.eventID && lhs.topic == rhs.topic && lhs.key == rhs.key && lhs.partition == rhs.partition
            && lhs.value == rhs.value && lhs.headers.map(\.0) == rhs.headers.map(\.0)
            && lhs.headers.map(\.1) == rhs.headers.map(\.1)
    }
}

/// A timer that is due.
public struct DueTimer: Sendable, Equatable {
    public var id: String
    public var due: Date
    public var payload: [UInt8]
}

/// The runtime's tables, read and written inside a transaction (`Database` is GRDB's handle).
/// Hot statements are cached.
public enum StateTables {
    // MARK: Inbox

    /// Whether `inputID` was applied before.
    public static func wasApplied(_ db: Database, inputID: String) throws -> Bool {
        let statement = try db.cachedStatement(sql: "SELECT 1 FROM runtime_inbox WHERE input_id = ?")
        return try Bool.fetchOne(statement, arguments: [inputID]) ?? false
    }

    /// Where an input was read: its partition and offset (kept with its inbox entry).
    public struct InputPosition: Sendable, Hashable {
        public var topic: String
        public var partition: Int32
        public var offset: Int64

        public init(topic: String, partition: Int32, offset: Int64) {
            self.topic = topic
            self.partition = partition
            self.offset = offset
        }
    }

    /// Records that `inputID` was applied.
    public static func markApplied(_ db: Database, inputID: String, at instant: Date, position: InputPosition? = nil) throws {
        _ = try claim(db, inputID: inputID, at: instant, position: position)
    }

    /// The statements the runtime runs for every input (the inbox claim and the outbox row),
    /// looked up once for a run of inputs: finding a cached statement by its SQL hashes the whole
    /// text every time. Valid inside the transaction it was made in.
    public struct HotStatements {
        let claim: Statement
        let enqueue: Statement

        /// Looks the statements up in `db`'s cache.
        public init(_ db: Database) throws {
            claim = try db.cachedStatement(sql: StateTables.claimSQL)
            enqueue = try db.cachedStatement(sql: StateTables.enqueueSQL)
        }
    }

    private static let claimSQL = "INSERT OR IGNORE INTO runtime_inbox (input_id, applied_at, topic, partition, input_offset) VALUES (?, ?, ?, ?, ?)"
    private static let enqueueSQL = "INSERT INTO runtime_outbox (event_id, topic, key, value, headers, partition) VALUES (?, ?, ?, ?, ?, ?)"

    /// Records `inputID` as applied unless it already was; returns `false` for a duplicate.
    public static func claim(_ db: Database, inputID: String, at instant: Date, position: InputPosition? = nil, using hot: HotStatements? = nil) throws -> Bool {
        let statement: BoundStatement
        if let hot { statement = BoundStatement(db, statement: hot.claim) } else { statement = try BoundStatement(db, sql: claimSQL) }
        statement.bind(1, inputID)
        statement.bind(2, milliseconds(instant))
        statement.bind(3, position?.topic)
        statement.bind(4, position?.partition)
        statement.bind(5, position?.offset)
        return try statement.run() > 0
    }

    /// Forgets inbox entries applied before `instant` whose partition has also moved at least
    /// `minRecords` records past them: a jump of the clock alone cannot make the worker forget
    /// the ids of recent inputs, nor a burst of inputs the ids of recent hours. Entries with no
    /// recorded position (written before positions were kept) go by the clock alone.
    @discardableResult
    public static func pruneInbox(_ db: Database, appliedBefore instant: Date, minRecords: Int64 = 0) throws -> Int {
        try db.execute(sql: "DELETE FROM runtime_inbox WHERE \(prunable)", arguments: [milliseconds(instant), minRecords])
        return db.changesCount
    }

    /// Prunes, as ``pruneInbox(_:appliedBefore:minRecords:)`` does, only the `limit` ids that
    /// follow `cursor` in id order: a bounded step of a sweep over the inbox, so that housekeeping
    /// costs the same with ten thousand ids as with ten million (a whole-table scan every few
    /// seconds grew with the inbox and held up the batches behind it).
    ///
    /// - Returns: how many ids were pruned, and where the next step starts (`""`: the sweep
    ///   reached the end and starts over).
    public static func sweepInbox(
        _ db: Database, appliedBefore instant: Date, minRecords: Int64, after cursor: String, limit: Int
    ) throws -> (pruned: Int, next: String) {
        let end = try String.fetchOne(
            db.cachedStatement(sql: "SELECT input_id FROM runtime_inbox WHERE input_id > ? ORDER BY input_id LIMIT 1 OFFSET ?"),
            arguments: [cursor, max(0, limit - 1)])
        let range = end == nil ? "input_id > ?" : "input_id > ? AND input_id <= ?"
        let arguments: StatementArguments = end.map { [cursor, $0] } ?? [cursor]
        try db.cachedStatement(sql: "DELETE FROM runtime_inbox WHERE \(range) AND \(prunable)")
            .execute(arguments: arguments + [milliseconds(instant), minRecords])
        return (db.changesCount, end ?? "")
    }

    /// Inbox ids applied before the first argument whose partition has moved more than the
    /// second argument's records past them (or that have no position).
    private static let prunable = """
        applied_at < ?
          AND (input_offset IS NULL OR EXISTS (
              SELECT 1 FROM runtime_positions p
              WHERE p.topic = runtime_inbox.topic AND p.partition = runtime_inbox.partition
                AND p.next_offset - runtime_inbox.input_offset > ?))
        """

    // MARK: Positions

    /// Stored next offsets, by topic and partition.
    public static func positions(_ db: Database) throws -> [String: [Int32: Int64]] {
        var result: [String: [Int32: Int64]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT topic, partition, next_offset FROM runtime_positions") {
            let topic: String = row["topic"]
            result[topic, default: [:]][row["partition"]] = row["next_offset"]
        }
        return result
    }

    /// Sets the next offset to read of a partition.
    public static func setPosition(_ db: Database, topic: String, partition: Int32, next: Int64) throws {
        let statement = try BoundStatement(db, sql: """
            INSERT INTO runtime_positions (topic, partition, next_offset) VALUES (?, ?, ?)
            ON CONFLICT (topic, partition) DO UPDATE SET next_offset = excluded.next_offset
            """)
        statement.bind(1, topic)
        statement.bind(2, partition)
        statement.bind(3, next)
        try statement.run()
    }

    // MARK: Outbox

    /// Appends an output; returns it with its sequence number.
    @discardableResult
    public static func enqueue(
        _ db: Database, eventID: String, topic: String, key: [UInt8]?, value: [UInt8]?, headers: [(String, [UInt8]?)], partition: Int32? = nil,
        using hot: HotStatements? = nil
    ) throws -> OutboxRecord {
        let statement: BoundStatement
        if let hot { statement = BoundStatement(db, statement: hot.enqueue) } else { statement = try BoundStatement(db, sql: enqueueSQL) }
        statement.bind(1, eventID)
        statement.bind(2, topic)
        statement.bind(3, blob: key)
        statement.bind(4, blob: value)
        statement.bind(5, blob: encodedHeaders(headers))
        statement.bind(6, partition)
        try statement.run()
        return OutboxRecord(seq: statement.lastInsertedRowID, eventID: eventID, topic: topic, key: key, value: value, headers: headers, partition: partition)
    }

    /// The oldest `limit` outputs not yet delivered.
    public static func pendingOutputs(_ db: Database, limit: Int) throws -> [OutboxRecord] {
        let statement = try db.cachedStatement(sql: "SELECT seq, event_id, topic, key, value, headers, partition FROM runtime_outbox ORDER BY seq LIMIT ?")
        return try Row.fetchAll(statement, arguments: [limit]).map { row in
            let keyData: Data? = row["key"]
            let valueData: Data? = row["value"]
            let headerData: Data = row["headers"]
            return OutboxRecord(
                seq: row["seq"], eventID: row["event_id"], topic: row["topic"],
                key: keyData.map { Array($0) }, value: valueData.map { Array($0) }, headers: decode(headerData), partition: row["partition"])
        }
    }

    /// Removes delivered outputs. Consecutive sequence numbers (a batch's outputs usually are) go
    /// in one range statement, in whatever order their deliveries were reported.
    public static func removeOutputs(_ db: Database, through delivered: [Int64]) throws {
        guard !delivered.isEmpty else { return }
        let seqs = delivered.sorted()
        let statement = try BoundStatement(db, sql: "DELETE FROM runtime_outbox WHERE seq BETWEEN ? AND ?")
        var index = seqs.startIndex
        while index < seqs.endIndex {
            var end = index
            while end + 1 < seqs.endIndex, seqs[end + 1] == seqs[end] + 1 { end += 1 }
            statement.bind(1, seqs[index])
            statement.bind(2, seqs[end])
            try statement.run()
            index = end + 1
        }
    }

    /// The number of outputs not yet delivered.
    public static func outboxDepth(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runtime_outbox") ?? 0
    }

    // MARK: Timers

    /// Sets (or moves) a timer.
    public static func setTimer(_ db: Database, id: String, due: Date, payload: [UInt8]) throws {
        let statement = try BoundStatement(db, sql: """
            INSERT INTO runtime_timers (timer_id, due_at, payload) VALUES (?, ?, ?)
            ON CONFLICT (timer_id) DO UPDATE SET due_at = excluded.due_at, payload = excluded.payload
            """)
        statement.bind(1, id)
        statement.bind(2, milliseconds(due))
        statement.bind(3, blob: payload)
        try statement.run()
    }

    /// Cancels a timer; cancelling one that is not set does nothing.
    public static func cancelTimer(_ db: Database, id: String) throws {
        let statement = try BoundStatement(db, sql: "DELETE FROM runtime_timers WHERE timer_id = ?")
        statement.bind(1, id)
        try statement.run()
    }

    /// Timers due at or before `instant`, earliest first, at most `limit`.
    public static func dueTimers(_ db: Database, at instant: Date, limit: Int) throws -> [DueTimer] {
        // Bound and read straight from SQLite: this runs before every chunk of timers fired.
        let statement = try BoundStatement(db, sql: "SELECT timer_id, due_at, payload FROM runtime_timers WHERE due_at <= ? ORDER BY due_at, timer_id LIMIT ?")
        statement.bind(1, milliseconds(instant))
        statement.bind(2, Int64(limit))
        var timers: [DueTimer] = []
        while try statement.step() {
            guard let id = statement.text(0), let due = statement.integer(1), let payload = statement.bytes(2) else {
                throw StateError(.corrupt, "a timer row holds a missing value: \(statement.text(0) ?? "no id")")
            }
            timers.append(DueTimer(id: id, due: Date(timeIntervalSince1970: Double(due) / 1000), payload: payload))
        }
        return timers
    }

    /// Takes the timer `id` for firing at `now`, as it stands in this transaction: removes it and
    /// returns it when it is still set and due, returns nil when it was cancelled or moved past
    /// `now` since it was read (by an input applied earlier in the same batch), leaving a moved
    /// timer set. A timer fires exactly as last set.
    public static func takeDueTimer(_ db: Database, id: String, at now: Date) throws -> DueTimer? {
        // Read, then removed by its key: two lookups of one row. Bound and read straight from
        // SQLite: this runs for every timer fired. Not one `DELETE … RETURNING`: SQLite gathers a
        // RETURNING's rows in a temporary table of their own, whose page cache (87 KB) it
        // allocated and freed again for every timer (docs/performance.md, session 22).
        let timer: (due: Int64, payload: [UInt8])
        do {
            // Reset when the scope ends (the statement's deinit), before the row is removed.
            let read = try BoundStatement(db, sql: "SELECT due_at, payload FROM runtime_timers WHERE timer_id = ? AND due_at <= ?")
            read.bind(1, id)
            read.bind(2, milliseconds(now))
            guard try read.step() else { return nil }
            guard let due = read.integer(0), let payload = read.bytes(1) else {
                throw StateError(.corrupt, "timer \(id) holds a missing value")
            }
            timer = (due, payload)
        }
        let delete = try BoundStatement(db, sql: "DELETE FROM runtime_timers WHERE timer_id = ?")
        delete.bind(1, id)
        try delete.run()
        return DueTimer(id: id, due: Date(timeIntervalSince1970: Double(timer.due) / 1000), payload: timer.payload)
    }

    /// The instant the next timer is due, if any.
    public static func nextDue(_ db: Database) throws -> Date? {
        let statement = try db.cachedStatement(sql: "SELECT MIN(due_at) FROM runtime_timers")
        return try Int64.fetchOne(statement).map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }

    /// The number of timers set.
    public static func openTimers(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runtime_timers") ?? 0
    }

    /// The due instant of timer `id`, if set.
    public static func timer(_ db: Database, id: String) throws -> Date? {
        try Int64.fetchOne(db, sql: "SELECT due_at FROM runtime_timers WHERE timer_id = ?", arguments: [id])
            .map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }

    // MARK: Encoding

    static func milliseconds(_ instant: Date) -> Int64 {
        Int64((instant.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// Headers as length-prefixed bytes: count, then for each: key length, key, value length (-1
    /// for none), value (little-endian 32-bit lengths).
    static func encodedHeaders(_ headers: [(String, [UInt8]?)]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4 + headers.reduce(0) { $0 + 8 + $1.0.utf8.count + ($1.1?.count ?? 0) })
        func append(_ value: Int32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        append(Int32(headers.count))
        for (key, value) in headers {
            append(Int32(key.utf8.count))
            bytes.append(contentsOf: key.utf8)
            if let value {
                append(Int32(value.count))
                bytes.append(contentsOf: value)
            } else {
                append(-1)
            }
        }
        return bytes
    }

    static func decode(_ data: Data) -> [(String, [UInt8]?)] {
        let bytes = [UInt8](data)
        var index = 0
        func read() -> Int32? {
            guard index + 4 <= bytes.count else { return nil }
            let value = bytes[index..<index + 4].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
            index += 4
            return Int32(bitPattern: value)
        }
        guard let count = read(), count >= 0 else { return [] }
        var result: [(String, [UInt8]?)] = []
        for _ in 0..<count {
            guard let keyLength = read(), keyLength >= 0, index + Int(keyLength) <= bytes.count else { break }
            let key = String(decoding: bytes[index..<index + Int(keyLength)], as: UTF8.self)
            index += Int(keyLength)
            guard let valueLength = read() else { break }
            if valueLength < 0 {
                result.append((key, nil))
            } else {
                guard index + Int(valueLength) <= bytes.count else { break }
                result.append((key, Array(bytes[index..<index + Int(valueLength)])))
                index += Int(valueLength)
            }
        }
        return result
    }
}
