import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The folders and files that hold a worker's state (customers' names, managers' phone numbers,
/// the clocks units are scored on) are the owner's alone: folders 0700, database files 0600. A
/// folder that other users can write is refused, not repaired: someone else may have put files
/// in it.
public enum StateFolder {
    /// Creates `path` (and missing parents) as 0700; an existing folder is accepted unless group
    /// or others can write it (it is not changed).
    ///
    /// - Throws: ``StateError`` with code ``StateError/Code/insecure`` when the folder can be
    ///   written by group or others, ``StateError/Code/unavailable`` when it cannot be created.
    public static func prepare(_ path: String) throws(StateError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw StateError(.unavailable, "the state folder \(path) is a file, not a folder")
            }
            let mode = (try? manager.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0
            if mode & 0o022 != 0 {
                throw StateError(
                    .insecure,
                    "the state folder \(path) can be written by other users (mode \(String(mode, radix: 8))); make it the owner's alone (chmod 700 \(path)) or choose another --state-dir")
            }
            return
        }
        do {
            try manager.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StateError(.unavailable, "could not create the state folder \(path): \(error.localizedDescription)")
        }
    }

    /// Creates the file at `path` as 0600 if it is missing, or tightens it to 0600. SQLite creates
    /// a database's `-wal` and `-shm` files with the database file's mode.
    public static func prepareFile(_ path: String) throws(StateError) {
        let descriptor = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StateError(.unavailable, "could not create the state file \(path): \(String(cString: strerror(errno)))")
        }
        _ = fchmod(descriptor, 0o600)
        close(descriptor)
    }
}
