import Foundation

/// One of the package's own executables run as a real child process, its output in a log file,
/// so tests can wait for what it says, kill it with SIGKILL or stop it with a signal.
public final class LoggedProcess {
    /// The build folder that holds the test binary and the package's executables (`.build/debug`).
    public static var buildDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    public let process = Process()
    /// The file that receives the process's standard output and error.
    public let log: String

    /// Starts `executable` (a product of this package) with `arguments` from the package root;
    /// `log` starts empty. `environment` is added to this process's; `standardInput` is the
    /// process's standard input (default: this process's).
    public init(_ executable: String, _ arguments: [String], log: String, environment: [String: String] = [:], standardInput: Pipe? = nil) throws {
        self.log = log
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.executableURL = Self.buildDirectory.appendingPathComponent(executable)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        }
        process.currentDirectoryURL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        process.standardOutput = handle
        if let standardInput { process.standardInput = standardInput }
        process.standardError = handle
        try process.run()
    }

    public var isRunning: Bool { process.isRunning }

    /// What the process has written so far.
    public var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// Waits until the log contains `text`; false when the process exits or `timeout` passes first.
    public func waitForLog(_ text: String, timeout: Duration = .seconds(60)) async -> Bool {
        await waitForLog(timeout: timeout) { $0.contains(text) }
    }

    /// Waits until the log satisfies `condition`; false when the process exits or `timeout`
    /// passes first.
    public func waitForLog(timeout: Duration = .seconds(60), where condition: (String) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(output) { return true }
            if !process.isRunning { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// SIGKILL, then waits (at most `timeout`) for the exit.
    /// - Returns: whether the process has exited.
    @discardableResult
    public func kill9(timeout: Duration = .seconds(30)) -> Bool {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        return Self.waitForExit(process, timeout: timeout)
    }

    /// Waits, at most `timeout`, for `process` to exit, without blocking on it forever (a
    /// process stuck in the kernel survives even SIGKILL for a while).
    /// - Returns: whether it has exited.
    public static func waitForExit(_ process: Process, timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { usleep(10_000) }
        return !process.isRunning
    }

    /// Waits, at most `timeout`, for `process` to exit, without blocking a thread.
    /// - Returns: whether it has exited.
    public static func exited(_ process: Process, within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return !process.isRunning
    }

    /// Waits, at most `timeout`, for the process to exit.
    /// - Returns: whether it has exited.
    public func exited(within timeout: Duration) async -> Bool { await Self.exited(process, within: timeout) }

    /// Sends `signal` (SIGTERM: a graceful stop; SIGINT: Ctrl-C) and returns the exit status, or
    /// nil when the process had to be killed after `timeout`.
    public func stop(_ signal: Int32 = SIGTERM, timeout: Duration = .seconds(30)) async -> Int32? {
        if process.isRunning { kill(process.processIdentifier, signal) }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        guard !process.isRunning else {
            // Said here, since a caller's expectation shows only that the status was not 0.
            FileHandle.standardError.write(Data("LoggedProcess: \(process.executableURL?.lastPathComponent ?? "a process") (pid \(process.processIdentifier)) did not exit within \(timeout) of signal \(signal); SIGKILLed\n".utf8))
            kill9()
            return nil
        }
        return process.terminationStatus
    }
}
