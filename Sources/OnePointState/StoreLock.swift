import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on a store (`flock` on `<store>.lock`): one process at a time writes a store.
/// The lock goes with the process, so a killed process never leaves it behind.
public final class StoreLock: Sendable {
    /// The lock file.
    public let path: String
    private let descriptor: Int32

    /// Takes the lock of the store at `storePath`, waiting up to `timeout` for another process to
    /// let it go.
    ///
    /// - Throws: ``StateError`` (``StateError/Code/unavailable``) naming the file when another
    ///   process still holds it after `timeout`, or it cannot be opened.
    public init(storePath: String, timeout: Duration = .seconds(10)) throws(StateError) {
        path = storePath + ".lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StateError(.unavailable, "could not open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        let deadline = ContinuousClock.now + timeout
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else {
                close(descriptor)
                throw StateError(
                    .unavailable,
                    "the store \(storePath) is in use by another process (its lock \(path) is held); run one process per state folder")
            }
            usleep(50_000)
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
