import Foundation
import OnePointTestSupport
import Testing

/// Issue 17, item 4: after a real `onepoint dev` run, the state it leaves is the owner's alone —
/// the state folder and every worker's folder 0700, every database file (`state.sqlite` and its
/// `-wal`/`-shm`) 0600, nothing in the tree writable by group or others — whatever the umask of
/// the shell that started it (the test process's umask, normally 022, would give 0755/0644).
@Suite("onepoint dev leaves its state the owner's alone", .serialized)
struct DevFileModesTests {
    func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int ?? -1) & 0o777
    }

    /// Every path under `state` with its mode, and the paths writable by group or others.
    func survey(_ state: String) throws -> (all: [String], loose: [String]) {
        let enumerator = try #require(FileManager.default.enumerator(atPath: state))
        var all: [String] = []
        var loose: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let mode = mode(state + "/" + relative)
            all.append("\(relative) \(String(mode, radix: 8))")
            if mode & 0o022 != 0 { loose.append("\(relative) \(String(mode, radix: 8))") }
        }
        return (all.sorted(), loose)
    }

    @Test("while dev runs: folders 0700, state.sqlite and its -wal and -shm 0600, nothing group- or world-writable")
    func modesWhileRunning() async throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-modes-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let state = parent + "/var"
        let dev = try LoggedProcess(
            "onepoint", ["dev", "--free-ports", "--state-dir", state, "--clock", "accelerated", "--clock-factor", "60"], log: parent + "/dev.log")
        defer { dev.kill9() }
        try #require(await dev.waitForLog("4 of 4 workers ready", timeout: .seconds(120)), "onepoint dev did not get ready:\n\(dev.output)")
        let (all, loose) = try survey(state)
        print("while onepoint dev runs: \(all.joined(separator: ", "))")
        #expect(loose.isEmpty, "writable by group or others: \(loose)")
        #expect(String(mode(state), radix: 8) == "700", "the state folder")
        for file in ["bootstrap.servers", "clock.json"] {
            #expect(String(mode(state + "/" + file), radix: 8) == "600", "\(file), written by dev for the CLI")
        }
        for worker in ["provisioning", "fault", "cutover", "reporting"] {
            let folder = state + "/" + worker
            #expect(String(mode(folder), radix: 8) == "700", "\(folder)")
            for suffix in ["", "-wal", "-shm"] {
                let file = folder + "/state.sqlite" + suffix
                #expect(FileManager.default.fileExists(atPath: file), "\(file) exists while the worker runs (WAL mode)")
                #expect(String(mode(file), radix: 8) == "600", "\(file)")
            }
        }
        #expect(await dev.stop(SIGINT) == 0, "\(dev.output)")
    }

    @Test("after dev --check: folders 0700, database files 0600, nothing group- or world-writable")
    func modesAfterDev() async throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-modes-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let state = parent + "/var"  // dev creates it
        let run = try await BuiltExecutables.run(
            "onepoint", ["dev", "--check", "--free-ports", "--state-dir", state, "--clock", "accelerated", "--clock-factor", "60"])
        try #require(run.status == 0, "onepoint dev --check failed:\n\(run.output)")

        #expect(String(mode(state), radix: 8) == "700", "the state folder")
        var databases = 0
        for worker in ["provisioning", "fault", "cutover", "reporting"] {
            let folder = state + "/" + worker
            #expect(String(mode(folder), radix: 8) == "700", "\(folder)")
            let files = try FileManager.default.contentsOfDirectory(atPath: folder)
            #expect(files.contains("state.sqlite"), "\(folder): \(files)")
            for file in files where file.hasPrefix("state.sqlite") {
                databases += 1
                #expect(String(mode(folder + "/" + file), radix: 8) == "600", "\(folder)/\(file)")
            }
        }
        #expect(databases >= 4)
        // Nothing anywhere in the tree can be written by group or others.
        let enumerator = try #require(FileManager.default.enumerator(atPath: state))
        var seen: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let path = state + "/" + relative
            seen.append("\(relative) \(String(mode(path), radix: 8))")
            #expect(mode(path) & 0o022 == 0, "\(relative) is writable by group or others (mode \(String(mode(path), radix: 8)))")
        }
        print("onepoint dev left: \(seen.sorted().joined(separator: ", "))")
    }
}
