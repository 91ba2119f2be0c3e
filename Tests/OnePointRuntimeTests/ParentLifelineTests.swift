import Foundation
import OnePointContracts
import OnePointKafka
import OnePointTestSupport
import Testing

/// Issue 18: a worker started with `--exit-with-parent` stops when its standard input reaches end
/// of file (its parent is gone), whatever its output is connected to. A real worker process; the
/// test plays the parent and closes the pipe.
@Suite("A worker started with --exit-with-parent stops when its parent's pipe closes", .serialized)
struct ParentLifelineTests {
    @Test("end of file on standard input: the worker says why and stops within 15 s; without the flag it keeps running")
    func stopsWithParent() async throws {
        let topics = Topic.allCases.map { KafkaTopicSpec(name: $0.defaultName, partitions: 1, replicationFactor: 1) }
        let cluster = try EmbeddedKafkaCluster(brokers: 1, topics: topics, logger: quietLogger)
        defer { cluster.close() }

        func start(_ flag: [String], _ name: String) throws -> (LoggedProcess, Pipe) {
            let lifeline = Pipe()
            // Only this test holds the write end: no other child may inherit it.
            _ = fcntl(lifeline.fileHandleForWriting.fileDescriptor, F_SETFD, FD_CLOEXEC)
            let state = temporaryPath(name)
            let worker = try LoggedProcess(
                "onepoint-cutover", ["--bootstrap-servers", cluster.bootstrapServers, "--state-dir", state, "--http-port", "0"] + flag,
                log: state + ".log", standardInput: lifeline)
            return (worker, lifeline)
        }
        let (watching, watchingPipe) = try start(["--exit-with-parent"], "lifeline")
        defer { watching.kill9() }
        let (plain, plainPipe) = try start([], "no-lifeline")
        defer { plain.kill9() }
        for worker in [watching, plain] {
            try #require(await worker.waitForLog("health and metrics on", timeout: .seconds(90)), "\(worker.output)")
        }

        try watchingPipe.fileHandleForWriting.close()
        try plainPipe.fileHandleForWriting.close()
        let closed = ContinuousClock.now
        let deadline = closed + .seconds(15)
        while watching.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!watching.isRunning, "still running 15 s after its parent's pipe closed:\n\(watching.output)")
        #expect(watching.output.contains("the process that started this worker is gone (standard input closed): stopping"), "\(watching.output)")
        print("ParentLifelineTests: the worker stopped \((ContinuousClock.now - closed).formatted(.units(allowed: [.milliseconds]))) after end of file, status \(watching.process.terminationStatus)")
        #expect(plain.isRunning, "a worker without the flag ignores its standard input:\n\(plain.output)")
    }
}
