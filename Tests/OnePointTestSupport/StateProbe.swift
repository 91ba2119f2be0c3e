import GRDB

/// A connection to a worker's state database for tests that look into it while the worker runs.
///
/// It waits for the worker's locks (a busy timeout) instead of failing at once, and it only reads:
/// a test must never be the reason the worker's own transaction meets `SQLITE_BUSY`.
public enum StateProbe {
    /// Opens `path` for reading.
    /// - Throws: GRDB's error when the file cannot be opened (it may not exist yet).
    public static func open(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "test-probe"
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA query_only = 1") }
        return try DatabaseQueue(path: path, configuration: configuration)
    }
}
