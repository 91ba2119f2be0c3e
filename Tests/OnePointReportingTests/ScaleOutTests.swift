import Foundation
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointKafka
import OnePointReporting
import OnePointRuntime
import OnePointTestSupport
import Testing

/// The reporting worker under tasks (issue 15, docs/reporting.md "Scaling out"), in-process on
/// the runtime's decision path: every fact, whatever partition it arrives on, is forwarded to
/// task 0, which keeps the months and every unit's reports; three tasks publish what one task
/// publishes, under the same event ids.
@Suite("Reporting worker scale-out")
struct ScaleOutTests {
    static let topics = TopicNames()

    static func logic() throws -> ReportingLogic {
        ReportingLogic(domain: try DomainConfiguration.load(directory: configDirectory), topics: topics)
    }

    @Test("the holding key is on partition 0 of a repartition topic of any partition count")
    func holdingKey() {
        #expect(UInt32(bitPattern: KafkaPartitioner.murmur2(Array(ReportingLogic.holdingKey.utf8))) & 0x7fff_ffff == 0)
        for partitions in Int32(1)...1024 {
            #expect(KafkaPartitioner.partition(forKey: ReportingLogic.holdingKey, among: partitions) == 0, "\(partitions) partitions")
        }
        #expect(ReportingLogic.holdingTask == 0)
    }

    @Test("what counts in a report routes to the holding task; a calendar year and events of no concern are applied where read")
    func routingKeys() async throws {
        let h = try WorkerHarness.reporting(start: at("2026-11-20T10:00:00+08:00"))
        let logic = try Self.logic()
        let harness = try WorkerTestHarness(logic: logic, start: at("2026-11-20T10:00:00+08:00"))
        func route(_ record: EventRecord) throws -> String? {
            let input = try logic.decode(record.input(on: Self.topics.name(of: record.topic))).input
            return try harness.read { db in try logic.route(input, in: db) }
        }
        let overdue = try OpenWorkTests().overdue(h, "SO-1", deadline: "2026-11-25T18:00:00+08:00")
        for record in [
            try h.fact(.provisioningOnTime, "GD-GZ", "SO-1", met: true),
            try h.ticket("TT-1", unit: "GD-GZ", level: .gold, deadline: "2026-11-25T18:00:00+08:00"),
            overdue,
        ] + (try OpenWorkTests.survey(h)) {
            #expect(try route(record) == ReportingLogic.holdingKey, "\(record.headers.first { $0.name == "eventType" }?.value ?? "")")
        }
        let calendar = CalendarYearUpdate(
            year: 2027, daysOff: [try CivilDate(year: 2027, month: 1, day: 1)], makeUpWorkingDays: [], source: "made up for tests")
        #expect(try route(try h.record(.calendarYearUpdate, calendar)) == nil, "a global topic: every task applies it")
        let decision = CutoverDecision(
            cutoverId: "CO-1", unit: "GD-GZ", requiredWorkingDays: 5, latestSendDate: try CivilDate(year: 2026, month: 11, day: 25), affectedCustomers: 0,
            affectedCircuits: 0, problems: [], at: at("2026-11-20T10:00:00+08:00"), revision: 1, windowStart: at("2026-12-01T01:00:00+08:00"),
            windowEnd: at("2026-12-01T03:00:00+08:00"), noticeIds: [])
        #expect(try route(try h.record(.cutoverApproved, decision, unit: "GD-GZ")) == nil, "read and ignored where it arrives")
    }

    @Test("November and December over three tasks: drafts, revisions, open work, final reports and an amendment, as one task publishes them")
    func sameReportsAsOneTask() async throws {
        let start = at("2026-11-20T10:00:00+08:00")
        let h = try WorkerHarness.reporting(start: start)  // makes the records
        let tasks = try InProcessTasks(count: 3, start: start, worker: "onepoint-reporting", repartitionTopic: WorkerKind.reporting.internalTopics().repartition) { _ in
            try Self.logic()
        }
        // November's facts for Guangzhou, Shenzhen and Foshan, an order and a survey open at the
        // month's end, keyed by their orders, tickets and requests over every partition.
        var november = try MonthFlowTests.novemberFacts(h)
        november.append(try OpenWorkTests().overdue(h, "SO-OPEN", deadline: "2026-11-25T18:00:00+08:00"))
        november += try OpenWorkTests.survey(h)
        #expect(Set(november.map { tasks.partition(of: $0.key) }) == [0, 1, 2])
        try tasks.send(november)
        try tasks.advance(to: at("2026-12-01T00:00:00+08:00"))
        // Late: Foshan's fault restored in December, the open order and survey end in December
        // (each replaces a November count: another month's fact), one more November acceptance.
        try tasks.advance(to: at("2026-12-02T10:00:00+08:00"))
        try tasks.send([
            try h.ticket("TT-FS-1", unit: "GD-FS", level: .diamond, deadline: "2026-11-30T23:00:00+08:00", restored: "2026-12-01T01:00:00+08:00"),
            try h.fact(.acceptancePass, "GD-GZ", "AC-GZ-LATE", met: true),
            try h.fact(.provisioningOnTime, "GD-SZ", "SO-OPEN", month: "2026-12", met: false),
            try h.fact(.existingNetworkSurvey, "GD-SZ", "PS-OPEN", month: "2026-12", level: .gold, overrun: 600),
        ])
        try tasks.advance(to: at("2026-12-06T10:00:00+08:00"))
        try tasks.send([try h.fact(.provisioningOnTime, "GD-GZ", "SO-GZ-LATE", met: false)])  // November is final: an amendment
        try tasks.advance(to: at("2027-01-01T00:00:00+08:00"))

        let deadLetters = Self.topics.name(of: .deadLetters)
        #expect(!tasks.singleOutputs.contains { $0.topic == deadLetters } && !tasks.taskOutputs.contains { $0.record.topic == deadLetters })
        #expect(tasks.forwarded > 0, "facts read by tasks 1 and 2 went to task 0")
        #expect(tasks.taskOutputs.allSatisfy { $0.task == 0 }, "only task 0 publishes reports")
        for task in tasks.tasks where task.task != 0 {
            #expect(try task.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM report_facts") } == 0)
            #expect(try task.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM report_months") } == 0, "task \(task.task) keeps no month")
        }
        // The same reports and scorecards, under the same event ids.
        let one = tasks.singleOutputs.compactMap(\.contentWithoutEventID).sorted()
        let three = tasks.taskOutputs.compactMap(\.record.contentWithoutEventID).sorted()
        #expect(one.count == tasks.singleOutputs.count && three == one)
        #expect(tasks.taskOutputs.map(\.record.eventID).sorted() == tasks.singleOutputs.map(\.eventID).sorted())

        // And they are the hand-worked figures of MonthFlowTests.
        let reports = try tasks.taskOutputs.filter { $0.record.header("eventType") == EventType.monthlyReport.rawValue }
            .map { try EventEnvelope<MonthlyReport>.decode(try #require($0.record.value)).event }
        #expect(reports.filter { $0.month == "2026-11" && $0.revision == 1 && $0.status == .draft }.count == 15, "every unit's November draft, once")
        #expect(reports.filter { $0.month == "2026-11" && $0.status == .final }.count == 15)
        #expect(reports.filter { $0.month == "2026-12" && $0.revision == 1 && $0.status == .draft }.count == 15)
        let gzDraft = try #require(reports.first { $0.unit == "GD-GZ" && $0.month == "2026-11" })
        #expect(gzDraft.scorecard.total == 58)
        let gd = try #require(reports.last { $0.unit == "GD" && $0.month == "2026-11" && $0.status == .draft })
        #expect(Dictionary(uniqueKeysWithValues: (gd.descendants ?? []).map { ($0.unit, $0.total) }) == ["GD-GZ": pts("58.4"), "GD-SZ": 65, "GD-FS": 50])
        let december = try #require(reports.last { $0.unit == "GD-GZ" && $0.month == "2026-12" })
        #expect(december.amendments?.map(\.factId) == ["provisioningOnTime:SO-GZ-LATE"])
    }
}
