import Foundation
import Logging
import OnePointContracts
import OnePointKafka
import OnePointTestSupport
import Testing

/// `onepoint calendar load`, run for real: the strict calendar checks with file, line and
/// problem; a good file published on the calendar topic, keyed by the year. The 2027 written here
/// is made up for the test.
@Suite("onepoint calendar load, run for real")
struct CalendarCommandTests {
    static let good = """
        # MADE UP FOR TESTS. Not the real 2027 notice.
        calendar:
          years:
            - year: 2027
              daysOff:
                - 2027-01-01..2027-01-03
                - 2027-01-08
              makeUpWorkingDays:
                - 2027-02-20

        """

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("calendar-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("a bad date is refused with file, line and problem; nothing is published, exit status 1")
    func badDate() async throws {
        let file = try write(Self.good.replacingOccurrences(of: "- 2027-01-08", with: "- 2027-02-30"))
        defer { try? FileManager.default.removeItem(atPath: file) }
        // No cluster is given: the file is refused before one is needed.
        let run = try await BuiltExecutables.run("onepoint", ["calendar", "load", file, "--bootstrap-servers", "127.0.0.1:1"])
        #expect(run.status == 1, "\(run.output)")
        #expect(run.output.contains("refused, nothing published"), "\(run.output)")
        #expect(
            run.output.contains(
                "\(file):7: calendar.years[0].daysOff[1]: calendar year 2027: 2027-02-30 is not a date (day 30 does not exist in 2027-02, which has 28 days)"),
            "\(run.output)")
    }

    @Test("a good file is published on onepoint.calendar, keyed by its year, and says what it changes")
    func publish() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let cluster = try EmbeddedKafkaCluster(
            brokers: 1, topics: Topic.allCases.map { KafkaTopicSpec(name: $0.defaultName, partitions: $0.defaultPartitions) }, logger: logger)
        let file = try write(Self.good)
        defer { try? FileManager.default.removeItem(atPath: file) }

        let check = try await BuiltExecutables.run("onepoint", ["calendar", "load", file, "--check", "--bootstrap-servers", cluster.bootstrapServers])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("nothing published (--check)"), "\(check.output)")

        let load = try await BuiltExecutables.run("onepoint", ["calendar", "load", file, "--bootstrap-servers", cluster.bootstrapServers])
        #expect(load.status == 0, "\(load.output)")
        #expect(
            load.output.contains(
                "2027: 4 days off (2027-01-01..2027-01-03, 2027-01-08), 1 make-up working day (2027-02-20); not in calendar.yaml: deadlines reaching 2027 were provisional"),
            "\(load.output)")
        #expect(load.output.contains("published 2027 to onepoint.calendar"), "\(load.output)")

        let tail = try await BuiltExecutables.run(
            "onepoint", ["tail", "calendar", "--from-beginning", "--max-events", "1", "--json", "--bootstrap-servers", cluster.bootstrapServers])
        let line = try #require(tail.output.split(separator: "\n").first { $0.hasPrefix("{") }, "\(tail.output)")
        let event = try EventEnvelope<CalendarYearUpdate>.decode(Array(line.utf8)).event
        #expect(event.year == 2027)
        #expect(event.kafkaKey == "2027")
        #expect(event.daysOff.count == 4)
        #expect(event.source == file)
    }

    /// A Bronze order with ten access points in Chengdu: 20 working days.
    static func order(_ id: String) -> String {
        let points = (1...10).map { #"{ "id": "AP-\#($0)", "unit": "SC-CD", "address": "site \#($0)" }"# }.joined(separator: ", ")
        return """
            { "id": "\(id)", "action": "add", "state": "acknowledged",
              "customer": { "id": "C-\(id)", "name": "某某集团", "level": "bronze" }, "serviceType": "ETHERNET", "bandwidthKbps": 100000,
              "accessPoints": [\(points)], "initiatingUnit": "SC-CD", "customerManager": { "name": "李经理", "phone": "+86 138 0000 0001" },
              "requestedDate": "2027-01-31", "orderDate": "2026-12-20T10:00:00+08:00" }
            """
    }

    @Test("end to end: the real provisioning worker's order reaching 2027 is shown provisional; after calendar load, order show shows the new deadline, final")
    func orderShowAfterLoad() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let cluster = try EmbeddedKafkaCluster(
            brokers: 1, topics: Topic.allCases.map { KafkaTopicSpec(name: $0.defaultName, partitions: $0.defaultPartitions) }, logger: logger)
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-calendar-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: stateDir) }
        let common = ["--bootstrap-servers", cluster.bootstrapServers, "--state-dir", stateDir]
        // The worker's clock starts on Sunday 2026-12-20 10:00 (Shanghai), in real time.
        let worker = try LoggedProcess(
            "onepoint-provisioning",
            common + ["--http-port", "0", "--log-level", "warning", "--clock", "accelerated", "--clock-start", "2026-12-20T10:00:00+08:00", "--clock-factor", "1"],
            log: stateDir + "/provisioning.log")
        defer { worker.kill9() }
        let id = "SO-2026-1220-CAL"
        let orderFile = try write(Self.order(id))
        let calendarFile = try write(Self.good)
        defer {
            try? FileManager.default.removeItem(atPath: orderFile)
            try? FileManager.default.removeItem(atPath: calendarFile)
        }

        let submit = try await BuiltExecutables.run("onepoint", ["order", "submit", orderFile] + common)
        #expect(submit.status == 0, "\(submit.output)")
        let provisional = try await Self.show(id, common, until: "deadline      2027-01-18 18:00:00")
        #expect(provisional.contains("deadline      2027-01-18 18:00:00 (provisional: no holiday notice loaded for 2027; counted Monday to Friday except Jan 1, May 1–2, Oct 1–3)"), "\(provisional)")

        let load = try await BuiltExecutables.run("onepoint", ["calendar", "load", calendarFile] + common)
        #expect(load.status == 0, "\(load.output)")
        let final = try await Self.show(id, common, until: "deadline      2027-01-19 18:00:00")
        #expect(final.contains("deadline      2027-01-19 18:00:00\n"), "the test calendar's Friday 2027-01-08 off moves it a working day; no longer provisional: \(final)")
        #expect(!final.contains("provisional"), "\(final)")
    }

    /// `onepoint order show ID` until its output contains `text` (30 s at most).
    static func show(_ id: String, _ common: [String], until text: String) async throws -> String {
        var shown = BuiltExecutables.Run(status: -1, output: "")
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, !shown.output.contains(text) {
            try await Task.sleep(for: .milliseconds(300))
            shown = try await BuiltExecutables.run("onepoint", ["order", "show", id] + common)
        }
        return shown.output
    }
}
