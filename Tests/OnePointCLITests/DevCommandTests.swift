import Foundation
import OnePointContracts
import Testing

@Suite("onepoint dev, run for real", .serialized)
struct DevCommandTests {
    @Test("dev --check starts the embedded cluster and every worker, all get ready, all stop cleanly")
    func smoke() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-dev-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let run = try await BuiltExecutables.run("onepoint", ["dev", "--check", "--free-ports", "--state-dir", state])
        #expect(run.status == 0, "onepoint dev --check failed:\n\(run.output)")
        #expect(run.output.contains("4 of 4 workers ready"))
        for worker in ["provisioning", "fault", "cutover", "reporting"] {
            #expect(run.output.contains("✓ \(worker) ready"))
            #expect(run.output.contains("\(worker.padding(toLength: 13, withPad: " ", startingAt: 0))| ") , "the worker's log lines carry its name")
        }
        #expect(!run.output.contains("✗"))
        #expect(!FileManager.default.fileExists(atPath: state + "/bootstrap.servers"), "the address file is removed on stop")
    }

    @Test("dev refuses --instances outside 1 to 8, naming the flag")
    func instancesOutOfRange() async throws {
        let run = try await BuiltExecutables.run("onepoint", ["dev", "--instances", "0"])
        #expect(run.status != 0)
        #expect(run.output.contains("--instances must be from 1 to 8, not 0"), "\(run.output)")
    }

    @Test("a worker given an invalid setting refuses to start, naming the key")
    func invalidWorkerSetting() async throws {
        let run = try await BuiltExecutables.run("onepoint-fault", ["--bootstrap-servers", "127.0.0.1:1", "--clock", "sundial"])
        #expect(run.status != 0)
        #expect(run.output.contains("flag --clock: clock.mode: expected one of system, accelerated, got 'sundial'"))
    }

    @Test("topics list prints every topic from the catalogue")
    func topicsList() async throws {
        let run = try await BuiltExecutables.run("onepoint", ["topics", "list"])
        #expect(run.status == 0)
        #expect(run.output.contains("onepoint.alarms"))
        #expect(run.output.contains("onepoint.dead-letters"))
        #expect(run.output.split(separator: "\n").count == Topic.allCases.count + 1, "a header and one line per topic")
    }
}
