import GRDB

/// An error of the state layer.
public struct StateError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The database could not be opened or migrated.
        case unavailable
        /// A stored value could not be read back.
        case corrupt
        /// The state folder can be written by other users.
        case insecure
        /// The database failed under the worker (disk full, read-only, I/O error, damaged file):
        /// the worker stops; nothing after the last commit was kept, so a restart reads it again.
        case failed
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code.rawValue)]" }
}

/// What an error raised by SQLite means for the transaction it happened in, as opposed to an
/// error of the decision itself.
public enum StateFailure: Sendable, Equatable {
    /// Another connection holds a lock, the statement was interrupted, memory ran short, or the
    /// transaction was rolled back under the caller: nothing of it was kept, and the same
    /// transaction can be run again after a pause.
    case busy
    /// The database cannot go on (disk full, read-only or missing file, I/O error, damaged
    /// file): running again cannot help until an operator acts.
    case fatal

    /// The kind of `error`, or `nil` when it is not a failure of the database (a decoding
    /// error, a constraint the decision broke, an error of the caller's own).
    public init?(_ error: any Error) {
        guard let error = error as? DatabaseError else { return nil }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_ABORT, .SQLITE_INTERRUPT, .SQLITE_NOMEM, .SQLITE_PROTOCOL:
            self = .busy
        case .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
            self = .fatal
        default:
            return nil
        }
    }

    /// What an operator should do about a ``fatal`` failure, by SQLite's code.
    public static func advice(for error: any Error) -> String {
        switch (error as? DatabaseError)?.resultCode {
        case .SQLITE_FULL?: "the disk (or the database's size limit) is full: free space, then restart the worker"
        case .SQLITE_READONLY?, .SQLITE_PERM?, .SQLITE_CANTOPEN?: "the state file or its folder cannot be written: check the volume is mounted read-write and owned by the worker's user, then restart"
        case .SQLITE_CORRUPT?, .SQLITE_NOTADB?: "the state file is damaged: restore it from a backup, or move it aside to rebuild the worker's state from the topics"
        default: "the volume reported an I/O error: check the disk, then restart the worker"
        }
    }
}
