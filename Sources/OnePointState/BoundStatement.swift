import GRDB
import GRDBSQLite

/// One run of a cached statement on a hot path (the runtime's inbox claim, outbox row and
/// position; a worker's statement run for every input) with its values bound straight to SQLite
/// and its columns read straight from it: GRDB's `StatementArguments` boxes every value in an
/// existential and copies blobs into `Data`, and its cursors and rows cost as much again, once per
/// input. For a few statements inside the worker's transaction, measured first; everything else
/// goes through GRDB.
///
/// ```swift
/// let statement = try BoundStatement(db, sql: "SELECT count FROM totals WHERE key = ?")
/// statement.bind(1, key)
/// let count = try statement.step() ? statement.integer(0) : nil
/// ```
public struct BoundStatement: ~Copyable {
    private let handle: SQLiteStatement
    private let statement: Statement
    private let db: Database

    /// The statement of `sql`, from `db`'s cache, reset and ready to bind (indexes from 1).
    public init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        self.db = db
        sqlite3_reset(handle)
    }

    /// `statement`, looked up earlier in `db`'s cache (``StateTables/HotStatements``), reset and
    /// ready to bind.
    public init(_ db: Database, statement: Statement) {
        self.statement = statement
        handle = statement.sqliteStatement
        self.db = db
        sqlite3_reset(handle)
    }

    /// Left reset, so the cache's next user (GRDB or another run) finds it ready.
    deinit { sqlite3_reset(handle) }

    /// SQLite copies what it is given before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds text, or NULL.
    public func bind(_ index: Int32, _ value: String?) {
        guard var value else { sqlite3_bind_null(handle, index); return }
        _ = value.withUTF8 { bytes in
            // An empty buffer may have no address, which SQLite would read as NULL.
            if let base = bytes.baseAddress {
                sqlite3_bind_text(handle, index, base, Int32(bytes.count), Self.transient)
            } else {
                sqlite3_bind_text(handle, index, "", 0, Self.transient)
            }
        }
    }

    /// Binds an integer, or NULL.
    public func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds an integer, or NULL.
    public func bind(_ index: Int32, _ value: Int32?) {
        bind(index, value.map(Int64.init))
    }

    /// Binds a real number, or NULL.
    public func bind(_ index: Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds a blob (an empty one is a zero-length blob, not NULL), or NULL.
    public func bind(_ index: Int32, blob value: [UInt8]?) {
        guard let value else { sqlite3_bind_null(handle, index); return }
        _ = value.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress {
                sqlite3_bind_blob(handle, index, base, Int32(bytes.count), Self.transient)
            } else {
                sqlite3_bind_zeroblob(handle, index, 0)
            }
        }
    }

    /// Binds `values` to the parameters from 1 on, in order: one call for a whole row, with no
    /// value boxed (`statement.bindAll(id, name, count, nil as Double?)`).
    public func bindAll<each Value: SQLiteBindable>(_ values: repeat each Value) {
        var index: Int32 = 1
        for value in repeat each values {
            value.bind(to: self, at: index)
            index += 1
        }
    }

    /// Runs the statement to its end and resets it; throws SQLite's error, with the statement's SQL.
    ///
    /// - Returns: the rows an `INSERT`, `UPDATE` or `DELETE` changed (SQLite's `sqlite3_changes`,
    ///   as `Database.changesCount` gives it, read without the connection checks of GRDB's
    ///   accessor: a profile of the relay put its two accessors at 2.4 % of its samples).
    @discardableResult
    public func run() throws -> Int {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw failure(code) }
        return Int(sqlite3_changes(sqlite3_db_handle(handle)))
    }

    /// The rowid of the last row inserted on the statement's connection (SQLite's
    /// `sqlite3_last_insert_rowid`, as `Database.lastInsertedRowID` gives it).
    public var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(sqlite3_db_handle(handle)) }

    /// Moves to the next row: `true` when there is one to read with ``text(_:)``,
    /// ``integer(_:)`` and ``real(_:)``, `false` at the end. Throws SQLite's error.
    public func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            sqlite3_reset(handle)
            throw failure(code)
        }
    }

    /// The current row's column `index` (from 0) as text; `nil` when it is NULL.
    public func text(_ index: Int32) -> String? {
        guard sqlite3_column_type(handle, index) != SQLITE_NULL, let bytes = sqlite3_column_text(handle, index) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, index))), as: UTF8.self)
    }

    /// The current row's column `index` (from 0) as bytes (a blob's, or text's UTF-8); `nil` when
    /// it is NULL.
    public func bytes(_ index: Int32) -> [UInt8]? {
        guard sqlite3_column_type(handle, index) != SQLITE_NULL else { return nil }
        // Asking for the blob first leaves the count SQLite reports in bytes of that same value.
        guard let start = sqlite3_column_blob(handle, index) else { return [] }
        return Array(UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, index))))
    }

    /// The current row's column `index` as an integer (SQLite's conversion); `nil` when it is NULL.
    public func integer(_ index: Int32) -> Int64? {
        sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, index)
    }

    /// The current row's column `index` as a real number (SQLite's conversion); `nil` when it is NULL.
    public func real(_ index: Int32) -> Double? {
        sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : sqlite3_column_double(handle, index)
    }

    /// SQLite's error `code`, as GRDB reports it: an interrupted statement is a cancelled access
    /// (GRDB interrupts a connection only when the task using it is cancelled, and throws
    /// `CancellationError` from its own statements then), anything else a `DatabaseError`.
    private func failure(_ code: Int32) -> any Error {
        if code == SQLITE_INTERRUPT { return CancellationError() }
        let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
}

/// A value ``BoundStatement/bindAll(_:)`` binds in place: text, whole numbers, reals, and `nil` of
/// any of them as NULL. (A `Date` is not one: say how it is stored, e.g. `timeIntervalSince1970`.)
public protocol SQLiteBindable {
    /// Binds the value to parameter `index` (from 1) of `statement`.
    func bind(to statement: borrowing BoundStatement, at index: Int32)
}

extension String: SQLiteBindable {
    public func bind(to statement: borrowing BoundStatement, at index: Int32) { statement.bind(index, self) }
}

extension Int64: SQLiteBindable {
    public func bind(to statement: borrowing BoundStatement, at index: Int32) { statement.bind(index, self) }
}

extension Int: SQLiteBindable {
    public func bind(to statement: borrowing BoundStatement, at index: Int32) { statement.bind(index, Int64(self)) }
}

extension Double: SQLiteBindable {
    public func bind(to statement: borrowing BoundStatement, at index: Int32) { statement.bind(index, self) }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    public func bind(to statement: borrowing BoundStatement, at index: Int32) {
        switch self {
        case .some(let value): value.bind(to: statement, at: index)
        case .none: statement.bind(index, nil as Int64?)
        }
    }
}
