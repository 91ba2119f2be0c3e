import Foundation
import OnePointTestSupport
import Synchronization
import Testing

/// Runs the package's own executables from the build folder, as a person would.
enum BuiltExecutables {
    /// The build folder that holds this test binary and the executables (`.build/debug`).
    static var directory: URL { LoggedProcess.buildDirectory }

    struct Run {
        var status: Int32
        var output: String
    }

    /// Runs `name` with `arguments` from the package root (with `environment` added to this
    /// process's) and returns its status and output. Every wait is bounded: a run longer than
    /// `timeout` is stopped (SIGTERM, then SIGKILL) and fails the test naming the command; so does
    /// output still held open 10 s after the exit.
    static func run(
        _ name: String, _ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(120),
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Run {
        let process = Process()
        process.executableURL = directory.appendingPathComponent(name)
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.currentDirectoryURL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let reader = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }
        let command = ([name] + arguments).joined(separator: " ")
        if await !LoggedProcess.exited(process, within: timeout) {
            Issue.record("`\(command)` did not finish within \(timeout); stopped", sourceLocation: sourceLocation)
            process.terminate()
            if !LoggedProcess.waitForExit(process, timeout: .seconds(10)) {
                kill(process.processIdentifier, SIGKILL)
                if !LoggedProcess.waitForExit(process, timeout: .seconds(10)) {
                    Issue.record("`\(command)` survived SIGKILL for 10 s", sourceLocation: sourceLocation)
                    return Run(status: -1, output: "")
                }
            }
        }
        guard let data = await first(of: reader, within: .seconds(10)) else {
            Issue.record("the output of `\(command)` was still open 10 s after it exited (a child process holds it?)", sourceLocation: sourceLocation)
            return Run(status: process.terminationStatus, output: "")
        }
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// The value of `task`, or nil when it has none within `timeout` (the task is left to finish).
    static func first<T: Sendable>(of task: Task<T, Never>, within timeout: Duration) async -> T? {
        let once = Once()
        return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            Task {
                let value = await task.value
                if once.take() { continuation.resume(returning: value) }
            }
            Task {
                try? await Task.sleep(for: timeout)
                if once.take() { continuation.resume(returning: nil) }
            }
        }
    }

    /// True for the first caller only.
    final class Once: Sendable {
        private let taken = Mutex(false)
        func take() -> Bool { taken.withLock { done in defer { done = true }; return !done } }
    }
}
