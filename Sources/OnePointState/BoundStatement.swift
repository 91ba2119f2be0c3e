import GRDB
import GRDBSQLite

/// One run of a cached statement on the runtime's hot path (the inbox claim, the outbox row, the
/// position) with its values bound straight to SQLite: GRDB's `StatementArguments` boxes every
/// value in an existential and copies blobs into `Data`, a cost paid once per input otherwise.
/// Only for plain writes inside the worker's transaction; everything else goes through GRDB.
struct BoundStatement: ~Copyable {
    private let handle: SQLiteStatement
    private let statement: Statement
    private let db: Database

    /// The statement of `sql`, from `db`'s cache, reset and ready to bind (indexes from 1).
    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        self.db = db
        sqlite3_reset(handle)
    }

    /// SQLite copies what it is given before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ value: String?) {
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

    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: Int32?) {
        bind(index, value.map(Int64.init))
    }

    func bind(_ index: Int32, blob value: [UInt8]?) {
        guard let value else { sqlite3_bind_null(handle, index); return }
        _ = value.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress {
                sqlite3_bind_blob(handle, index, base, Int32(bytes.count), Self.transient)
            } else {
                sqlite3_bind_zeroblob(handle, index, 0)
            }
        }
    }

    /// Runs the statement to its end and resets it; throws SQLite's error, with the statement's SQL.
    func run() throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}
