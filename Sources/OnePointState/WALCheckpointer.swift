import Dispatch
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Checkpoints a store's WAL on a thread and a connection of its own, so the store's writer does
/// not copy the WAL into the database (and `fsync` the database file) inside one of its commits.
///
/// SQLite's automatic checkpoint runs in the commit that takes the WAL past 1 000 pages: that
/// commit copies every page changed since the last checkpoint and waits for the database file to
/// reach the disk, holding up the worker's loop for as long (measured in `docs/performance.md`).
/// Here the writer's commit only asks for a checkpoint past ``threshold`` pages; a thread runs a
/// passive one (it never blocks the writer, which goes on appending to the WAL meanwhile), and
/// the writer starts the WAL over at its next transaction once everything is copied. Durability
/// does not change: a commit is durable in the WAL as before, whoever checkpoints it.
///
/// The thread waits for a pause in the commits (``quiet``) before it copies, so a burst of
/// transactions (a second's timers) does not share the machine's cores with its checkpoint.
///
/// A writer that does not pause (a backlog) reaches ``inlineLimit`` pages first, and its
/// committing connection checkpoints itself, as SQLite's automatic checkpoint would, so the WAL
/// stays bounded: a saturated writer pays what it paid before, once per `inlineLimit` pages
/// instead of once per `threshold`. A checkpoint that fails on the thread (a full disk) is tried
/// again at the next request; the writer's own commits report such errors.
final class WALCheckpointer: Sendable {
    /// WAL pages after which a commit asks for a checkpoint (SQLite's automatic checkpoint's).
    let threshold: Int32
    /// WAL pages at which the committing connection checkpoints itself.
    let inlineLimit: Int32
    /// How long the commits pause before the thread copies.
    let quiet: Duration
    private let path: String
    private let wake = DispatchSemaphore(value: 0)
    private let state = Mutex(State())

    private struct State {
        var requested = false
        var stopped = false
        var pages: Int32 = 0
        var lastCommit = ContinuousClock.now
        var background = 0
        var inline = 0
    }

    /// How many checkpoints ran on the thread, and how many in a commit (no pause came).
    var counts: (background: Int, inline: Int) { state.withLock { ($0.background, $0.inline) } }

    /// Starts the thread for the database at `path`; nothing is checkpointed until ``install(on:)``
    /// routes a connection's commits here.
    init(path: String, threshold: Int32 = 1000, inlineLimit: Int32 = 2000, quiet: Duration = .milliseconds(20)) {
        self.path = path
        self.threshold = threshold
        self.inlineLimit = max(threshold, inlineLimit)
        self.quiet = quiet
        let thread = Thread { [self] in run() }
        thread.name = "onepoint-checkpoint"
        thread.start()
    }

    /// Replaces SQLite's automatic checkpoint on `db`'s connection (both are a WAL hook) with this
    /// checkpointer. The hook holds the checkpointer until ``uninstall(from:)``; a connection that
    /// closes without it leaves the checkpointer allocated. After ``stop()`` only the inline
    /// checkpoint remains.
    func install(on db: Database) {
        guard let connection = db.sqliteConnection else { return }
        _ = sqlite3_wal_hook(connection, walHook, Unmanaged.passRetained(self).toOpaque())
    }

    /// Gives `db`'s connection back to SQLite's automatic checkpoint, releases the hook's hold (if
    /// the hook was this checkpointer's) and stops the thread.
    func uninstall(from db: Database) {
        guard let connection = db.sqliteConnection else { return }
        // The previous hook's argument is only released when it is this checkpointer: SQLite's
        // own automatic checkpoint passes its page count there, not an object.
        if sqlite3_wal_hook(connection, nil, nil) == Unmanaged.passUnretained(self).toOpaque() {
            Unmanaged.passUnretained(self).release()
        }
        sqlite3_wal_autocheckpoint(connection, threshold)
        stop()
    }

    /// Stops the thread after the checkpoint it is running, if any.
    func stop() {
        state.withLock { $0.stopped = true }
        wake.signal()
    }

    /// What the hook does after each commit, with the WAL's page count.
    fileprivate func committed(_ connection: OpaquePointer, database: UnsafePointer<CChar>?, pages: Int32) {
        let ask = state.withLock { state in
            state.pages = pages
            state.lastCommit = .now
            guard pages >= threshold, pages < inlineLimit, !state.requested else { return false }
            state.requested = true
            return true
        }
        if ask { wake.signal() }
        if pages >= inlineLimit {
            // No pause came (or the thread is failing): bound the WAL as SQLite would. Passive,
            // so it returns at once if the thread is checkpointing right now.
            if sqlite3_wal_checkpoint_v2(connection, database, SQLITE_CHECKPOINT_PASSIVE, nil, nil) == SQLITE_OK {
                state.withLock { $0.inline += 1 }
            }
        }
    }

    /// Waits until the commits pause for ``quiet``; `false` when the checkpointer stopped
    /// meanwhile, or a checkpoint in a commit left nothing to copy.
    private func awaitPause() -> Bool {
        while true {
            let (stopped, pages, since) = state.withLock { ($0.stopped, $0.pages, ContinuousClock.now - $0.lastCommit) }
            if stopped || pages < threshold { return false }
            if since >= quiet { return true }
            let wait = quiet - since
            Thread.sleep(forTimeInterval: Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18)
        }
    }

    private func run() {
        var connection: DatabaseQueue?
        while true {
            wake.wait()
            let pause = awaitPause()
            let stopped = state.withLock { state in
                state.requested = false
                return state.stopped
            }
            if stopped { break }
            guard pause else { continue }
            // A connection that cannot open, or a checkpoint that fails (busy with the writer's
            // own, a full disk), is tried again at the next request; at inlineLimit the writer
            // checkpoints itself.
            if connection == nil { connection = try? DatabaseQueue(path: path) }
            if (try? connection?.writeWithoutTransaction({ db in try db.checkpoint(.passive) })) != nil {
                state.withLock { $0.background += 1 }
            }
        }
        try? connection?.close()
    }
}

/// SQLite's WAL hook: called after each commit of the connection, outside its write lock.
private func walHook(context: UnsafeMutableRawPointer?, connection: OpaquePointer?, database: UnsafePointer<CChar>?, pages: Int32) -> Int32 {
    guard let context, let connection else { return SQLITE_OK }
    Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue().committed(connection, database: database, pages: pages)
    return SQLITE_OK
}
