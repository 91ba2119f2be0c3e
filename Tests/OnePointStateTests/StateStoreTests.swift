import Foundation
import GRDB
import GRDBSQLite
import OnePointState
import Synchronization
import Testing

@Suite("State store")
struct StateStoreTests {
    /// Runs a cached statement in a transaction; returns how often SQLite has compiled it again.
    private func reprepares(_ store: StateStore) throws -> Int32 {
        try store.queue.write { db in
            let statement = try db.cachedStatement(sql: "SELECT COUNT(*) FROM runtime_inbox WHERE input_id = ?")
            _ = try Int.fetchOne(statement, arguments: ["x"])
            return sqlite3_stmt_status(statement.sqliteStatement, SQLITE_STMTSTATUS_REPREPARE, 0)
        }
    }

    @Test("reading the store between transactions leaves the cached statements compiled")
    func readsKeepStatements() throws {
        let store = try StateStore.inMemory()
        let before = try reprepares(store)
        _ = try store.read { db in try StateTables.nextDue(db) }
        #expect(try reprepares(store) == before, "StateStore.read does not expire prepared statements")
        // Why StateStore.read exists: GRDB's read-only mode sets PRAGMA query_only on and off,
        // which expires every prepared statement of the connection.
        _ = try store.queue.read { db in try StateTables.nextDue(db) }
        #expect(try reprepares(store) == before + 1, "queue.read made SQLite compile the statement again")
    }

    @Test("the store counts the statements its connection runs, and each count is taken once", arguments: [false, true])
    func statementCount(onDisk: Bool) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = onDisk ? try StateStore(path: folder.appendingPathComponent("state.sqlite").path) : try StateStore.inMemory()
        _ = store.takeStatementCount()
        try store.queue.write { db in
            try StateTables.setPosition(db, topic: "t", partition: 0, next: 1)
            try StateTables.setPosition(db, topic: "t", partition: 1, next: 1)
            _ = try StateTables.positions(db)
        }
        // GRDB's BEGIN IMMEDIATE TRANSACTION and COMMIT TRANSACTION, two upserts, one read.
        #expect(store.takeStatementCount() == 5)
        #expect(store.takeStatementCount() == 0, "a count is taken once")
        _ = try store.read { db in try StateTables.nextDue(db) }
        #expect(store.takeStatementCount() == 1, "reads between transactions count too")
    }

    @Test("synchronous is what the store was opened with", arguments: [(StateStore.Synchronous.full, 2), (.normal, 1)])
    func synchronous(setting: StateStore.Synchronous, pragma: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: folder.appendingPathComponent("state.sqlite").path, synchronous: setting)
        // SQLite's numbers: 1 is NORMAL (commits reach the disk at checkpoints), 2 is FULL (every
        // commit is synced). GRDB's WAL set-up sets NORMAL after the connection is prepared.
        #expect(try store.queue.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == pragma)
        #expect(try store.queue.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test("the page cache is set from cacheSize")
    func cacheSize() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: folder.appendingPathComponent("state.sqlite").path, cacheSize: 64 * 1_048_576)
        #expect(try store.read { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") } == -65_536, "64 MiB, in KiB")
        let plain = try StateStore(path: folder.appendingPathComponent("plain.sqlite").path)
        #expect(try plain.read { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") } == -2000, "SQLite's default")
    }

    @Test("removing delivered outputs takes exactly the listed ones, in runs and alone, and leaves the rest in order")
    func removeOutputs() throws {
        let store = try StateStore.inMemory()
        let seqs = try store.queue.write { db in
            try (1...8).map { n in
                try StateTables.enqueue(db, eventID: "e\(n)", topic: "out", key: nil, value: Array("\(n)".utf8), headers: []).seq
            }
        }
        // Two runs (1-3, 7-8) and one alone (5), listed out of order.
        let delivered = [seqs[6], seqs[7], seqs[0], seqs[1], seqs[2], seqs[4]]
        try store.queue.write { db in try StateTables.removeOutputs(db, through: delivered) }
        let left = try store.read { db in try StateTables.pendingOutputs(db, limit: 100) }
        #expect(left.map(\.eventID) == ["e4", "e6"])
        // The claim and the outbox row through looked-up statements write what the plain calls do.
        try store.queue.write { db in
            let hot = try StateTables.HotStatements(db)
            #expect(try StateTables.claim(db, inputID: "i1", at: Date(), using: hot))
            #expect(try !StateTables.claim(db, inputID: "i1", at: Date(), using: hot), "a second claim of one id is a duplicate")
            _ = try StateTables.enqueue(db, eventID: "e9", topic: "out", key: Array("k".utf8), value: nil, headers: [("h", nil)], using: hot)
        }
        let last = try store.read { db in try StateTables.pendingOutputs(db, limit: 100) }.last
        #expect(last?.eventID == "e9" && last?.key == Array("k".utf8) && last?.value == nil && last?.headers.first?.0 == "h")
        #expect(try store.read { db in try StateTables.wasApplied(db, inputID: "i1") })
    }

    @Test("a bound statement in a read whose task is cancelled throws CancellationError, as GRDB's own statements do")
    func cancelledRead() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: folder.appendingPathComponent("state.sqlite").path)
        let stepping = Mutex(false)
        let reading = Task {
            try await store.read { db in
                // A statement that runs for many seconds unless interrupted.
                let statement = try BoundStatement(
                    db, sql: "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) SELECT COUNT(*) FROM n")
                stepping.withLock { $0 = true }
                return try statement.step()
            }
        }
        while !stepping.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(100))
        reading.cancel()
        await #expect(throws: CancellationError.self) { try await reading.value }
    }
}

@Suite("State store: warming the page cache")
struct StateStoreWarmCacheTests {
    /// A store at `path` whose table `big` holds `rows` rows of 1 000 bytes, and whose table
    /// `other` holds as many.
    private func fill(_ path: String, rows: Int) throws {
        let store = try StateStore(path: path, migrations: { migrator in
            migrator.registerMigration("tables") { db in
                try db.execute(sql: "CREATE TABLE big (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
                try db.execute(sql: "CREATE TABLE other (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
            }
        })
        try store.queue.write { db in
            for id in 0..<rows {
                try db.execute(sql: "INSERT INTO big (id, payload) VALUES (?, zeroblob(1000))", arguments: [id])
                try db.execute(sql: "INSERT INTO other (id, payload) VALUES (?, zeroblob(1000))", arguments: [id])
            }
        }
    }

    /// A store of `rows` rows a table (``fill(_:rows:)``) opened again with a cache of
    /// `cacheSize` bytes, so its cache starts empty; and the folder to remove.
    private func reopened(rows: Int, cacheSize: Int) throws -> (StateStore, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-warm-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("state.sqlite").path
        try fill(path, rows: rows)
        return (try StateStore(path: path, cacheSize: cacheSize), folder)
    }

    @Test("tables larger than the cache fill it to at least 90 %")
    func largerThanCache() throws {
        let cache = 2 * 1024 * 1024
        let (store, folder) = try reopened(rows: 8_000, cacheSize: cache)  // ~8 MiB a table
        defer { try? FileManager.default.removeItem(at: folder) }
        let cold = store.cachedBytes
        let warmed = try store.warmCache(tables: ["big"])
        #expect(cold < cache / 4, "a store just opened holds little in its cache (\(cold) bytes)")
        #expect(warmed >= cache / 10 * 9, "warmed to \(warmed) bytes of a \(cache)-byte cache")
        #expect(store.cachedBytes == warmed)
    }

    @Test("only the tables named are read, those the store lacks are skipped, and a second warming reads nothing new")
    func onlyNamedTables() throws {
        let (store, folder) = try reopened(rows: 1_000, cacheSize: 16 * 1024 * 1024)  // ~1 MiB a table
        defer { try? FileManager.default.removeItem(at: folder) }
        let warmed = try store.warmCache(tables: ["missing", "big"])
        #expect(warmed >= 1_000 * 1_000, "every row of big is cached (\(warmed) bytes)")
        #expect(warmed < 2 * 1_000 * 1_000, "other was not read (\(warmed) bytes)")
        #expect(try store.warmCache(tables: ["big"]) == warmed)
        #expect(try store.warmCache(tables: []) == warmed)
    }
}
