import Foundation
import Logging
import OnePointContracts
import OnePointKafka
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
}
