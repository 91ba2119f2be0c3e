import Foundation
import OnePointContracts
import OnePointState
import Testing

@testable import OnePointRuntime

/// How tools find a worker's current stores (``WorkerStores``): the single store, or each task's
/// current copy across the folders of `onepoint dev --instances`.
@Suite("Worker stores under a state folder")
struct WorkerStoresTests {
    static func touch(_ path: String, at date: Date) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
    }

    @Test("each task's copy whose lock is held wins, else the one written last; the single store comes first")
    func currentCopies() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stores-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let old = Date(timeIntervalSinceNow: -3600)
        let first = "\(folder)/fault/tasks"
        let second = "\(folder)/instance-2/fault/tasks"
        #expect(WorkerStores.current(of: .fault, under: folder).isEmpty, "nothing yet")

        // Task 0: the older copy is locked by its running owner; task 1: nobody holds either.
        try Self.touch("\(first)/task-0.sqlite", at: Date())
        try Self.touch("\(second)/task-0.sqlite", at: old)
        try Self.touch("\(first)/task-1.sqlite", at: old)
        try Self.touch("\(second)/task-1.sqlite", at: old)
        try Self.touch("\(second)/task-1.sqlite-wal", at: Date())
        try Self.touch("\(second)/task-12.sqlite", at: old)
        try Self.touch("\(folder)/cutover/tasks/task-3.sqlite", at: Date())
        let lock = try StoreLock(storePath: "\(second)/task-0.sqlite")

        #expect(
            WorkerStores.current(of: .fault, under: folder) == ["\(second)/task-0.sqlite", "\(second)/task-1.sqlite", "\(second)/task-12.sqlite"])
        _ = lock
        try Self.touch("\(folder)/fault/state.sqlite", at: old)
        #expect(WorkerStores.current(of: .fault, under: folder).first == "\(folder)/fault/state.sqlite")
        #expect(WorkerStores.current(of: .fault, under: folder).count == 4)
        #expect(WorkerStores.current(of: .cutover, under: folder) == ["\(folder)/cutover/tasks/task-3.sqlite"])
    }

    @Test("a lock let go no longer marks a copy current")
    func releasedLock() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stores-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.touch("\(folder)/fault/tasks/task-0.sqlite", at: Date())
        try Self.touch("\(folder)/instance-2/fault/tasks/task-0.sqlite", at: Date(timeIntervalSinceNow: -3600))
        do {
            let lock = try StoreLock(storePath: "\(folder)/instance-2/fault/tasks/task-0.sqlite")
            #expect(WorkerStores.isLocked(lock.path.replacingOccurrences(of: ".lock", with: "")))
        }
        #expect(WorkerStores.current(of: .fault, under: folder) == ["\(folder)/fault/tasks/task-0.sqlite"])
    }
}
