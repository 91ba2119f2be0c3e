import Foundation
import GRDB
import OnePointState
import Testing

@Suite("Bound statements")
struct BoundStatementTests {
    func queue() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in try db.execute(sql: "CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER, r REAL, b BLOB)") }
        return queue
    }

    @Test("what is bound is what GRDB reads back: text (non-ASCII too), integers, reals, blobs, an empty blob and NULLs")
    func bindAndRead() throws {
        let queue = try queue()
        try queue.write { db in
            let insert = try BoundStatement(db, sql: "INSERT INTO t (k, n, r, b) VALUES (?, ?, ?, ?)")
            insert.bind(1, "广州 GD-GZ")
            insert.bind(2, Int64(-42))
            insert.bind(3, 0.25)
            insert.bind(4, blob: [1, 2, 3])
            try insert.run()
            insert.bind(1, "empty")
            insert.bind(2, Int32(7))
            insert.bind(3, nil as Double?)
            insert.bind(4, blob: [])
            try insert.run()
            insert.bind(1, "nulls")
            insert.bind(2, nil as Int64?)
            insert.bind(3, nil as Double?)
            insert.bind(4, blob: nil)
            try insert.run()
        }
        let rows = try queue.read { db in try Row.fetchAll(db, sql: "SELECT k, n, r, b, typeof(b) AS kind FROM t ORDER BY k") }
        #expect(rows.map { $0["k"] as String } == ["empty", "nulls", "广州 GD-GZ"])
        #expect(rows[2]["n"] as Int == -42)
        #expect(rows[2]["r"] as Double == 0.25)
        #expect(rows[2]["b"] as Data == Data([1, 2, 3]))
        #expect(rows[0]["n"] as Int == 7)
        #expect(rows[0]["kind"] as String == "blob", "an empty blob is a blob, not NULL")
        #expect(rows[1]["n"] as Int? == nil && rows[1]["r"] as Double? == nil && rows[1]["kind"] as String == "null")
    }

    @Test("bindAll binds a row's values in order from parameter 1, nil of any kind as NULL, and is read back as bound one by one")
    func bindAllInOrder() throws {
        let queue = try queue()
        try queue.write { db in
            let insert = try BoundStatement(db, sql: "INSERT INTO t (k, n, r) VALUES (?, ?, ?)")
            insert.bindAll("a", 3, 1.5)
            try insert.run()
            insert.bindAll("b", Int64.max, nil as Double?)
            try insert.run()
            insert.bindAll("c", nil as Int?, -0.5)
            try insert.run()
            let optional: String? = "d"
            insert.bindAll(optional, Int64(-1), Optional(2.0))
            try insert.run()
        }
        let rows = try queue.read { db in try Row.fetchAll(db, sql: "SELECT k, n, r FROM t ORDER BY k") }
        #expect(rows.map { $0["k"] as String } == ["a", "b", "c", "d"])
        #expect(rows.map { $0["n"] as Int64? } == [3, Int64.max, nil, -1])
        #expect(rows.map { $0["r"] as Double? } == [1.5, nil, -0.5, 2.0])
    }

    @Test("step reads rows and columns as SQLite holds them; NULL is nil; past the end is false")
    func stepAndColumns() throws {
        let queue = try queue()
        try queue.write { db in
            try db.execute(sql: "INSERT INTO t (k, n, r) VALUES ('a', 1, 1.5), ('b', NULL, NULL), ('c', 3, 3)")
            let select = try BoundStatement(db, sql: "SELECT k, n, r FROM t WHERE k >= ? ORDER BY k")
            select.bind(1, "b")
            #expect(try select.step())
            #expect(select.text(0) == "b")
            #expect(select.integer(1) == nil)
            #expect(select.real(2) == nil)
            #expect(try select.step())
            #expect(select.text(0) == "c")
            #expect(select.integer(1) == 3)
            #expect(select.real(2) == 3.0, "an integer column read as a real")
            #expect(try select.step() == false)
        }
    }

    @Test("a statement left in the middle of its rows is reset for the cache's next user")
    func resetAfterUse() throws {
        let queue = try queue()
        try queue.write { db in
            try db.execute(sql: "INSERT INTO t (k, n) VALUES ('a', 1), ('b', 2)")
            do {
                let select = try BoundStatement(db, sql: "SELECT n FROM t ORDER BY k")
                #expect(try select.step())
                #expect(select.integer(0) == 1)
            }
            // The same cached statement through GRDB, then again bound: each from the first row.
            #expect(try Int.fetchAll(db.cachedStatement(sql: "SELECT n FROM t ORDER BY k")) == [1, 2])
            let again = try BoundStatement(db, sql: "SELECT n FROM t ORDER BY k")
            #expect(try again.step())
            #expect(again.integer(0) == 1)
        }
    }

    @Test("run returns the rows it changed, as GRDB's changesCount does, and lastInsertedRowID is the connection's")
    func changesAndRowID() throws {
        let queue = try queue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE log (seq INTEGER PRIMARY KEY AUTOINCREMENT, k TEXT)")
            let claim = try BoundStatement(db, sql: "INSERT OR IGNORE INTO t (k, n) VALUES (?, ?)")
            claim.bindAll("a", 1)
            #expect(try claim.run() == 1)
            claim.bindAll("a", 2)
            #expect(try claim.run() == 0, "an ignored insert changes nothing")
            #expect(db.changesCount == 0)
            claim.bindAll("b", 3)
            #expect(try claim.run() == 1)
            let update = try BoundStatement(db, sql: "UPDATE t SET n = n + 10 WHERE n < ?")
            update.bind(1, Int64(100))
            #expect(try update.run() == 2)
            #expect(db.changesCount == 2)
            let log = try BoundStatement(db, sql: "INSERT INTO log (k) VALUES (?)")
            log.bind(1, "x")
            try log.run()
            log.bind(1, "y")
            try log.run()
            #expect(log.lastInsertedRowID == db.lastInsertedRowID)
            #expect(log.lastInsertedRowID == 2)
        }
    }

    @Test("a failing statement throws SQLite's error with its SQL")
    func failure() throws {
        let queue = try queue()
        try queue.write { db in
            try db.execute(sql: "INSERT INTO t (k) VALUES ('a')")
            let insert = try BoundStatement(db, sql: "INSERT INTO t (k) VALUES (?)")
            insert.bind(1, "a")
            #expect {
                try insert.run()
            } throws: { error in
                (error as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT && (error as? DatabaseError)?.sql == "INSERT INTO t (k) VALUES (?)"
            }
        }
    }
}
