import Foundation
import OnePointContracts
import OnePointDomain
import OnePointKafka
import OnePointTestSupport
import Testing

/// Several real `onepoint-provisioning` processes with per-partition tasks (issue 15): each
/// order is held by the task of its id's partition; its version 2 progress and test reports,
/// keyed by the order id, arrive there, and its version 1 ones, keyed by the work-order id, are
/// routed there through `onepoint.provisioning.repartition`, while tasks move between instances
/// as one is killed and another joins.
@Suite("Provisioning worker scaled out (real processes, embedded cluster)", .serialized)
struct ScaleOutProcessTests {
    /// The runtime's log line of `worker`'s latest assignment ("assigned 5 partitions (tasks 0,1,2); …"), or "".
    static func tasks(of worker: LoggedProcess) -> String {
        worker.output.split(separator: "\n").last { $0.contains("assigned ") && $0.contains("(tasks ") }.map(String.init) ?? ""
    }

    /// The changelog records each task opening of `worker` restored ("task 2 restored from …: 31 records …").
    static func restoredRecords(_ worker: LoggedProcess) throws -> [Int] {
        let pattern = try Regex("restored from [^ ]+: ([0-9]+) records")
        return worker.output.split(separator: "\n").compactMap { line in
            (try? pattern.firstMatch(in: String(line)))?.output[1].substring.flatMap { Int($0) }
        }
    }

    @Test("60 orders on instances with a task per partition, their progress interleaved (every fourth order's in version 1, keyed by the work-order id); one instance SIGKILLed mid-stream, another joins with an empty folder: every order completes once, nothing dead-lettered")
    func ordersAcrossInstances() async throws {
        // Every instance runs the same clock: real speed from Monday 2026-11-23 09:00 on.
        let clockStart = cst("2026-11-23 09:00")
        let fixture = try WorkerProcessFixture(.provisioning, configDirectory: configDirectory, clockStart: clockStart, partitions: 6)
        let origin = Date()
        /// What the workers' clock shows (a few milliseconds ahead at most: within the skew allowed).
        func now() -> Date { clockStart.addingTimeInterval(Date().timeIntervalSince(origin)) }
        let internalTopics = WorkerKind.provisioning.internalTopics()
        let repartition = try #require(internalTopics.repartition)
        #expect(repartition == "onepoint.provisioning.repartition")
        try fixture.cluster.createTopic(KafkaTopicSpec(name: internalTopics.changelog, partitions: 6))
        try fixture.cluster.createTopic(KafkaTopicSpec(name: repartition, partitions: 6))

        // Local Gold orders, in Guangzhou and Shenzhen by turns: one work order each, `<id>/<city>`.
        let orders = (0..<60).map { String(format: "SO-SCALE-%03d", $0) }
        func unit(_ n: Int) -> UnitID { n % 2 == 0 ? "GD-GZ" : "GD-SZ" }
        func version1(_ n: Int) -> Bool { n % 4 == 3 }
        let workOrders = orders.indices.map { "\(orders[$0])/\(unit($0))" }

        /// A unit's input on order `n`'s work order: version 2 keyed by the order id, or version 1
        /// keyed by the work-order id, as an older client writes it.
        func input<P: EventPayload>(_ type: EventType, _ payload: P, _ n: Int) throws -> EventRecord {
            guard version1(n) else { return try fixture.record(type, payload, unit: unit(n)) }
            var envelope = EventEnvelope(
                type, event: payload, eventTime: Date(), source: EventSource(unit: unit(n), worker: "older-client"), correlationId: workOrders[n])
            envelope.schemaVersion = 1
            return try EventRecord(envelope, topology: fixture.domain.topology, key: workOrders[n])
        }
        func stage(_ n: Int, _ stage: WorkOrderStage) throws -> EventRecord {
            try input(
                .workOrderStageReport,
                WorkOrderStageReport(workOrderId: workOrders[n], orderId: orders[n], unit: unit(n), stage: stage, at: now(), reportedBy: "duty"), n)
        }
        func accept(_ n: Int, _ stage: WorkOrderStage) throws -> EventRecord {
            try input(
                .workOrderAcceptanceResult,
                WorkOrderAcceptance(workOrderId: workOrders[n], orderId: orders[n], unit: unit(n), stage: stage, passed: true, at: now(), inspector: "质检"),
                n)
        }
        func test(_ n: Int, _ stage: ServiceTestReport.Stage) throws -> EventRecord {
            try input(
                .testReportCreate,
                ServiceTestReport(
                    reportId: "TR-\(orders[n])-\(stage)", workOrderId: workOrders[n], orderId: orders[n], unit: unit(n), stage: stage,
                    test: Fixtures.test(scope: .local, at: now()), filedAt: now()), n)
        }
        /// Every order's records of a phase, step by step (each order's steps in order, the orders
        /// interleaved).
        func phase(_ steps: [(Int) throws -> EventRecord]) throws -> [EventRecord] {
            try steps.flatMap { step in try orders.indices.map(step) }
        }

        let outputs = try await EventCollector(
            bootstrap: fixture.cluster.bootstrapServers, topics: (WorkerKind.provisioning.outputs + [.deadLetters]).map(\.defaultName))
        /// Reads outputs until `condition` holds, or a dead letter arrives; fails the test naming `what` otherwise.
        func wait(_ what: String, timeout: Duration = .seconds(60), until condition: ([CollectedEvent]) -> Bool) async throws {
            do {
                try await outputs.wait(what, timeout: timeout) { events in condition(events) || events.contains { $0.deadLetter != nil } }
            } catch let timeout as HarnessTimeout {
                Issue.record("\(timeout)")
                throw timeout
            }
            try #require(outputs.deadLetters.isEmpty, "waiting for \(what): \(outputs.deadLetters.prefix(5))")
        }
        /// Each work order's latest stage (one event per event id, each work order's in order).
        func stages(_ events: [CollectedEvent]) -> [String: WorkOrderStage] {
            var latest: [String: WorkOrderStage] = [:]
            for event in events where event.type == .workOrderCreate || event.type == .workOrderStateChange {
                if let workOrder = try? event.payload(WorkOrder.self) { latest[workOrder.id] = workOrder.stage }
            }
            return latest
        }
        func count(_ events: [CollectedEvent], _ type: EventType) -> Int { events.filter { $0.type == type }.count }

        let folders = ["a", "b", "c"].map { fixture.stateDirectory + "/instance-\($0)" }
        for folder in folders { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let tasks = ["ONEPOINT_RUNTIME_TASKS": "per-partition"]
        let a = try fixture.start(in: folders[0], environment: tasks)
        let b = try fixture.start(in: folders[1], environment: tasks)
        for worker in [a, b] { #expect(await worker.waitForLog("assigned", timeout: .seconds(90)), "\(worker.output.suffix(2000))") }

        // The orders, dispatched.
        try await fixture.send(try orders.indices.map { n in
            try fixture.record(.serviceOrderCreate, try Fixtures.order(orders[n], level: .gold, points: [unit(n)], initiator: unit(n), at: clockStart), unit: unit(n))
        })
        try await wait("every order dispatched", timeout: .seconds(90)) { count($0, .workOrderCreate) >= orders.count }

        // Engineering with its inspection, then configuration, streamed while instance a is
        // SIGKILLed once part of it is applied; c joins with an empty folder.
        let engineering = try phase([{ try stage($0, .engineering) }, { try accept($0, .inProgressInspection) }, { try stage($0, .configurationActivation) }])
        let (producer, chunks) = (fixture.producer, stride(from: 0, to: engineering.count, by: 6).map { Array(engineering[$0..<min($0 + 6, engineering.count)]) })
        let sending = Task {
            for chunk in chunks {
                for result in await producer.send(chunk.map(CrashTests.producerRecord)) { _ = try result.get() }
                try await Task.sleep(for: .milliseconds(80))
            }
        }
        try await wait("engineering under way") { events in stages(events).values.filter { $0 != .resourceDispatch }.count >= 10 }
        let heldTasks = Self.tasks(of: a)
        #expect(a.kill9(), "SIGKILL ends instance a")
        let configuredAtKill = stages(outputs.events).values.filter { $0 == .configurationActivation }.count
        #expect(!heldTasks.isEmpty && !heldTasks.contains("(tasks )"), "a held tasks when it was killed: \(heldTasks)")
        #expect(configuredAtKill < orders.count, "killed before the engineering phase was applied")
        let c = try fixture.start(in: folders[2], environment: tasks)
        #expect(await c.waitForLog("assigned", timeout: .seconds(90)), "\(c.output.suffix(2000))")
        try await sending.value
        try await wait("every work order configured", timeout: .seconds(120)) { events in
            let latest = stages(events)
            return workOrders.allSatisfy { latest[$0] == .configurationActivation }
        }

        // Local test, local completion, end-to-end test, end-to-end completion and acceptance,
        // each phase once the one before is applied (they travel on two topics).
        func verdicts(_ events: [CollectedEvent], _ stage: ServiceTestReport.Stage) -> Int {
            events.filter { event in
                event.type == .testReportEvaluated && (try? event.payload(TestReportEvaluation.self)).map { $0.reportId.hasSuffix("-\(stage)") && $0.outcome == .passed } == true
            }.count
        }
        try await fixture.send(try phase([{ try test($0, .local) }]))
        try await wait("every local test passed") { verdicts($0, .local) >= orders.count }
        try await fixture.send(try phase([{ try stage($0, .localCompletion) }]))
        try await wait("every leg complete") { count($0, .serviceOrderLegCompleted) >= orders.count }
        try await fixture.send(try phase([{ try test($0, .endToEnd) }]))
        try await wait("every end-to-end test passed") { verdicts($0, .endToEnd) >= orders.count }
        try await fixture.send(
            try phase([
                { try stage($0, .endToEndCompletion) }, { try accept($0, .preliminaryAcceptance) }, { try accept($0, .trialOperation) },
                { try accept($0, .finalAcceptance) },
            ]))
        try await wait("every order completed") { count($0, .serviceOrderCompleted) >= orders.count }
        for worker in [b, c] { #expect(await worker.stop() == 0, "SIGTERM exits 0: \(worker.output.suffix(1500))") }
        // a's tasks moved: restored from the changelog by the instances that took them, c among them.
        let joined = Self.tasks(of: c)
        #expect(!joined.isEmpty && !joined.contains("(tasks )"), "c ran tasks: \(joined)")
        let restored = try [b, c].flatMap { worker in try Self.restoredRecords(worker) }
        #expect(restored.contains { $0 > 0 }, "a task moved with its state, restored from \(internalTopics.changelog): \(restored)")

        // Downstream, read to the end, one event per event id.
        try await outputs.readToEnd()
        await outputs.close()
        #expect(outputs.malformed.isEmpty, "\(outputs.malformed.prefix(5))")
        #expect(outputs.deadLetters.isEmpty, "\(outputs.deadLetters.prefix(5))")
        func tally(_ type: EventType, by id: (CollectedEvent) throws -> String) rethrows -> [String: Int] {
            try outputs.events.filter { $0.type == type }.reduce(into: [:]) { tally, event in tally[try id(event), default: 0] += 1 }
        }
        let completed = try tally(.serviceOrderCompleted) { try $0.payload(OrderCompletion.self).orderId }
        #expect(Set(completed.keys) == Set(orders), "every order completed")
        #expect(completed.values.allSatisfy { $0 == 1 }, "each once, under one event id: \(completed.filter { $0.value != 1 })")
        #expect(outputs.events.filter { $0.type == .serviceOrderCompleted }.allSatisfy { event in event.key != nil && (try? event.payload(OrderCompletion.self).orderId) == event.key }, "keyed by the order id")
        for (type, name) in [(EventType.serviceOrderAccepted, "accepted"), (.serviceOrderLegCompleted, "leg completed")] {
            let orderIds = try tally(type) { event in
                try type == .serviceOrderAccepted ? event.payload(OrderAcceptance.self).orderId : event.payload(LegCompletion.self).orderId
            }
            #expect(Set(orderIds.keys) == Set(orders) && orderIds.values.allSatisfy { $0 == 1 }, "every order \(name) once: \(orderIds.filter { $0.value != 1 })")
        }
        let created = try tally(.workOrderCreate) { try $0.payload(WorkOrder.self).id }
        #expect(Set(created.keys) == Set(workOrders) && created.values.allSatisfy { $0 == 1 }, "every work order dispatched once, with its id: \(created.filter { $0.value != 1 })")
        let evaluated = try tally(.testReportEvaluated) { try $0.payload(TestReportEvaluation.self).reportId }
        #expect(evaluated.count == 2 * orders.count && evaluated.values.allSatisfy { $0 == 1 }, "every test report evaluated once: \(evaluated.filter { $0.value != 1 })")
        let circuits = try tally(.circuitUpdate) { try $0.payload(Circuit.self).id }
        #expect(circuits == Dictionary(uniqueKeysWithValues: orders.map { ("CKT-\($0)", 1) }), "one circuit per order, its id made from the order's")

        // What went through the repartition topic: version 1 records of the version 1 orders only.
        let forwarded = try await EventCollector(bootstrap: fixture.cluster.bootstrapServers, topics: [repartition])
        try await forwarded.readToEnd()
        await forwarded.close()
        let version1WorkOrders = Set(orders.indices.filter(version1).map { workOrders[$0] })
        #expect(!forwarded.events.isEmpty, "version 1 records met their order's task through \(repartition)")
        #expect(forwarded.events.allSatisfy { $0.key.map(version1WorkOrders.contains) == true }, "\(Set(forwarded.events.compactMap(\.key)).subtracting(version1WorkOrders))")
        print(
            "provisioning scale-out test: instance a SIGKILLed with \(configuredAtKill)/\(orders.count) work orders configured (\(heldTasks)); c: \(joined); records restored per task opening: \(restored); \(forwarded.events.count) records routed"
        )
        await fixture.close()
    }
}
