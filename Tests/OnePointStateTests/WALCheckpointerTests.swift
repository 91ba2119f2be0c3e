import Foundation
import GRDB
import GRDBSQLite
import Testing

@testable import OnePointState

@Suite("WAL checkpointer")
struct WALCheckpointerTests {
    /// A WAL database in a folder of its own, with a table of page-sized rows.
    private struct Scratch {
        let folder: URL
        let path: String
        let queue: DatabaseQueue

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-wal-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            path = folder.appendingPathComponent("state.sqlite").path
            var configuration = Configuration()
            configuration.journalMode = .wal
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.write { db in try db.execute(sql: "CREATE TABLE pages (id INTEGER PRIMARY KEY, body BLOB NOT NULL)") }
        }

        /// One transaction of `rows` rows, each about a page (4 KiB) of the WAL.
        func commit(rows: Int) throws {
            try queue.write { db in
                for _ in 0..<rows { try db.execute(sql: "INSERT INTO pages (body) VALUES (zeroblob(3900))") }
            }
        }

        /// The pages the WAL holds now, read from a passive checkpoint of the writer's own
        /// connection (which then copies them, as the next commit's hook would see).
        func walPages() throws -> Int {
            try queue.writeWithoutTransaction { db in try db.checkpoint(.passive).walFrameCount }
        }

        /// A checkpointer of the scratch database, installed on its writer's connection.
        func checkpointer(inlineLimit: Int32, quiet: Duration) -> WALCheckpointer {
            let checkpointer = WALCheckpointer(path: path, threshold: 50, inlineLimit: inlineLimit, quiet: quiet)
            queue.inDatabase { db in checkpointer.install(on: db) }
            return checkpointer
        }

        func uninstall(_ checkpointer: WALCheckpointer) { queue.inDatabase { db in checkpointer.uninstall(from: db) } }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    private func waitUntil(_ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    @Test("commits past the threshold are checkpointed on the thread once they pause, and the WAL starts over")
    func backgroundAfterPause() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let checkpointer = scratch.checkpointer(inlineLimit: 1000, quiet: .milliseconds(20))
        defer { scratch.uninstall(checkpointer) }
        for _ in 0..<6 { try scratch.commit(rows: 30) }
        #expect(try await waitUntil { checkpointer.counts.background >= 1 }, "no checkpoint ran on the thread")
        // Everything is copied, so the next transaction writes the WAL from its beginning: it
        // holds that transaction's pages only, not the 180 before them.
        try scratch.commit(rows: 30)
        #expect(try scratch.walPages() < 60)
        #expect(checkpointer.counts.inline == 0, "the writer checkpointed in a commit")
    }

    @Test("a writer that never pauses checkpoints itself at the inline limit, and the WAL starts over")
    func noPause() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // A pause of a minute never comes within the test.
        let checkpointer = scratch.checkpointer(inlineLimit: 200, quiet: .seconds(60))
        defer { scratch.uninstall(checkpointer) }
        for _ in 0..<12 { try scratch.commit(rows: 30) }
        #expect(checkpointer.counts.inline >= 1, "the writer never checkpointed itself")
        #expect(checkpointer.counts.background == 0, "the thread copied without a pause")
        // 360 pages were written; the WAL holds those since it last started over.
        #expect(try scratch.walPages() <= 200 + 30)
    }

    @Test("uninstalled, the connection is back on SQLite's automatic checkpoint")
    func uninstall() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let checkpointer = scratch.checkpointer(inlineLimit: 400, quiet: .seconds(60))
        scratch.uninstall(checkpointer)
        for _ in 0..<12 { try scratch.commit(rows: 30) }
        #expect(try scratch.walPages() <= 50 + 30, "the WAL grew past the automatic checkpoint's 50 pages")
        #expect(checkpointer.counts.background == 0 && checkpointer.counts.inline == 0)
    }

    @Test("a state store's commits are checkpointed beside them")
    func store() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try StateStore(path: scratch.folder.appendingPathComponent("store.sqlite").path, synchronous: .normal) { migrator in
            migrator.registerMigration("pages") { db in try db.execute(sql: "CREATE TABLE pages (id INTEGER PRIMARY KEY, body BLOB NOT NULL)") }
        }
        // Past SQLite's 1 000 pages, in transactions of 100.
        for _ in 0..<12 {
            try await store.queue.write { db in
                for _ in 0..<100 { try db.execute(sql: "INSERT INTO pages (body) VALUES (zeroblob(3900))") }
            }
        }
        #expect(try await waitUntil { store.checkpoints.background >= 1 }, "the store's WAL was not checkpointed on the thread")
        #expect(store.checkpoints.inline == 0)
    }
}
