import Foundation
import OnePointTestSupport
import Testing

/// Issue 18: `onepoint dev` stopped at any moment (starting, ready, stopping) or killed leaves none of the
/// processes it started behind. Real processes, real signals, the real embedded cluster.
@Suite("onepoint dev stopped or killed at any moment leaves no process behind", .serialized)
struct DevInterruptTests {
    /// When the signal is sent.
    enum Moment: String, Sendable {
        case halfSecond = "0.5 s after start"
        case firstWorkerLine = "at the first worker log line"
        case ready = "after every worker is ready"
        /// After ready, then the same signal again as soon as dev says it is stopping.
        case stopping = "after ready and again while stopping"
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var signal: Int32
        var moment: Moment

        var testDescription: String { "\(signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "SIGKILL") \(moment.rawValue)" }
    }

    static let cases: [Case] = [
        Case(signal: SIGINT, moment: .halfSecond),
        Case(signal: SIGTERM, moment: .halfSecond),
        Case(signal: SIGINT, moment: .firstWorkerLine),
        Case(signal: SIGTERM, moment: .firstWorkerLine),
        Case(signal: SIGINT, moment: .ready),
        Case(signal: SIGTERM, moment: .ready),
        Case(signal: SIGKILL, moment: .ready),
        Case(signal: SIGINT, moment: .stopping),
        Case(signal: SIGTERM, moment: .stopping),
    ]

    /// The names the workers' log lines start with (`onepoint dev` pads them to 13 characters).
    static let workerPrefixes = ["provisioning", "fault", "cutover", "reporting"].map {
        $0.padding(toLength: 13, withPad: " ", startingAt: 0) + "| "
    }

    @Test("every process of the run is gone within 15 s", arguments: cases)
    func noProcessLeft(_ test: Case) async throws {
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-dev-stop-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-dev-stop-\(UUID().uuidString).log").path
        // Every process of this run, dev and its workers, carries `--state-dir stateDir`.
        let dev = try LoggedProcess("onepoint", ["dev", "--free-ports", "--state-dir", stateDir], log: log)
        defer {
            // Whatever the outcome, leave nothing running for the next case.
            for pid in ProcessTable.processes(withArgument: stateDir) { kill(pid, SIGKILL) }
            if dev.isRunning { dev.kill9() }
            try? FileManager.default.removeItem(atPath: stateDir)
            try? FileManager.default.removeItem(atPath: log)
        }

        switch test.moment {
        case .halfSecond:
            try await Task.sleep(for: .milliseconds(500))
        case .firstWorkerLine:
            let logged = await dev.waitForLog(timeout: .seconds(120)) { output in
                Self.workerPrefixes.contains { output.contains($0) }
            }
            try #require(logged, "no worker logged a line:\n\(dev.output)")
        case .ready, .stopping:
            try #require(await dev.waitForLog("4 of 4 workers ready", timeout: .seconds(120)), "onepoint dev did not get ready:\n\(dev.output)")
            try #require(ProcessTable.processes(withArgument: stateDir).count == 5, "dev and its 4 workers run")
        }
        let wasReady = dev.output.contains("workers ready")
        let signalled = ContinuousClock.now
        kill(dev.process.processIdentifier, test.signal)
        if test.moment == .stopping, await dev.waitForLog("stopping 4 workers", timeout: .seconds(10)) {
            kill(dev.process.processIdentifier, test.signal)
        }

        // Wait (bounded) for every process of the run to end.
        let deadline = signalled + .seconds(15)
        var left = ProcessTable.processes(withArgument: stateDir)
        while !left.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            left = ProcessTable.processes(withArgument: stateDir)
        }
        let took = ContinuousClock.now - signalled
        #expect(left.isEmpty, "still running 15 s after \(test.testDescription):\n\(ProcessTable.describe(left))\n\(dev.output)")
        print("DevInterruptTests: \(test.testDescription): every process gone after \(took.formatted(.units(allowed: [.milliseconds])))")

        guard test.signal != SIGKILL, left.isEmpty else { return }
        try #require(await dev.exited(within: .seconds(10)), "dev gone from /proc but not reaped within 10 s")
        let status = dev.process.terminationStatus
        let killedBySignal = dev.process.terminationReason == .uncaughtSignal
        if test.moment == .stopping {
            // The second signal may find the workers stopped already (status 0) or kill them (1).
            #expect(!killedBySignal, "dev ended by itself: \(status)\n\(dev.output)")
            return
        } else if wasReady {
            #expect(!killedBySignal && status == 0, "a stop after ready is clean: \(status)\n\(dev.output)")
            #expect(dev.output.contains("stopped"))
        } else if test.moment == .firstWorkerLine {
            // The workers were starting: dev stops them and says it was interrupted.
            #expect(!killedBySignal && status == 128 + test.signal, "interrupted before ready: \(status)\n\(dev.output)")
            #expect(dev.output.contains("before every worker was ready"), "\(dev.output)")
        } else {
            // 0.5 s: dev may not have reached its first instruction yet on a loaded machine; either
            // way it ends non-zero.
            #expect(killedBySignal ? status == test.signal : status == 128 + test.signal, "\(status)\n\(dev.output)")
        }
        #expect(!dev.output.contains("✗"), "\(dev.output)")
    }
}
