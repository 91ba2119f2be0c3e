import Foundation
import OnePointTestSupport

/// Runs the package's own executables from the build folder, as a person would.
enum BuiltExecutables {
    /// The build folder that holds this test binary and the executables (`.build/debug`).
    static var directory: URL { LoggedProcess.buildDirectory }

    struct Run {
        var status: Int32
        var output: String
    }

    /// Runs `name` with `arguments` from the package root and returns its status and output.
    static func run(_ name: String, _ arguments: [String], timeout: Duration = .seconds(120)) async throws -> Run {
        let process = Process()
        process.executableURL = directory.appendingPathComponent(name)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let reader = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        let data = await reader.value
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
