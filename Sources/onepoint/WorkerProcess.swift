import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A worker executable started by `onepoint dev`: its output is copied line by line with the
/// worker's name in front, and its exit is reported, never hidden.
///
/// Its standard input is a lifeline: the read end of a pipe whose write end only this process
/// holds and never writes to. The worker runs with `--exit-with-parent`, so when `onepoint dev`
/// ends, however it ends (SIGKILL included), the worker reads end of file and stops
/// (``ParentLifeline``).
final class WorkerProcess: Sendable {
    let name: String
    let healthURL: String
    let readyURL: String
    private let process: Process
    /// Held open, never written, for the worker's whole life; closed by the kernel when this
    /// process ends.
    private let lifeline: Pipe
    private let exited = Mutex<Exit?>(nil)
    private let stopping = Atomic<Bool>(false)

    /// How a worker ended.
    struct Exit: Sendable, CustomStringConvertible {
        /// The exit status, or the signal's number when `bySignal`.
        var status: Int32
        var bySignal: Bool

        /// Whether this is what a stop asked for: a clean exit, or the SIGTERM sent by ``stop(grace:)``
        /// arriving before the worker could handle it.
        var isCleanStop: Bool { bySignal ? status == SIGTERM : status == 0 }

        var description: String { bySignal ? "killed by signal \(status)" : "status \(status)" }
    }

    /// Starts `executable` with `arguments`; `environment` is added to this process's own.
    init(
        executable: URL, name: String, arguments: [String], environment: [String: String] = [:], httpPort: Int,
        onExit: @escaping @Sendable (String, Exit, Bool) -> Void
    ) throws {
        self.name = name
        healthURL = "http://127.0.0.1:\(httpPort)/health"
        readyURL = "http://127.0.0.1:\(httpPort)/ready"
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments + ["--exit-with-parent"]
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        }
        let lifeline = Pipe()
        // The write end must stay in this process only: not in this worker (it would never read end
        // of file) nor in the workers started after it.
        guard fcntl(lifeline.fileHandleForWriting.fileDescriptor, F_SETFD, FD_CLOEXEC) == 0 else {
            throw WorkerProcessError(name: name, reason: "could not set up its lifeline pipe: \(String(cString: strerror(errno)))")
        }
        self.lifeline = lifeline
        process.standardInput = lifeline
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let prefix = name.padding(toLength: 13, withPad: " ", startingAt: 0) + "| "
        let lines = LinePrefixer(prefix: prefix)
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                lines.flush()
            } else {
                lines.append(data)
            }
        }
        self.process = process
        process.terminationHandler = { [weak self] finished in
            guard let self else { return }
            let exit = Exit(status: finished.terminationStatus, bySignal: finished.terminationReason == .uncaughtSignal)
            self.exited.withLock { $0 = exit }
            onExit(name, exit, self.stopping.load(ordering: .acquiring))
        }
        do {
            try process.run()
        } catch {
            throw WorkerProcessError(name: name, reason: "could not start \(executable.path): \(error)")
        }
    }

    var pid: Int32 { process.processIdentifier }

    /// How the worker ended; nil while it runs.
    var exit: Exit? { exited.withLock { $0 } }

    /// Kills the worker at once (SIGKILL), for a second Ctrl-C while stopping.
    func kill() {
        stopping.store(true, ordering: .releasing)
        if exit == nil { Glibc.kill(process.processIdentifier, SIGKILL) }
    }

    /// Asks the worker to stop (SIGTERM) and waits up to `grace`; then kills it (SIGKILL).
    func stop(grace: Duration) async {
        stopping.store(true, ordering: .releasing)
        guard exit == nil else { return }
        Glibc.kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while exit == nil, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if exit == nil {
            say("✗ worker \(name) did not stop within \(grace): killing it")
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// Splits output into lines and prints each with a prefix.
final class LinePrefixer: Sendable {
    private let prefix: String
    private let pending = Mutex<Data>(Data())

    init(prefix: String) {
        self.prefix = prefix
    }

    func append(_ data: Data) {
        let complete: [Data] = pending.withLock { buffer in
            buffer.append(data)
            var lines: [Data] = []
            while let newline = buffer.firstIndex(of: 0x0A) {
                lines.append(buffer[buffer.startIndex...newline])
                buffer.removeSubrange(buffer.startIndex...newline)
            }
            return lines
        }
        for line in complete { write(line) }
    }

    func flush() {
        let rest = pending.withLock { buffer in
            defer { buffer.removeAll() }
            return buffer
        }
        if !rest.isEmpty { write(rest + Data([0x0A])) }
    }

    private func write(_ line: Data) {
        FileHandle.standardOutput.write(Data(prefix.utf8) + line)
    }
}
