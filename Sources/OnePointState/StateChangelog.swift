import Foundation
import GRDB

/// Turns every change to a store's tables into records of the store's changelog partition, in the
/// same transaction, through the outbox (in the manner of Kafka Streams' changelogs).
///
/// SQLite's pre-update hook notes which rows each transaction touched (``ChangeNotes``);
/// ``flush(_:)`` at the end of the transaction writes one record per touched row, with the row as
/// it stands at commit (or a deletion), then a commit marker, into the outbox bound for the
/// changelog partition. The
/// records of one store carry one *generation* and consecutive sequence numbers, so a restore
/// (``ChangelogApplier``, driven by the runtime) applies whole transactions only, in order, and
/// ignores what an instance that lost the store wrote after another took it over.
///
/// The record format (key, value, headers) is described in `docs/architecture.md`.
public struct StateChangelog: Sendable {
    /// The header carrying the generation that wrote a record.
    public static let generationHeader = "onepoint.changelog.generation"
    /// The header carrying a record's sequence number in its generation.
    public static let seqHeader = "onepoint.changelog.seq"
    /// The key of a commit marker: every record of its generation up to its sequence number is one
    /// or more complete transactions.
    public static let commitKey = "~commit"
    /// The key of a generation marker: a new owner starts writing the store's changelog here.
    public static let generationKey = "~generation"

    /// The changelog topic.
    public let topic: String
    /// The store's partition of it.
    public let partition: Int32
    /// The rows touched since the last flush, and the captured tables.
    let notes: ChangeNotes

    /// Where a store stands on its changelog.
    public struct Position: Sendable, Equatable {
        /// The generation the store writes.
        public var generation: String
        /// The last sequence number that closed a transaction.
        public var committedSeq: Int64

        public init(generation: String, committedSeq: Int64) {
            self.generation = generation
            self.committedSeq = committedSeq
        }
    }

    /// Installs the capture on `store`: from now on every transaction must end with ``flush(_:)``.
    ///
    /// - Throws: ``StateError`` when the schema cannot be read.
    public static func capture(_ store: StateStore, topic: String, partition: Int32) throws(StateError) -> StateChangelog {
        do {
            return try store.queue.write { db in
                let notes = ChangeNotes(shapes: try TableShape.all(db).values.sorted { $0.name < $1.name }, changelogTopic: topic)
                notes.install(on: db)
                return StateChangelog(topic: topic, partition: partition, notes: notes)
            }
        } catch {
            throw StateError(.unavailable, "could not capture the changes of \(store.path) for the changelog \(topic)[\(partition)]: \(error)")
        }
    }

    /// The store's position on its changelog, `nil` when it has never written one.
    public static func position(_ db: Database) throws -> Position? {
        guard let row = try Row.fetchOne(db, sql: "SELECT generation, committed_seq FROM runtime_changelog WHERE id = 1") else { return nil }
        return Position(generation: row["generation"], committedSeq: row["committed_seq"])
    }

    /// Records that the store now writes `generation`, after `committedSeq`.
    public static func setPosition(_ db: Database, _ position: Position) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO runtime_changelog (id, generation, next_seq, committed_seq) VALUES (1, ?, ?, ?)",
            arguments: [position.generation, position.committedSeq + 1, position.committedSeq])
    }

    /// Whether the store holds any row of its own (a store that existed before its changelog).
    public static func hasRows(_ db: Database) throws -> Bool {
        for shape in try TableShape.all(db).values where try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM main.\(shape.quoted))") == true {
            return true
        }
        return false
    }

    /// Marks every row of every table as changed, so the next ``flush(_:)`` writes the whole store
    /// (a store that existed before its changelog was turned on).
    public func markEverything(_ db: Database) throws {
        for (index, shape) in notes.shapes.enumerated() {
            let keys = shape.keyColumns.isEmpty ? "rowid" : shape.keyColumns.map { "\"\($0)\"" }.joined(separator: ", ")
            let filter = shape.name == "runtime_outbox" ? " WHERE topic IS NOT \(Self.literal(topic))" : ""
            let rows = try Row.fetchCursor(db, sql: "SELECT \(keys) FROM main.\(shape.quoted)\(filter)")
            while let row = try rows.next() { notes.note(table: index, key: row.databaseValues.map(KeyValue.init)) }
        }
    }

    /// Writes the transaction's changes to the outbox as changelog records, closed by a commit
    /// marker, and returns them (they are published with the transaction's outputs). Call it last
    /// in every transaction of a captured store. If the transaction then rolls back, its rows
    /// are noted again for the next flush.
    public func flush(_ db: Database) throws -> [OutboxRecord] {
        let touched = notes.take()
        guard !touched.isEmpty else { return [] }
        db.afterNextTransaction(onCommit: { _ in }, onRollback: { [notes] _ in notes.giveBack(touched) })
        // Every read and write here is bound straight to SQLite: this runs once per transaction
        // of every task, and reads one row per row touched.
        let generation: String
        var seq: Int64
        do {
            let statement = try BoundStatement(db, sql: "SELECT generation, next_seq FROM runtime_changelog WHERE id = 1")
            guard try statement.step(), let written = statement.text(0), let next = statement.integer(1) else {
                throw StateError(.failed, "the store has no changelog generation; it must be restored or started before it is written")
            }
            (generation, seq) = (written, next)
        }
        // Each row's key as the records spell it (SQLite's JSON array of the key's values) and
        // the row as it stands now, or nil: deleted.
        var rows: [(table: String, key: String, value: [UInt8]?)] = []
        rows.reserveCapacity(touched.count)
        for row in touched {
            let shape = notes.shapes[row.table]
            let statement = try BoundStatement(db, sql: shape.flushSQL)
            for (index, value) in row.key.enumerated() { value.bind(to: statement, at: Int32(index + 1)) }
            guard try statement.step(), let key = statement.text(0) else {
                throw StateError(.failed, "could not spell the key of a changed row of \(shape.name) for the changelog")
            }
            rows.append((shape.name, key, statement.bytes(1)))
        }
        rows.sort { ($0.table, $0.key) < ($1.table, $1.key) }
        let generationBytes = Array(generation.utf8)
        var records: [OutboxRecord] = []
        records.reserveCapacity(rows.count + 1)
        for row in rows {
            records.append(try enqueue(db, key: "\(row.table)/\(row.key)", value: row.value, generation: generation, generationBytes, seq: seq))
            seq += 1
        }
        records.append(try enqueue(db, key: Self.commitKey, value: Array(#"{"seq":\#(seq)}"#.utf8), generation: generation, generationBytes, seq: seq))
        let statement = try BoundStatement(db, sql: "UPDATE runtime_changelog SET next_seq = ?, committed_seq = ? WHERE id = 1")
        statement.bindAll(seq + 1, seq)
        try statement.run()
        return records
    }

    /// The header of a generation marker whose owner did not restore from the records before it
    /// (a store older than its changelog, or a changelog that lost its beginning): it writes its
    /// whole store after the marker, so a restore starts over there.
    public static let rebaseHeader = "onepoint.changelog.rebase"

    /// A generation marker, for a new owner to publish before it restores (or, with `rebase`, before
    /// it writes its whole store, continuing after `committedSeq`).
    public static func generationMarker(_ generation: String, rebase: Bool = false, committedSeq: Int64 = 0) -> (key: [UInt8], value: [UInt8], headers: [(String, [UInt8]?)]) {
        var headers: [(String, [UInt8]?)] = [(generationHeader, Array(generation.utf8)), (seqHeader, Array(String(committedSeq).utf8))]
        if rebase { headers.append((rebaseHeader, Array("true".utf8))) }
        return (Array(generationKey.utf8), Array(#"{"generation":"\#(generation)","rebase":\#(rebase)}"#.utf8), headers)
    }

    private func enqueue(_ db: Database, key: String, value: [UInt8]?, generation: String, _ generationBytes: [UInt8], seq: Int64) throws -> OutboxRecord {
        try StateTables.enqueue(
            db, eventID: "changelog-\(generation)-\(seq)", topic: topic, key: Array(key.utf8), value: value,
            headers: [(Self.generationHeader, generationBytes), (Self.seqHeader, Array(String(seq).utf8))], partition: partition)
    }

    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}

/// Applies changelog records (rows and deletions) to a store being restored.
public struct ChangelogApplier: Sendable {
    private let tables: [String: TableShape]

    /// Reads the schema of `db` (migrated, without the capture installed) and adds the functions
    /// restoring needs.
    public init(_ db: Database) throws {
        tables = try TableShape.all(db)
        db.add(function: ChangelogApplier.unhex)
    }

    /// Deletes every row of every table (a restore reaching a rebase marker starts over).
    public func clear(_ db: Database) throws {
        for shape in tables.values { try db.execute(sql: "DELETE FROM main.\(shape.quoted)") }
    }

    /// Applies one row record: its value is the row as it stood at commit, or `nil` (deleted).
    ///
    /// - Throws: ``StateError`` for a record that names no table of this store.
    public func apply(_ db: Database, key: [UInt8], value: [UInt8]?) throws {
        let text = String(decoding: key, as: UTF8.self)
        guard let slash = text.firstIndex(of: "/"), let shape = tables[String(text[..<slash])] else {
            throw StateError(.failed, "a changelog record names no table of this store: '\(text.prefix(80))'")
        }
        let pk = String(text[text.index(after: slash)...])
        if let value {
            try db.cachedStatement(sql: shape.upsertSQL).execute(arguments: [String(decoding: value, as: UTF8.self)])
        } else {
            try db.cachedStatement(sql: shape.deleteSQL).execute(arguments: [pk])
        }
    }

    private static let unhex = DatabaseFunction("onepoint_unhex", argumentCount: 1, pure: true) { values -> Data? in
        guard let hex = String.fromDatabaseValue(values[0]) else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8?
        for character in hex.utf8 {
            let nibble: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = character - UInt8(ascii: "A") + 10
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
            default: return nil
            }
            if let h = high {
                bytes.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return Data(bytes)
    }
}

/// A captured table: its columns and how a row is identified (its primary key, or its rowid).
struct TableShape: Sendable {
    let name: String
    let columns: [String]
    /// The primary key's columns; empty: the table is identified by rowid.
    let keyColumns: [String]
    /// The primary key's columns' positions among ``columns`` (what SQLite's pre-update hook reads).
    let keyIndexes: [Int32]
    /// A changed row's changelog key (the JSON array of its key values, bound from 1 in key
    /// order) and the row as it stands, as JSON with blobs as {"$b": hex}; NULL when it is gone.
    let flushSQL: String
    let upsertSQL: String
    let deleteSQL: String

    init(name: String, columns: [String], keyColumns: [String]) {
        self.name = name
        self.columns = columns
        self.keyColumns = keyColumns
        keyIndexes = keyColumns.compactMap { key in columns.firstIndex(of: key).map { Int32($0) } }
        let quoted = "\"\(name)\""
        let keyParts = keyColumns.isEmpty ? ["rowid"] : keyColumns.map { "\"\($0)\"" }
        let keyMatch = keyParts.enumerated().map { "\($1) = json_extract(?1, '$[\($0)]')" }.joined(separator: " AND ")
        var fields = columns.map { "'\($0)', CASE typeof(\"\($0)\") WHEN 'blob' THEN json_object('$b', hex(\"\($0)\")) ELSE \"\($0)\" END" }
        if keyColumns.isEmpty { fields.append("'rowid', rowid") }
        let parameters = keyParts.indices.map { "?\($0 + 1)" }
        let boundMatch = zip(keyParts, parameters).map { "\($0) = \($1)" }.joined(separator: " AND ")
        flushSQL = """
            SELECT json_array(\(parameters.joined(separator: ", "))), \
            (SELECT json_object(\(fields.joined(separator: ", "))) FROM main.\(quoted) WHERE \(boundMatch))
            """
        var names = columns.map { "\"\($0)\"" }
        var values = columns.map {
            "CASE json_type(?1, '$.\"\($0)\"') WHEN 'object' THEN onepoint_unhex(json_extract(?1, '$.\"\($0)\".\"$b\"')) ELSE json_extract(?1, '$.\"\($0)\"') END"
        }
        if keyColumns.isEmpty {
            names.append("rowid")
            values.append("json_extract(?1, '$.rowid')")
        }
        upsertSQL = "INSERT OR REPLACE INTO main.\(quoted) (\(names.joined(separator: ", "))) VALUES (\(values.joined(separator: ", ")))"
        deleteSQL = "DELETE FROM main.\(quoted) WHERE \(keyMatch)"
    }

    var quoted: String { "\"\(name)\"" }

    /// Every table of the store's main schema but SQLite's, GRDB's and the changelog's own.
    static func all(_ db: Database) throws -> [String: TableShape] {
        let names = try String.fetchAll(
            db,
            sql: """
                SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                AND name NOT IN ('grdb_migrations', 'runtime_changelog') ORDER BY name
                """)
        var shapes: [String: TableShape] = [:]
        for name in names {
            let info = try Row.fetchAll(db, sql: "PRAGMA main.table_info(\(StateChangelog.literal(name)))")
            let columns: [String] = info.map { $0["name"] }
            let keys = info.filter { ($0["pk"] as Int) > 0 }.sorted { ($0["pk"] as Int) < ($1["pk"] as Int) }.map { $0["name"] as String }
            shapes[name] = TableShape(name: name, columns: columns, keyColumns: keys)
        }
        return shapes
    }
}
