import Foundation
import Synchronization

/// A worker executable started by `onepoint dev`: its output is copied line by line with the
/// worker's name in front, and its exit is reported, never hidden.
final class WorkerProcess: Sendable {
    let name: String
    let healthURL: String
    let readyURL: String
    private let process: Process
    private let exited = Mutex<Int32?>(nil)
    private let stopping = Atomic<Bool>(false)

    init(executable: URL, name: String, arguments: [String], httpPort: Int, onExit: @escaping @Sendable (String, Int32, Bool) -> Void) throws {
        self.name = name
        healthURL = "http://127.0.0.1:\(httpPort)/health"
        readyURL = "http://127.0.0.1:\(httpPort)/ready"
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
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
            self.exited.withLock { $0 = finished.terminationStatus }
            onExit(name, finished.terminationStatus, self.stopping.load(ordering: .acquiring))
        }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    var exitStatus: Int32? { exited.withLock { $0 } }

    /// Asks the worker to stop (SIGTERM) and waits up to `grace`; then kills it (SIGKILL).
    func stop(grace: Duration) async {
        stopping.store(true, ordering: .releasing)
        guard exitStatus == nil else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while exitStatus == nil, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if exitStatus == nil {
            kill(process.processIdentifier, SIGKILL)
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
