import Foundation
import GRDB
import OnePointTestSupport
import Testing

@Suite("onepoint cutover against onepoint dev on an accelerated clock", .serialized)
struct CutoverCommandTests {
    @Test("the documented walk-through: submit, letters, a disagreement, a revised window, reminders, the window's facts, completion")
    func walkThrough() async throws {
        // Two hours a second: the window nine days ahead comes in about two minutes. The clock
        // starts at midnight: a Key customer's notice for the window of 12-08 must go out by 11-30,
        // so the submission below has the clock's first 24 hours (12 s) to arrive. Started at 10:00
        // it had 7 s, which a loaded machine overran (rejected as too late, session 13's `make test`).
        let dev = try FaultCommandTests.Dev(arguments: ["--clock", "accelerated", "--clock-start", "2026-11-30T00:00:00+08:00", "--clock-factor", "7200"])
        defer { dev.stop() }
        try await dev.waitUntilReady()
        let id = "CO-2026-1208-GZ-01"

        #expect(try await dev.onepoint(["inventory", "load", "config/inventory.sample.json"]).status == 0)
        // The plan travels on another topic than the inventory: submit it once the cutover worker
        // holds the element, its circuits and their customers (else it is refused: unknown element).
        try await dev.waitForState("cutover", "the cutover worker to hold GZ-TH-PTN-03, its circuits and their customers") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cutover_elements WHERE id = 'GZ-TH-PTN-03'") == 1
                && Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM cutover_circuits WHERE id IN ('GZNJ-2M-000124', 'GZNJ-ETH-000123', 'SZGZ-ETH-000202', 'SZGZ-MPLS-000201')") == 4
                && Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cutover_customers WHERE id IN ('C-GZ-0001', 'C-SZ-0002')") == 2
                && Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cutover_carriage WHERE element_id = 'GZ-TH-PTN-03'") ?? 0 >= 4
        }
        let submit = try await dev.onepoint(["cutover", "submit", "config/examples/cutover-plan.json", "--shift-to", "+8d"])
        #expect(submit.status == 0, "\(submit.output)")
        #expect(submit.output.contains("T01:00:00+08:00"), "the window keeps the plan's time of day: \(submit.output)")

        // Approved with one notice per customer on the element: Diamond (Guangzhou) and Key (Shenzhen).
        let approved = try await poll(dev, ["cutover", "show", id]) { $0.contains("\(id)  approved") && $0.contains("/C-SZ-0002  in time") }
        #expect(approved.contains("→ GD-SZ"), "the Key customer's notice goes to its manager's unit: \(approved)")
        #expect(approved.contains("lead 5 wd"))

        let letter = try await dev.onepoint(["cutover", "letter", "\(id)/C-GZ-0001"])
        #expect(letter.status == 0, "\(letter.output)")
        #expect(letter.output.contains("集团客户网络调整告知函"))
        #expect(letter.output.contains("尊敬的 广州珠江银行 Pearl River Bank 客户(单位)"))
        #expect(letter.output.contains("预计业务中断时间为30分钟"))
        #expect(letter.output.contains("GZNJ-ETH-000123"))
        let page = dev.stateDir + "/letter.html"
        #expect(try await dev.onepoint(["cutover", "letter", "\(id)/C-GZ-0001", "--html", "-o", page]).status == 0)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.components(separatedBy: "<tr><td>").count - 1 == 2, "two affected circuits in the attachment")

        // The Key customer disagrees; the owning unit moves the window a day later.
        let disagree = try await dev.onepoint(["cutover", "feedback", id, "--customer", "C-SZ-0002", "--disagree", "--unit", "GD-SZ"])
        #expect(disagree.status == 0, "\(disagree.output)")
        _ = try await poll(dev, ["cutover", "show", id]) { $0.contains("\(id)  renegotiating") }
        let revise = try await dev.onepoint(["cutover", "revise", id, "--start", "+9d", "--unit", "GD-GZ"])
        #expect(revise.status == 0, "\(revise.output)")
        let revised = try await poll(dev, ["cutover", "show", id]) { $0.contains("revision 2") && $0.contains("\(id)  approved") }
        #expect(revised.contains("superseded by \(id)/C-SZ-0002/r2"))

        // Nobody answers the new notices: reminded at the due time, silence counts as agreement;
        // the window's start records one in-time notice fact per customer.
        let silent = try await poll(dev, ["cutover", "show", id], timeout: .seconds(300)) { $0.components(separatedBy: "answer: silent").count == 3 }
        #expect(silent.contains("/r2  in time"))
        _ = try await poll(dev, ["tail", "order-events", "--from-beginning", "--idle-exit", "3", "--json"], timeout: .seconds(300)) {
            $0.split(separator: "\n").filter { $0.contains("informationNotices") }.count == 2
        }
        #expect(try await dev.onepoint(["cutover", "report", id, "--started", "--unit", "GD-GZ"]).status == 0)
        #expect(try await dev.onepoint(["cutover", "report", id, "--completed", "--interruption", "25", "--unit", "GD-GZ"]).status == 0)
        let done = try await poll(dev, ["cutover", "show", id]) { $0.contains("\(id)  completed") }
        #expect(done.contains("real interruption 25 min"))

        let tail = try await dev.onepoint(["tail", "cutover-notices", "planned-outages", "--from-beginning", "--idle-exit", "3", "--json"])
        var types: [String: Int] = [:]
        var reminders: [String: Int] = [:]
        for line in tail.output.split(separator: "\n") where line.hasPrefix("{") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let type = object["eventType"] as? String else { continue }
            types[type, default: 0] += 1
            if type == "CutoverReminderEvent", let kind = (object["event"] as? [String: Any])?["kind"] as? String { reminders[kind, default: 0] += 1 }
        }
        #expect(types["CutoverApprovedEvent"] == 2, "\(types)")
        #expect(types["CutoverNoticeEvent"] == 4, "\(types)")
        #expect(types["PlannedOutageEvent"] == 2, "the window moved with the revision: \(types)")
        #expect(types["CutoverStateChangeEvent"] == 3, "renegotiating, executing, completed: \(types)")
        #expect(reminders == ["windowStarting": 3, "feedbackMissing": 2], "\(reminders)")
        #expect(types["DeadLetterEvent"] == nil)
    }

    @Test("a plan file with problems is refused by the CLI, every problem listed")
    func badPlanFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-cutover-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/plan.json"
        var text = try String(contentsOfFile: "config/examples/cutover-plan.json", encoding: .utf8)
        text = text.replacingOccurrences(of: "\"network\": \"localNetwork\"", with: "\"network\": \"metro\"")
        text = text.replacingOccurrences(of: "\"unit\": \"GD-GZ\"", with: "\"unit\": \"GD-XX\"")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let run = try await BuiltExecutables.run("onepoint", ["cutover", "submit", file, "--state-dir", folder])
        #expect(run.status != 0)
        #expect(run.output.contains("network"), "\(run.output)")
        #expect(run.output.contains("GD-XX"), "\(run.output)")
    }

    /// Runs `onepoint arguments` until its output satisfies `done`.
    func poll(_ dev: FaultCommandTests.Dev, _ arguments: [String], timeout: Duration = .seconds(60), until done: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            last = try await dev.onepoint(arguments).output
            if done(last) { return last }
            try await Task.sleep(for: .milliseconds(300))
        }
        // The end of dev's log too: a command the workers refused is a dead letter logged there.
        Issue.record("timed out: `onepoint \(arguments.joined(separator: " "))` last said:\n\(last)\nonepoint dev's log ends:\n\(dev.dev.output.suffix(3000))")
        throw CancellationError()
    }
}
