import Foundation
import OnePointContracts

#if canImport(Glibc)
import Glibc
#endif

/// Where a worker's state files are under a state folder, for tools that read them.
///
/// A worker with one task keeps `<folder>/<worker>/state.sqlite`; with a task per partition each
/// task has `<folder>/<worker>/tasks/task-<n>.sqlite`. `onepoint dev --instances N` runs instance
/// *k* in `<folder>/instance-<k>`, and a task that moved leaves an older copy of its store behind
/// in its former owner's folder. For each task the current copy is the one whose lock a running
/// instance holds, else the one written last.
public enum WorkerStores {
    /// The current store files of `worker` under `folder`: the single store if there is one,
    /// then each task's current copy, by task number. Empty when there is none.
    public static func current(of worker: WorkerKind, under folder: String) -> [String] {
        let files = FileManager.default
        var found: [String] = []
        let single = path(folder, worker.rawValue, "state.sqlite")
        if files.fileExists(atPath: single) { found.append(single) }

        var instanceFolders = [folder]
        let children = (try? files.contentsOfDirectory(atPath: folder)) ?? []
        instanceFolders += children.filter { $0.hasPrefix("instance-") }.sorted().map { path(folder, $0) }
        var copies: [Int: [String]] = [:]
        for instance in instanceFolders {
            let tasks = path(instance, worker.rawValue, "tasks")
            for name in (try? files.contentsOfDirectory(atPath: tasks)) ?? [] {
                guard name.hasPrefix("task-"), name.hasSuffix(".sqlite"), let task = Int(name.dropFirst(5).dropLast(7)) else { continue }
                copies[task, default: []].append(path(tasks, name))
            }
        }
        for task in copies.keys.sorted() {
            guard let candidates = copies[task] else { continue }
            let current = candidates.first(where: isLocked) ?? candidates.max { lastWritten($0) < lastWritten($1) }
            if let current { found.append(current) }
        }
        return found
    }

    /// Whether a running process holds the store's lock (`<store>.lock`, ``StoreLock``).
    static func isLocked(_ store: String) -> Bool {
        let descriptor = open(store + ".lock", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }

    /// When the store or its write-ahead log was last written.
    static func lastWritten(_ store: String) -> Date {
        [store, store + "-wal"].compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.modificationDate] as? Date }.max() ?? .distantPast
    }

    private static func path(_ parts: String...) -> String {
        parts.dropFirst().reduce(parts[0]) { ($0 as NSString).appendingPathComponent($1) }
    }
}
