import CSQLiteHooks
import Foundation
import GRDB

/// A worker's durable state: one SQLite database (WAL) holding the worker's own tables and the
/// runtime's: processed input ids (inbox), consumed positions, the outbox of outputs not yet
/// delivered, and timers. Everything one input changes is written in one transaction, so a crash
/// at any instant leaves either all of it or none of it.
public final class StateStore: Sendable {
    /// SQLite's `synchronous` setting.
    public enum Synchronous: String, Sendable {
        /// Every commit reaches the disk before it returns: survives power loss.
        case full = "FULL"
        /// Commits reach the disk at WAL checkpoints: survives a crashed process, not power loss.
        case normal = "NORMAL"
    }

    /// The database. Reads and writes go through GRDB's serialized queue.
    public let queue: DatabaseQueue
    /// The database file.
    public let path: String
    /// The most bytes of pages the connection caches (`nil`: SQLite's default, 2 MiB).
    let cacheSize: Int?
    /// Checkpoints the WAL beside the store's commits (`nil` in memory).
    private let checkpointer: WALCheckpointer?
    /// The statements the connection ran since the last ``takeStatementCount()``, counted by
    /// SQLite's statement trace in C. Only C's atomics touch it; never freed, as the connection
    /// that counts into it may outlive the store (eight bytes per store opened).
    nonisolated(unsafe) private let statementCount: UnsafeMutablePointer<Int64> = {
        let count = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
        count.initialize(to: 0)
        return count
    }()

    /// Opens (creating if needed) the database at `path` and migrates it: the runtime's tables
    /// first, then the worker's own migrations.
    ///
    /// - Parameters:
    ///   - busyTimeout: how long a statement waits for another connection's lock before
    ///     `SQLITE_BUSY`.
    ///   - sizeLimit: the most bytes the database may hold (SQLite's `max_page_count`); past it
    ///     writes fail with `SQLITE_FULL` as on a full disk. `nil`: no limit but the disk's.
    ///   - cacheSize: the most bytes of database pages the connection keeps in memory (SQLite's
    ///     `cache_size`; pages are taken as they are read, so a small store uses little). `nil`:
    ///     SQLite's default, 2 MiB.
    /// - Throws: ``StateError`` naming the file when it cannot be opened or migrated.
    public init(
        path: String, synchronous: Synchronous = .full, busyTimeout: Duration = .seconds(10), sizeLimit: Int? = nil, cacheSize: Int? = nil,
        migrations: (inout DatabaseMigrator) -> Void = { _ in }
    ) throws(StateError) {
        self.path = path
        self.cacheSize = cacheSize
        _ = Self.memoryStatisticsOff
        let folder = (path as NSString).deletingLastPathComponent
        try StateFolder.prepare(folder.isEmpty ? "." : folder)
        try StateFolder.prepareFile(path)
        do {
            var configuration = Configuration()
            configuration.journalMode = .wal
            configuration.busyMode = .timeout(Double(busyTimeout.components.seconds) + Double(busyTimeout.components.attoseconds) / 1e18)
            configuration.prepareDatabase { db in
                if let cacheSize { try db.execute(sql: "PRAGMA cache_size = -\(max(1, cacheSize / 1024))") }
                if let sizeLimit {
                    let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
                    try db.execute(sql: "PRAGMA max_page_count = \(max(1, sizeLimit / pageSize))")
                }
            }
            queue = try DatabaseQueue(path: path, configuration: configuration)
            // After the queue is open: GRDB's WAL set-up sets `synchronous = NORMAL` once the
            // connection is prepared, which would quietly override a setting made before it.
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous.rawValue)") }
            var migrator = DatabaseMigrator()
            Self.registerRuntimeMigrations(&migrator)
            migrations(&migrator)
            try migrator.migrate(queue)
        } catch {
            throw StateError(.unavailable, "could not open the state database \(path): \(error)")
        }
        // Started last: a store that failed to open leaves no thread behind.
        let checkpointer = WALCheckpointer(path: path)
        self.checkpointer = checkpointer
        queue.inDatabase { db in checkpointer.install(on: db) }
        countStatements()
    }

    /// The statements this store's connection ran (each read, write and transaction statement,
    /// as SQLite starts it) since the last call: what `onepoint_state_statements_total` counts,
    /// and what a benchmark divides by the inputs applied. Safe from any thread.
    public func takeStatementCount() -> Int {
        Int(onepoint_sqlite_take_statement_count(statementCount))
    }

    private func countStatements() {
        let count = statementCount
        queue.inDatabase { db in
            if let connection = db.sqliteConnection { _ = onepoint_sqlite_count_statements(connection, count) }
        }
    }

    /// SQLite's memory statistics, off before the process's first store opens: they put every
    /// allocation of every connection behind one mutex (tasks' stores are written side by side).
    /// `false` when something opened SQLite first, which only costs that contention.
    private static let memoryStatisticsOff: Bool = onepoint_sqlite_memory_statistics_off() == 0

    /// A store in memory (nothing on disk): for tests of decisions (`WorkerTestHarness`).
    ///
    /// - Throws: ``StateError`` when a migration fails.
    public static func inMemory(migrations: (inout DatabaseMigrator) -> Void = { _ in }) throws(StateError) -> StateStore {
        do {
            let queue = try DatabaseQueue()
            var migrator = DatabaseMigrator()
            registerRuntimeMigrations(&migrator)
            migrations(&migrator)
            try migrator.migrate(queue)
            return StateStore(queue: queue, path: ":memory:")
        } catch {
            throw StateError(.unavailable, "could not create an in-memory state database: \(error)")
        }
    }

    /// Reads the state on the store's connection, as the worker's own reads between batches do.
    ///
    /// Unlike `queue.read`, it does not put the connection in GRDB's read-only mode: that mode
    /// sets `PRAGMA query_only` on and off, and a flag pragma expires every prepared statement of
    /// the connection, so each read between two batches made SQLite compile every cached
    /// statement again (through GRDB's authorizer) on its next use. Only this store's connection
    /// writes, so `body` sees a consistent state; it must not write.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.unsafeRead(body)
    }

    /// Reads the state from an async context; see the synchronous `read`.
    public func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await queue.unsafeRead(body)
    }

    /// Reads the state on a read-only connection of its own, opened for this call: a long read
    /// (counting every timer) runs beside the store's transactions instead of holding them up
    /// (WAL lets it read while the store writes).
    ///
    /// - Throws: ``StateError`` when the file cannot be opened; what `body` throws.
    public func readAside<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        var configuration = Configuration()
        configuration.readonly = true
        let reader: DatabaseQueue
        do {
            reader = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw StateError(.unavailable, "could not open the state database \(path) to read it: \(error)")
        }
        defer { try? reader.close() }
        return try await reader.read(body)
    }

    private init(queue: DatabaseQueue, path: String) {
        self.queue = queue
        self.path = path
        cacheSize = nil
        checkpointer = nil
        countStatements()
    }

    deinit {
        // The thread stops. The connection's hook is left in place and keeps the checkpointer
        // allocated (a few hundred bytes, as the changelog's notes are): the queue may outlive
        // the store, and is not used here (a store released on its own queue would reenter it).
        checkpointer?.stop()
    }

    /// Bytes of database pages the store's connection holds in its cache now.
    public var cachedBytes: Int {
        queue.inDatabase { db in db.sqliteConnection.map { Int(onepoint_sqlite_cache_used($0)) } ?? 0 }
    }

    /// Reads the rows of `tables` (those the store has), in that order, into its connection's page
    /// cache until the cache is nearly full (90 % of the `cacheSize` it was opened with) or they
    /// are all read, and returns the bytes cached.
    ///
    /// A worker runs it as a task opens, beside the group join, on the tables its work reads most
    /// (``WorkerLogic/warmTables``): a connection takes pages into its cache as it reads them, so
    /// without it the first seconds of work wait on those reads. With a million open tickets that
    /// made the first bursts of timers the slowest of a run (`docs/performance.md`). It takes no
    /// more memory than the cache would hold once warm.
    ///
    /// - Throws: ``StateError`` when the store cannot be read.
    @discardableResult
    public func warmCache(tables: [String]) throws(StateError) -> Int {
        let limit = Int64((cacheSize ?? 2 * 1024 * 1024) / 10 * 9)
        do {
            return try queue.inDatabase { db in
                guard let connection = db.sqliteConnection else { return 0 }
                reading: for table in tables where try db.tableExists(table) {
                    let rows = try BoundStatement(db, sql: "SELECT * FROM main.\"\(table.replacingOccurrences(of: "\"", with: "\"\""))\"")
                    var read = 0
                    while try rows.step() {
                        read += 1
                        if read % 64 == 0, onepoint_sqlite_cache_used(connection) >= limit { break reading }
                    }
                }
                return Int(onepoint_sqlite_cache_used(connection))
            }
        } catch {
            throw StateError(.unavailable, "could not read \(path) into its page cache: \(error)")
        }
    }

    /// How many WAL checkpoints ran on the store's checkpoint thread, and how many in a commit
    /// because the commits did not pause (see `docs/architecture.md`).
    public var checkpoints: (background: Int, inline: Int) { checkpointer?.counts ?? (0, 0) }

    /// The runtime's own tables.
    static func registerRuntimeMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("onepoint-runtime-1") { db in
            // Ids of inputs already applied (events delivered twice upstream are applied once).
            try db.execute(sql: """
                CREATE TABLE runtime_inbox (
                    input_id TEXT PRIMARY KEY NOT NULL,
                    applied_at INTEGER NOT NULL
                ) WITHOUT ROWID
                """)
            // The next offset to read of each input partition: the source of truth on assignment.
            try db.execute(sql: """
                CREATE TABLE runtime_positions (
                    topic TEXT NOT NULL,
                    partition INTEGER NOT NULL,
                    next_offset INTEGER NOT NULL,
                    PRIMARY KEY (topic, partition)
                ) WITHOUT ROWID
                """)
            // Outputs decided but not yet delivered, in decision order.
            try db.execute(sql: """
                CREATE TABLE runtime_outbox (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    event_id TEXT NOT NULL,
                    topic TEXT NOT NULL,
                    key BLOB,
                    value BLOB,
                    headers BLOB NOT NULL
                )
                """)
            // Deadlines: fire at due_at (milliseconds since 1970) by the worker's clock.
            try db.execute(sql: """
                CREATE TABLE runtime_timers (
                    timer_id TEXT PRIMARY KEY NOT NULL,
                    due_at INTEGER NOT NULL,
                    payload BLOB NOT NULL
                ) WITHOUT ROWID
                """)
            try db.execute(sql: "CREATE INDEX runtime_timers_due ON runtime_timers (due_at, timer_id)")
        }
        migrator.registerMigration("onepoint-runtime-2") { db in
            // Where each applied input was read, so the inbox is pruned by position, not by the
            // clock alone (a clock that jumps must not make the worker forget recent ids).
            try db.execute(sql: "ALTER TABLE runtime_inbox ADD COLUMN topic TEXT")
            try db.execute(sql: "ALTER TABLE runtime_inbox ADD COLUMN partition INTEGER")
            try db.execute(sql: "ALTER TABLE runtime_inbox ADD COLUMN input_offset INTEGER")
        }
        migrator.registerMigration("onepoint-runtime-3") { db in
            // An output bound to one partition (a task's changelog records go to the task's own).
            try db.execute(sql: "ALTER TABLE runtime_outbox ADD COLUMN partition INTEGER")
            // Where this store stands on its changelog (see StateChangelog): the generation it
            // writes, the next sequence number, and the last one that closed a transaction.
            try db.execute(sql: """
                CREATE TABLE runtime_changelog (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    generation TEXT NOT NULL,
                    next_seq INTEGER NOT NULL,
                    committed_seq INTEGER NOT NULL
                )
                """)
        }
    }
}
