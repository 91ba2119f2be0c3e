import Foundation
import OnePointReporting
import OnePointTestSupport
import Testing

/// The report page in headless Debian `chromium`: it loads with no console message, every chart
/// is there with the expected number of marks, and a screenshot is kept. Chromium is installed
/// by `scripts/ensure-chromium.sh` (through `scripts/ensure-deps.sh`) when this test runs; if it
/// cannot be, the test fails saying why.
@Suite("Report page in a browser", .serialized)
struct ReportBrowserTests {
    /// The package's root folder.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Where the screenshot is kept: `$ONEPOINT_ARTIFACTS` or the temporary folder.
    static var artifacts: URL {
        if let folder = ProcessInfo.processInfo.environment["ONEPOINT_ARTIFACTS"] { return URL(fileURLWithPath: folder) }
        return FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-artifacts")
    }

    /// Runs `arguments` under `timeout(1)`, returning its exit status, standard output and error.
    static func run(_ arguments: [String], seconds: Int) throws -> (status: Int32, out: String, err: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let out = folder.appendingPathComponent("out")
        let err = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["--kill-after=10", "\(seconds)"] + arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        // timeout(1) ends it; this bound only guards against timeout(1) itself hanging.
        guard LoggedProcess.waitForExit(process, timeout: .seconds(seconds + 30)) else {
            kill(process.processIdentifier, SIGKILL)
            throw HarnessTimeout(description: "\(arguments.first ?? "?") under timeout(1) still running \(seconds + 30) s after start")
        }
        return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }

    /// Headless chromium's flags for a container (no sandbox, no GPU, no shared memory).
    static let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--enable-logging=stderr", "--v=0"]

    /// The console messages chromium logged while loading `page`, and the DOM it built.
    static func load(_ chromium: String, _ page: URL) throws -> (console: [String], dom: String) {
        let result = try run([chromium] + flags + ["--dump-dom", page.absoluteString], seconds: 120)
        #expect(result.status == 0, "chromium --dump-dom exited \(result.status): \(result.err.suffix(2000))")
        return (result.err.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init), result.out)
    }

    @Test("Guangzhou's November page in headless chromium: no console message, every chart with its marks, a screenshot")
    func chromium() async throws {
        let ensure = try Self.run([Self.root.appendingPathComponent("scripts/ensure-chromium.sh").path], seconds: 900)
        guard ensure.status == 0, let chromium = ensure.out.split(separator: "\n").last.map(String.init), !chromium.isEmpty else {
            Issue.record("chromium could not be installed by scripts/ensure-chromium.sh (exit \(ensure.status)): \(ensure.err.suffix(2000))")
            return
        }
        let (_, routes) = try await ReportPageFixture.make()
        let html = try routes.render(unit: "GD-GZ", month: "2026-11", format: "html").body
        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        let page = Self.artifacts.appendingPathComponent("GD-GZ-2026-11.html")
        try html.write(to: page, atomically: true, encoding: .utf8)

        // The checker sees console messages: a page that logs one is caught.
        let broken = Self.artifacts.appendingPathComponent("console-error.html")
        try "<!DOCTYPE html><html><body><script>console.error('deliberate')</script></body></html>".write(to: broken, atomically: true, encoding: .utf8)
        #expect(try Self.load(chromium, broken).console.count == 1)

        let loaded = try Self.load(chromium, page)
        #expect(loaded.console.isEmpty, "console: \(loaded.console)")
        #expect(ReportPageFixture.marks(in: loaded.dom) == ReportPageFixture.expectedMarks)
        #expect(loaded.dom.contains("月度运行分析报告"))

        let screenshot = Self.artifacts.appendingPathComponent("GD-GZ-2026-11.png")
        try? FileManager.default.removeItem(at: screenshot)
        let shot = try Self.run([chromium] + Self.flags + ["--hide-scrollbars", "--window-size=1000,3200", "--screenshot=\(screenshot.path)", page.absoluteString], seconds: 120)
        #expect(shot.status == 0, "chromium --screenshot exited \(shot.status): \(shot.err.suffix(2000))")
        let png = try Data(contentsOf: screenshot)
        #expect(png.count > 10_000 && png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]), "screenshot \(screenshot.path): \(png.count) bytes")
        print("report page screenshot kept at \(screenshot.path)")
    }
}
