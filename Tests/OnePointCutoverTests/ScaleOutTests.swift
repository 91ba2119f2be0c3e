import Foundation
import OnePointConfig
import OnePointContracts
import OnePointCutover
import OnePointDomain
import OnePointKafka
import OnePointRuntime
import OnePointTestSupport
import Testing

/// The cutover worker under tasks (issue 15, docs/cutover.md "Scaling out"), in-process on the
/// runtime's decision path: a cutover's plans and feedback, keyed by its id, meet in one task;
/// the inventory, calendar and assurance periods reach every task; three tasks decide what one
/// task decides, with distinct event ids.
@Suite("Cutover worker scale-out")
struct ScaleOutTests {
    static let topics = TopicNames()
    static let start = at("2026-12-21T10:00:00+08:00")

    static func logic(_ layout: TaskLayout) throws -> CutoverLogic {
        var logic = CutoverLogic(domain: try DomainConfiguration.load(directory: configDirectory), settings: CutoverConfiguration.defaults, topics: topics)
        logic.taskLayout = layout
        return logic
    }

    static func record<P: EventPayload>(_ type: EventType, _ payload: P, unit: UnitID = "GD-GZ", at time: Date) throws -> EventRecord {
        try EventRecord(
            EventEnvelope(type, event: payload, eventTime: time, source: EventSource(unit: unit, worker: "test")),
            topology: try DomainConfiguration.load(directory: configDirectory).topology)
    }

    /// Three tasks beside one, the inventory and a key-assurance period (C-K-0002, 7 January 2027)
    /// loaded in every task.
    static func tasks() throws -> InProcessTasks<CutoverLogic> {
        let tasks = try InProcessTasks(count: 3, start: start, worker: "onepoint-cutover") { task in try Self.logic(task == nil ? .single : .perPartition) }
        let (customers, circuits, elements) = inventory()
        try tasks.send(try customers.map { try record(.customerUpdate, $0, unit: "HQ", at: start) }, global: true)
        try tasks.send(try circuits.map { try record(.circuitUpdate, $0, unit: "HQ", at: start) }, global: true)
        try tasks.send(try elements.map { try record(.networkElementUpdate, $0, unit: "HQ", at: start) }, global: true)
        let period = AssurancePeriod(
            periodId: "AP-2027-0107", name: "重保 Key assurance", units: ["GD"], customerIds: ["C-K-0002"], from: at("2027-01-07T00:00:00+08:00"),
            to: at("2027-01-08T00:00:00+08:00"), declaredBy: "HQ duty")
        try tasks.send(try record(.assurancePeriodCreate, period, unit: "HQ", at: start), global: true)
        return tasks
    }

    @Test("twelve cutovers over three tasks: plans, feedback, revisions, a calendar year and every timer decide what one task decides")
    func sameDecisionsAsOneTask() throws {
        let tasks = try Self.tasks()
        let ids = (0..<12).map { "CO-SCALE-\($0)" }
        #expect(Set(ids.map(tasks.partition(of:))) == [0, 1, 2], "the cutovers are spread over every task")
        // Windows on 5, 6, 7 (in the key-assurance period: refused) and 11 January 2027: leads
        // counted provisionally until 2027 is loaded.
        let days = ["2027-01-05", "2027-01-06", "2027-01-07", "2027-01-11"]
        for (n, id) in ids.enumerated() {
            let day = days[n % 4]
            try tasks.send(try Self.record(
                .cutoverPlanCreate, plan(id, start: "\(day)T01:00:00+08:00", end: "\(day)T03:00:00+08:00", submitted: Self.start), at: Self.start))
        }
        // An hour later the Key customer disagrees with the first kind, the Diamond one agrees
        // with the second; on another topic than the plans, keyed by the cutover id all the same.
        let hour = Self.start.addingTimeInterval(3600)
        try tasks.advance(to: hour)
        for (n, id) in ids.enumerated() where n % 4 < 2 {
            let feedback =
                n % 4 == 0
                ? CutoverFeedback(cutoverId: id, customerId: "C-K-0002", unit: "GD-SZ", answer: .disagree, comment: "月末结账 Month-end closing", receivedAt: hour)
                : CutoverFeedback(cutoverId: id, customerId: "C-D-0001", unit: "GD-GZ", answer: .agree, receivedAt: hour)
            try tasks.send(try Self.record(.cutoverFeedback, feedback, unit: feedback.unit, at: hour))
        }
        // The owning unit moves the disputed windows to 12 January.
        let later = hour.addingTimeInterval(3600)
        try tasks.advance(to: later)
        for (n, id) in ids.enumerated() where n % 4 == 0 {
            let revision = CutoverRevision(
                cutoverId: id, unit: "GD-GZ", reason: "客户要求改期 Moved for the customer", windowStart: at("2027-01-12T01:00:00+08:00"),
                windowEnd: at("2027-01-12T03:00:00+08:00"), revisedBy: "GZ NOC", revisedAt: later)
            try tasks.send(try Self.record(.cutoverPlanAttributeValueChange, revision, at: later))
        }
        // 2027 is loaded (a global topic): every task recounts the notices of its waiting plans.
        let loaded = later.addingTimeInterval(3600)
        try tasks.advance(to: loaded)
        try tasks.send(try Self.record(.calendarYearUpdate, try LoadedCalendarTests.madeUp2027(), unit: "HQ", at: loaded), global: true)
        // The plans of 6 January run; then every feedback due, reminder and window passes.
        try tasks.advance(to: at("2027-01-06T03:30:00+08:00"))
        for (n, id) in ids.enumerated() where n % 4 == 1 {
            let report = CutoverExecutionReport(
                cutoverId: id, unit: "GD-GZ", outcome: .completed, actualInterruptionMinutes: 40, reportedBy: "GZ NOC", at: at("2027-01-06T03:30:00+08:00"))
            try tasks.send(try Self.record(.cutoverExecutionReport, report, at: at("2027-01-06T03:30:00+08:00")))
        }
        try tasks.advance(to: at("2027-01-14T00:00:00+08:00"))

        let deadLetters = Self.topics.name(of: .deadLetters)
        #expect(!tasks.singleOutputs.contains { $0.topic == deadLetters }, "one task: nothing refused")
        #expect(!tasks.taskOutputs.contains { $0.record.topic == deadLetters }, "three tasks: nothing refused (every feedback met its plan)")
        #expect(tasks.forwarded == 0, "co-partitioned: nothing is routed")

        // The same decisions: every output's content, event ids aside.
        let one = tasks.singleOutputs.compactMap(\.contentWithoutEventID).sorted()
        let three = tasks.taskOutputs.compactMap(\.record.contentWithoutEventID).sorted()
        #expect(one.count == tasks.singleOutputs.count && three.count == tasks.taskOutputs.count)
        #expect(three == one, "the tasks decide what one task decides")
        let types = Dictionary(grouping: tasks.singleOutputs.compactMap { $0.header("eventType") }, by: { $0 }).mapValues(\.count)
        #expect(types[EventType.cutoverApproved.rawValue] == 9 + 3, "nine plans approved, three revisions approved")
        #expect(types[EventType.cutoverRejected.rawValue] == 3, "the windows in the key-assurance period")
        #expect(types[EventType.cutoverNotice.rawValue] == (9 + 3) * 4)
        #expect(tasks.singleOutputs.contains { $0.header("eventType") == EventType.cutoverStateChange.rawValue && ($0.contentWithoutEventID ?? "").contains("counted again") }, "2027 recounted the leads")

        // Each task's cutovers only, and event ids unique across tasks; task 0's are those of the
        // single task (its ids do not change).
        let byCutover = [Self.topics.name(of: .cutoverNotices), Self.topics.name(of: .plannedOutages)]
        for output in tasks.taskOutputs where byCutover.contains(output.record.topic) {
            let cutover = try #require(output.record.key.flatMap { String(validating: $0, as: UTF8.self) })
            #expect(tasks.partition(of: cutover) == output.task, "\(cutover) decided in its own task")
        }
        let eventIDs = tasks.taskOutputs.map(\.record.eventID)
        #expect(Set(eventIDs).count == eventIDs.count, "no event id twice across tasks (a calendar year is decided in each)")
        // What a cutover's own records and timers cause, task 0 names as one task does (a
        // calendar year recounts another set of plans in each task, so its n-th output differs).
        let singleIDs = Dictionary(tasks.singleOutputs.map { ($0.contentWithoutEventID ?? "", $0.eventID) }, uniquingKeysWith: { first, _ in first })
        for output in tasks.taskOutputs where output.task == 0 && !(output.record.contentWithoutEventID ?? "").contains("counted again") {
            #expect(singleIDs[output.record.contentWithoutEventID ?? ""] == output.record.eventID, "task 0 names its events as one task does")
        }
        #expect(tasks.taskOutputs.contains { $0.task != 0 && $0.record.header("eventType") == EventType.cutoverStateChange.rawValue })
    }

    @Test("with tasks, a cutover's record keyed otherwise is refused naming the key; with one task it is read as before")
    func keyedByTheCutover() throws {
        let feedback = CutoverFeedback(cutoverId: "CO-KEY-1", customerId: "C-D-0001", unit: "GD-GZ", answer: .agree, receivedAt: Self.start)
        let record = try Self.record(.cutoverFeedback, feedback, at: Self.start)
        #expect(record.key == "CO-KEY-1", "producers key it by the cutover id")
        let topic = Self.topics.name(of: .cutoverFeedback)
        func keyed(_ record: EventRecord, _ key: [UInt8]?) -> InputRecord {
            let read = record.input(on: topic)
            return InputRecord(topic: read.topic, key: key, value: read.value, headers: read.headers)
        }
        let misKeyed = keyed(record, Array("C-D-0001".utf8))
        let error = #expect(throws: InputRejection.self) { try Self.logic(.perPartition).decode(misKeyed) }
        #expect(error?.kind == .validation)
        #expect(error?.message.contains("CO-KEY-1 keyed 'C-D-0001'") == true, "\(error?.message ?? "")")
        #expect(throws: InputRejection.self) { try Self.logic(.perPartition).decode(keyed(record, nil)) }
        _ = try Self.logic(.perPartition).decode(record.input(on: topic))
        _ = try Self.logic(.single).decode(keyed(record, nil))

        let plan = plan("CO-KEY-2", start: "2027-01-05T01:00:00+08:00", end: "2027-01-05T03:00:00+08:00", submitted: Self.start)
        let planRead = try Self.record(.cutoverPlanCreate, plan, at: Self.start).input(on: Self.topics.name(of: .cutoverPlans))
        let planRecord = InputRecord(topic: planRead.topic, key: Array("GZ-TH-PTN-09".utf8), value: planRead.value, headers: planRead.headers)
        #expect(throws: InputRejection.self) { try Self.logic(.perPartition).decode(planRecord) }
    }
}
