import Foundation
import GRDB
import OnePointState
import Testing

/// The changelog's capture and apply, on real SQLite without Kafka: what one store writes,
/// applied to an empty store of the same schema, gives the same rows.
@Suite("State changelog")
struct StateChangelogTests {
    static func folder() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-cl-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return path
    }

    /// A worker schema with a composite key, a blob column, a real, a table keyed by rowid, one
    /// keyed by an alias of it, and a table without rowid whose key is declared last, in another
    /// order, beside a unique column.
    static func migrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("test-1") { db in
            try db.execute(sql: "CREATE TABLE tickets (province TEXT NOT NULL, id INTEGER NOT NULL, body BLOB, score REAL, note TEXT, PRIMARY KEY (province, id))")
            try db.execute(sql: "CREATE TABLE events (what TEXT)")
            try db.execute(sql: "CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
            try db.execute(sql: "CREATE TABLE pairs (note TEXT, b INTEGER NOT NULL, a TEXT NOT NULL, code TEXT UNIQUE, PRIMARY KEY (a, b)) WITHOUT ROWID")
        }
    }

    static func dump(_ store: StateStore) throws -> [String] {
        try store.queue.read { db in
            var lines: [String] = []
            for table in ["tickets", "events", "counters", "pairs", "runtime_inbox", "runtime_positions", "runtime_timers"] {
                let rowid = table == "events" ? "rowid AS _rowid, " : ""
                lines += try Row.fetchAll(db, sql: "SELECT \(rowid)* FROM \(table)")
                    .map { "\(table): \($0.databaseValues.map(\.description).joined(separator: " | "))" }.sorted()
            }
            lines += try Row.fetchAll(db, sql: "SELECT event_id, topic, key, value, headers, partition FROM runtime_outbox WHERE topic != 'cl' ORDER BY seq")
                .map { "outbox: \($0.databaseValues.map(\.description).joined(separator: " | "))" }
            return lines
        }
    }

    /// A new store of the test schema in a new folder, at generation `g1`, its changes captured
    /// for partition `partition` of the changelog `cl`.
    static func captured(partition: Int32) throws -> (folder: String, source: StateStore, changelog: StateChangelog) {
        let folder = Self.folder()
        let source = try StateStore(path: folder + "/a.sqlite", migrations: Self.migrations)
        try source.queue.write { db in try StateChangelog.setPosition(db, .init(generation: "g1", committedSeq: 0)) }
        return (folder, source, try StateChangelog.capture(source, topic: "cl", partition: partition))
    }

    /// Applies `records` to `store` as a restore does (whole transactions, by commit marker).
    static func apply(_ records: [OutboxRecord], to store: StateStore) throws {
        try store.queue.write { db in
            let applier = try ChangelogApplier(db)
            var pending: [OutboxRecord] = []
            for record in records {
                if record.key == Array(StateChangelog.commitKey.utf8) {
                    for row in pending { try applier.apply(db, key: row.key ?? [], value: row.value) }
                    pending.removeAll()
                } else {
                    pending.append(record)
                }
            }
        }
    }

    @Test("every insert, update and delete of every table reaches the copy; blobs, reals and rowid tables included")
    func roundTrip() throws {
        let (folder, source, changelog) = try Self.captured(partition: 4)
        var records: [OutboxRecord] = []
        records += try source.queue.write { db in
            try db.execute(sql: "INSERT INTO tickets VALUES ('GD', 1, x'00ff10', 1.5, 'it''s \"quoted\"'), ('GD', 2, NULL, 2.0, NULL), ('SC', 1, x'', 3.25, '{\"a\":1}')")
            try db.execute(sql: "INSERT INTO events (what) VALUES ('one'), ('two')")
            _ = try StateTables.claim(db, inputID: "in-1", at: Date(timeIntervalSince1970: 1000), position: .init(topic: "t", partition: 4, offset: 7))
            try StateTables.setPosition(db, topic: "t", partition: 4, next: 8)
            try StateTables.setTimer(db, id: "deadline", due: Date(timeIntervalSince1970: 5000), payload: [1, 2, 3])
            try StateTables.enqueue(db, eventID: "e1", topic: "out", key: Array("k".utf8), value: Array("v".utf8), headers: [("h", Array("x".utf8))])
            return try changelog.flush(db)
        }
        records += try source.queue.write { db in
            try db.execute(sql: "UPDATE tickets SET note = 'changed', body = x'ab' WHERE province = 'GD' AND id = 1")
            try db.execute(sql: "UPDATE tickets SET id = 3 WHERE province = 'GD' AND id = 2")
            try db.execute(sql: "DELETE FROM events WHERE what = 'one'")
            try StateTables.setPosition(db, topic: "t", partition: 4, next: 9)
            try StateTables.cancelTimer(db, id: "deadline")
            return try changelog.flush(db)
        }
        #expect(records.allSatisfy { $0.topic == "cl" && $0.partition == 4 }, "every record goes to the task's own partition")
        let seqs = records.compactMap { record in record.headers.first { $0.0 == StateChangelog.seqHeader }?.1.flatMap { Int64(String(decoding: $0, as: UTF8.self)) } }
        #expect(seqs == Array(1...Int64(records.count)), "consecutive sequence numbers")
        #expect(records.filter { $0.key == Array(StateChangelog.commitKey.utf8) }.count == 2, "one commit marker per transaction")
        #expect(try source.queue.read { db in try StateChangelog.position(db) } == .init(generation: "g1", committedSeq: Int64(records.count)))

        let copy = try StateStore(path: folder + "/b.sqlite", migrations: Self.migrations)
        try Self.apply(records, to: copy)
        #expect(try Self.dump(copy) == Self.dump(source))
        #expect(try Self.dump(copy).contains { $0.contains("changed") })
    }

    @Test("record keys are the table and SQLite's JSON array of the row's key; keys declared last, rowid aliases and REPLACE deletions are captured")
    func keys() throws {
        let (folder, source, changelog) = try Self.captured(partition: 0)
        var records: [OutboxRecord] = []
        records += try source.queue.write { db in
            try db.execute(sql: "INSERT INTO tickets (province, id, note) VALUES ('GD', 1, 'a')")
            try db.execute(sql: "INSERT INTO events (what) VALUES ('one')")
            try db.execute(sql: "INSERT INTO counters (id, n) VALUES (7, 1)")
            try db.execute(sql: "INSERT INTO pairs (note, b, a, code) VALUES ('first', 2, 'x\"y', 'C1'), ('second', 3, 'z', 'C2')")
            return try changelog.flush(db)
        }
        let keys = Set(records.compactMap { $0.key.map { String(decoding: $0, as: UTF8.self) } })
        #expect(keys.isSuperset(of: [#"tickets/["GD",1]"#, "events/[1]", "counters/[7]", #"pairs/["x\"y",2]"#, #"pairs/["z",3]"#]), "\(keys.sorted())")
        records += try source.queue.write { db in
            // Replacing by the unique code deletes the row that held it: the copy must lose it too.
            try db.execute(sql: "INSERT OR REPLACE INTO pairs (note, b, a, code) VALUES ('third', 4, 'w', 'C2')")
            try db.execute(sql: "UPDATE counters SET id = 8, n = 2 WHERE id = 7")
            try db.execute(sql: "UPDATE pairs SET a = 'v' WHERE code = 'C1'")
            return try changelog.flush(db)
        }
        let copy = try StateStore(path: folder + "/b.sqlite", migrations: Self.migrations)
        try Self.apply(records, to: copy)
        #expect(try Self.dump(copy) == Self.dump(source))
        #expect(try copy.queue.read { db in try String.fetchAll(db, sql: "SELECT note FROM pairs ORDER BY note") } == ["first", "third"])
    }

    @Test("a flush whose transaction rolls back leaves its rows noted for the next flush")
    func rolledBackFlush() throws {
        let (folder, source, changelog) = try Self.captured(partition: 0)
        struct Abort: Error {}
        // A write that ends without a flush: its row waits for the next one.
        try source.queue.write { db in try db.execute(sql: "INSERT INTO events (what) VALUES ('kept')") }
        #expect(throws: Abort.self) {
            try source.queue.write { db in
                try db.execute(sql: "INSERT INTO events (what) VALUES ('rolled back')")
                _ = try changelog.flush(db)
                throw Abort()
            }
        }
        let records = try source.queue.write { db in try changelog.flush(db) }
        let copy = try StateStore(path: folder + "/b.sqlite", migrations: Self.migrations)
        try Self.apply(records, to: copy)
        #expect(try copy.queue.read { db in try String.fetchAll(db, sql: "SELECT what FROM events") } == ["kept"])
        #expect(try Self.dump(copy) == Self.dump(source))
    }

    @Test("a transaction without its commit marker is not applied")
    func incompleteTransaction() throws {
        let (folder, source, changelog) = try Self.captured(partition: 0)
        let first = try source.queue.write { db in
            try db.execute(sql: "INSERT INTO events (what) VALUES ('kept')")
            return try changelog.flush(db)
        }
        let second = try source.queue.write { db in
            try db.execute(sql: "INSERT INTO events (what) VALUES ('lost')")
            return try changelog.flush(db)
        }
        let copy = try StateStore(path: folder + "/b.sqlite", migrations: Self.migrations)
        try Self.apply(first + second.dropLast(), to: copy)
        #expect(try copy.queue.read { db in try String.fetchAll(db, sql: "SELECT what FROM events") } == ["kept"])
    }

    @Test("a store that existed before its changelog is written whole by markEverything")
    func snapshot() throws {
        let folder = Self.folder()
        let source = try StateStore(path: folder + "/a.sqlite", migrations: Self.migrations)
        try source.queue.write { db in
            try db.execute(sql: "INSERT INTO tickets VALUES ('GD', 1, x'01', 1, 'a'), ('GD', 2, NULL, NULL, 'b')")
            try StateTables.setPosition(db, topic: "t", partition: 0, next: 42)
            try StateChangelog.setPosition(db, .init(generation: "g1", committedSeq: 0))
        }
        #expect(try source.queue.read { db in try StateChangelog.hasRows(db) })
        let changelog = try StateChangelog.capture(source, topic: "cl", partition: 0)
        let records = try source.queue.write { db in
            try changelog.markEverything(db)
            return try changelog.flush(db)
        }
        let copy = try StateStore(path: folder + "/b.sqlite", migrations: Self.migrations)
        #expect(try !copy.queue.read { db in try StateChangelog.hasRows(db) })
        try Self.apply(records, to: copy)
        #expect(try Self.dump(copy) == Self.dump(source))
    }

    @Test("a second process cannot take a store's lock while the first holds it")
    func lock() throws {
        let path = Self.folder() + "/task-0.sqlite"
        let held = try StoreLock(storePath: path)
        #expect(throws: StateError.self) { try StoreLock(storePath: path, timeout: .milliseconds(200)) }
        _ = held
    }
}
