import Foundation
import OnePointState
import Testing

/// State at rest is the owner's alone (issue 17, data at rest): folders 0700, database files
/// 0600 (SQLite gives its -wal and -shm files the database's mode), and a folder other users
/// can write is refused.
@Suite("State folders and files are the owner's alone")
struct StateFolderTests {
    func mode(_ path: String) -> Int { ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int) ?? -1 }

    @Test("a new state folder is 0700, its database and WAL files 0600")
    func newState() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-modes-\(UUID().uuidString)").path
        let store = try StateStore(path: root + "/fault/state.sqlite")
        try await store.queue.write { db in try StateTables.setTimer(db, id: "t", due: Date(), payload: []) }
        #expect(mode(root + "/fault") == 0o700)
        #expect(mode(root + "/fault/state.sqlite") == 0o600)
        #expect(mode(root + "/fault/state.sqlite-wal") == 0o600)
    }

    @Test("a folder others can write is refused, naming it and what to do")
    func worldWritableRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-open-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        #expect(mode(folder) == 0o777)
        do {
            _ = try StateStore(path: folder + "/state.sqlite")
            Issue.record("a world-writable state folder was accepted")
        } catch {
            #expect(error.code == .insecure)
            #expect(error.message.contains("can be written by other users (mode 777)"))
            #expect(error.message.contains("chmod 700 \(folder)"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/state.sqlite"), "nothing was written into it")
    }
}
