import CSQLiteHooks
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// The rows of a store that its transactions touched since the changelog's last flush, noted by
/// SQLite's pre-update hook as each row is inserted, updated or deleted (``StateChangelog``).
///
/// The hook runs inside SQLite, on the connection's writer, once per row: it notes the row's table
/// and key values and nothing else, so capturing a transaction's changes costs no SQL of its own
/// (temporary triggers did: a trigger program, a statement journal and an insert into a temporary
/// table per row). Noting a row that a rolled-back savepoint then undid is harmless: a flush writes
/// each noted row as it stands at commit, or its deletion.
final class ChangeNotes: Sendable {
    /// A touched row: its table's index in ``shapes`` and its key, as SQLite held it.
    struct Touched: Hashable, Sendable {
        var table: Int
        var key: [KeyValue]
    }

    /// The captured tables.
    let shapes: [TableShape]
    /// The tables' names as C strings, to match the hook's table name without making a `String`.
    private let names: [[CChar]]
    /// The outbox's index in ``shapes`` and its `topic` column, and the changelog topic's bytes:
    /// the changelog's own records in the outbox are not changes of the store's content.
    private let outbox: (table: Int, topicColumn: Int32)?
    private let changelogTopic: [UInt8]
    private let touched = Mutex<Set<Touched>>([])

    init(shapes: [TableShape], changelogTopic: String) {
        self.shapes = shapes
        names = shapes.map { Array($0.name.utf8CString) }
        self.changelogTopic = Array(changelogTopic.utf8)
        outbox = shapes.firstIndex { $0.name == "runtime_outbox" }.flatMap { table in
            shapes[table].columns.firstIndex(of: "topic").map { (table, Int32($0)) }
        }
    }

    /// Installs the hook on `db`'s connection, replacing (and releasing) a previous one's notes.
    /// The connection holds its notes until another capture replaces them: the notes of a store
    /// whose connection closes (a task given away) stay allocated, a few hundred bytes each.
    func install(on db: Database) {
        guard let connection = db.sqliteConnection else { return }
        let context = Unmanaged.passRetained(self).toOpaque()
        if let previous = sqlite3_preupdate_hook(connection, changeNotesHook, context) {
            Unmanaged<ChangeNotes>.fromOpaque(previous).release()
        }
    }

    /// Takes every noted row, leaving none.
    func take() -> Set<Touched> { touched.withLock { notes in defer { notes = [] }; return notes } }

    /// Notes rows again (those of a flush whose transaction rolled back).
    func giveBack(_ rows: Set<Touched>) { touched.withLock { $0.formUnion(rows) } }

    /// Notes one row by its key values.
    func note(table: Int, key: [KeyValue]) { _ = touched.withLock { $0.insert(Touched(table: table, key: key)) } }

    /// The hook's work: which table, which key (the old row's and the new row's for an update).
    fileprivate func note(_ connection: OpaquePointer, op: Int32, table name: UnsafePointer<CChar>, oldRowid: Int64, newRowid: Int64) {
        guard let table = names.firstIndex(where: { strcmp($0, name) == 0 }) else { return }
        if let outbox, outbox.table == table {
            let column = outbox.topicColumn
            var value: OpaquePointer?
            _ = op == SQLITE_DELETE ? sqlite3_preupdate_old(connection, column, &value) : sqlite3_preupdate_new(connection, column, &value)
            if isChangelogTopic(value) { return }
        }
        let shape = shapes[table]
        func key(old: Bool) -> [KeyValue] {
            guard !shape.keyColumns.isEmpty else { return [.integer(old ? oldRowid : newRowid)] }
            return shape.keyIndexes.map { column in
                var value: OpaquePointer?
                let code = old ? sqlite3_preupdate_old(connection, column, &value) : sqlite3_preupdate_new(connection, column, &value)
                return code == SQLITE_OK ? KeyValue(value) : .null
            }
        }
        if op != SQLITE_INSERT { note(table: table, key: key(old: true)) }
        if op != SQLITE_DELETE { note(table: table, key: key(old: false)) }
    }

    private func isChangelogTopic(_ value: OpaquePointer?) -> Bool {
        guard let value, sqlite3_value_type(value) == SQLITE_TEXT, let text = sqlite3_value_text(value) else { return false }
        let count = Int(sqlite3_value_bytes(value))
        return count == changelogTopic.count && changelogTopic.withUnsafeBufferPointer { topic in topic.baseAddress.map { memcmp($0, text, count) == 0 } ?? (count == 0) }
    }
}

/// SQLite's pre-update callback: rows of the `main` database go to the ``ChangeNotes`` installed.
private let changeNotesHook: @convention(c) (
    UnsafeMutableRawPointer?, OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, Int64, Int64
) -> Void = { context, connection, op, database, table, oldRowid, newRowid in
    guard let context, let connection, let database, let table, strcmp(database, "main") == 0 else { return }
    Unmanaged<ChangeNotes>.fromOpaque(context).takeUnretainedValue().note(connection, op: op, table: table, oldRowid: oldRowid, newRowid: newRowid)
}

/// One value of a row's key, as SQLite holds it (bound back as it was to find the row).
enum KeyValue: Hashable, Sendable, SQLiteBindable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    init(_ value: OpaquePointer?) {
        guard let value else {
            self = .null
            return
        }
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER: self = .integer(sqlite3_value_int64(value))
        case SQLITE_FLOAT: self = .real(sqlite3_value_double(value))
        case SQLITE_TEXT:
            let text = sqlite3_value_text(value)
            let count = Int(sqlite3_value_bytes(value))
            self = .text(text.map { String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self) } ?? "")
        case SQLITE_BLOB:
            let bytes = sqlite3_value_blob(value)
            let count = Int(sqlite3_value_bytes(value))
            self = .blob(bytes.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? [])
        default: self = .null
        }
    }

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let n): self = .integer(n)
        case .double(let x): self = .real(x)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .blob(Array(data))
        }
    }

    func bind(to statement: borrowing BoundStatement, at index: Int32) {
        switch self {
        case .null: statement.bind(index, nil as Int64?)
        case .integer(let n): statement.bind(index, n)
        case .real(let x): statement.bind(index, x)
        case .text(let text): statement.bind(index, text)
        case .blob(let bytes): statement.bind(index, blob: bytes)
        }
    }
}
