import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointKafka
import OnePointProvisioning
import OnePointRuntime
import OnePointState
import OnePointTestSupport
import Testing

/// Issue 15: every input about one order is keyed by the order id (schema version 2 of the
/// units' progress and test reports), so that an order's records land on one partition number
/// of each input topic and meet in one task; version 1 records, keyed by the work-order id, are
/// still applied by a single-task worker as before.
@Suite("Provisioning: inputs keyed by the order id")
struct OrderKeyTests {
    /// A Gold order with one access point in Guangzhou: one work order, `<id>/GD-GZ`.
    static func submit(_ id: String, _ harness: ProvisioningHarness) async throws {
        try await harness.send(
            .serviceOrderCreate, try Fixtures.order(id, level: .gold, points: ["GD-GZ"], initiator: "GD-GZ", at: harness.clock.now()), from: "GD-GZ")
    }

    @Test("the order-keyed inputs have one partition count and every event on them is keyed by the order id")
    func coPartitionedCatalogue() throws {
        let counts = Set(ProvisioningLogic.orderKeyedInputs.map(\.defaultPartitions))
        #expect(counts == [6], "\(ProvisioningLogic.orderKeyedInputs.map { "\($0): \($0.defaultPartitions)" })")
        // Every provisioning input topic splits the same way, so every task takes a share of each.
        let inputs = WorkerKind.provisioning.inputs.filter { $0 != .inventory && $0 != .calendar }
        #expect(Set(inputs.map(\.defaultPartitions)) == [6])
        let onThem = EventType.allCases.filter { ProvisioningLogic.orderKeyedInputs.contains($0.topic) }
        #expect(onThem.count == 8, "\(onThem)")
        for type in onThem {
            #expect(type.keyDescription.hasPrefix("order id"), "\(type) is keyed by \(type.keyDescription)")
        }
        let now = cst("2026-11-23 09:00")
        let report = WorkOrderStageReport(workOrderId: "SO-K/GD-GZ", orderId: "SO-K", unit: "GD-GZ", stage: .engineering, at: now, reportedBy: "duty")
        let record = try EventRecord(
            EventEnvelope(.workOrderStageReport, event: report, eventTime: now, source: EventSource(unit: "GD-GZ", worker: "test")),
            topology: shippedConfiguration.topology)
        #expect(record.key == "SO-K")
        #expect(record.header(EventRecord.HeaderName.schemaVersion) == "2")
    }

    @Test("version 2 progress and test reports keyed by the order id are applied; one keyed otherwise, or naming another order's work order, is dead-lettered saying so")
    func version2Applied() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"))
        let id = "SO-V2-1"
        let other = "SO-V2-2"
        try await harness.run {
            try await Self.submit(id, harness)
            try await Self.submit(other, harness)
            try await harness.events(.workOrderCreate, as: WorkOrder.self, count: 2)
            // The harness sends what `onepoint order play` sends: version 2, keyed by the order id,
            // stage reports and acceptance on work-order-progress, the test report on test-reports.
            try await harness.completeLeg(id, "GD-GZ", scope: .local)
            let leg = try await harness.events(.serviceOrderLegCompleted, as: LegCompletion.self)[0]
            #expect(leg.workOrderId == "\(id)/GD-GZ")

            // Version 2 keyed by the work-order id, as version 1 was: refused, naming the key.
            let report = WorkOrderStageReport(
                workOrderId: "\(other)/GD-GZ", orderId: other, unit: "GD-GZ", stage: .engineering, at: harness.clock.now(), reportedBy: "duty")
            let envelope = EventEnvelope(.workOrderStageReport, event: report, eventTime: harness.clock.now(), source: EventSource(unit: "GD-GZ", worker: "test"))
            let misKeyed = try EventRecord(envelope, topology: harness.topology, key: "\(other)/GD-GZ")
            try await harness.sendRaw(topic: misKeyed.topic.defaultName, key: misKeyed.key, value: misKeyed.value, headers: misKeyed.headers)
            // Keyed by (and naming) order `id`, on the other order's work order.
            var crossed = report
            crossed.orderId = id
            try await harness.send(.workOrderStageReport, crossed, from: "GD-GZ")
            try await harness.wait("both refused") { _ in harness.deadLetterMessages.count == 2 }
            // The other order's right report is applied.
            try await harness.stage(other, "GD-GZ", .engineering)
            try await harness.waitStage(other, "GD-GZ", .engineering)
            try await harness.refresh()

            let letters = harness.deadLetterMessages
            #expect(letters.count == 2, "\(letters)")
            #expect(
                letters.contains {
                    $0 == "WorkOrderStageReportEvent version 2 on work order \(other)/GD-GZ is keyed '\(other)/GD-GZ', not by its order id '\(other)'; from version 2 the key is the order id, so that every input about the order reaches the partition (and task) holding it"
                }, "\(letters)")
            #expect(letters.contains { $0 == "work order \(other)/GD-GZ belongs to order \(other), not \(id)" }, "\(letters)")
            let verdicts = try harness.seen(.testReportEvaluated, as: TestReportEvaluation.self)
            #expect(verdicts.map(\.outcome) == [.passed])
            #expect(try harness.workOrders(of: id)["GD-GZ"]?.stage == .localCompletion)
        }
    }

    @Test("version 1 progress and test reports keyed by the work-order id, as older clients write them, are still applied")
    func version1Applied() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"))
        let id = "SO-V1-1"
        let workOrder = "\(id)/GD-GZ"
        try await harness.run {
            try await Self.submit(id, harness)
            try await harness.events(.workOrderCreate, as: WorkOrder.self)
            func stage(_ stage: WorkOrderStage) async throws {
                let report = WorkOrderStageReport(workOrderId: workOrder, orderId: id, unit: "GD-GZ", stage: stage, at: harness.clock.now(), reportedBy: "duty")
                try await harness.sendVersion1(.workOrderStageReport, report, key: workOrder, from: "GD-GZ")
            }
            try await stage(.engineering)
            let inspection = WorkOrderAcceptance(
                workOrderId: workOrder, orderId: id, unit: "GD-GZ", stage: .inProgressInspection, passed: true, at: harness.clock.now(), inspector: "质检")
            try await harness.sendVersion1(.workOrderAcceptanceResult, inspection, key: workOrder, from: "GD-GZ")
            let configuration = WorkOrderDataConfiguration(
                workOrderId: workOrder, orderId: id, unit: "GD-GZ", noticeAt: harness.clock.now().addingTimeInterval(-600), startedAt: harness.clock.now(),
                reportedBy: "duty")
            try await harness.sendVersion1(.workOrderDataConfigurationStarted, configuration, key: workOrder, from: "GD-GZ")
            try await stage(.configurationActivation)
            try await harness.waitStage(id, "GD-GZ", .configurationActivation)
            let test = ServiceTestReport(
                reportId: "TR-V1", workOrderId: workOrder, orderId: id, unit: "GD-GZ", stage: .local,
                test: Fixtures.test(scope: .local, at: harness.clock.now()), filedAt: harness.clock.now())
            try await harness.sendVersion1(.testReportCreate, test, key: workOrder, from: "GD-GZ")
            try await harness.waitStage(id, "GD-GZ", .localTest)
            try await stage(.localCompletion)
            let leg = try await harness.events(.serviceOrderLegCompleted, as: LegCompletion.self)[0]
            #expect(leg.workOrderId == workOrder)
            // A version 1 record on a work order nobody dispatched: refused as before.
            let stray = WorkOrderStageReport(
                workOrderId: "SO-NOBODY/GD-GZ", orderId: "SO-NOBODY", unit: "GD-GZ", stage: .engineering, at: harness.clock.now(), reportedBy: "duty")
            try await harness.sendVersion1(.workOrderStageReport, stray, key: stray.workOrderId, from: "GD-GZ")
            try await harness.wait("the stray report refused") { _ in harness.deadLetterMessages.count == 1 }
            try await harness.refresh()

            #expect(try harness.seen(.testReportEvaluated, as: TestReportEvaluation.self).map(\.outcome) == [.passed])
            let facts = try harness.seen(.assessmentRecord, as: AssessmentRecord.self)
            #expect(facts.filter { $0.part == .dataConfiguration }.map(\.overrunMinutes) == [0])
            #expect(
                harness.deadLetterMessages == [
                    "work order SO-NOBODY/GD-GZ is not known to the provisioning worker"
                ])
        }
    }

    @Test("a task per partition: version 1 progress and test reports, keyed by the work-order id, are routed to the order's task through the repartition topic, and the order completes there")
    func version1RoutedWithTasks() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"), tasks: .perPartition)
        let repartition = try #require(ProvisioningHarness.repartitionTopic)
        #expect(repartition == "onepoint.provisioning.repartition")
        let partitions = Int32(Topic.workOrderProgress.defaultPartitions)
        func partition(_ key: String) -> Int32 { KafkaPartitioner.partition(forKey: key, among: partitions) }
        // Two orders whose work order's id lands on another partition (another task) than the
        // order id: every version 1 record of theirs is read by a task that does not hold them.
        let ids = Array((1...50).map { "SO-V1-TASK-\($0)" }.filter { partition($0) != partition("\($0)/GD-GZ") }.prefix(2))
        try #require(ids.count == 2)
        try await harness.run {
            for id in ids { try await Self.submit(id, harness) }
            try await harness.events(.workOrderCreate, as: WorkOrder.self, count: ids.count)
            func stage(_ id: String, _ stage: WorkOrderStage) async throws {
                let report = WorkOrderStageReport(workOrderId: "\(id)/GD-GZ", orderId: id, unit: "GD-GZ", stage: stage, at: harness.clock.now(), reportedBy: "duty")
                try await harness.sendVersion1(.workOrderStageReport, report, key: report.workOrderId, from: "GD-GZ")
            }
            func accept(_ id: String, _ stage: WorkOrderStage) async throws {
                let result = WorkOrderAcceptance(
                    workOrderId: "\(id)/GD-GZ", orderId: id, unit: "GD-GZ", stage: stage, passed: true, at: harness.clock.now(), inspector: "质检")
                try await harness.sendVersion1(.workOrderAcceptanceResult, result, key: result.workOrderId, from: "GD-GZ")
            }
            func file(_ id: String, _ stage: ServiceTestReport.Stage) async throws {
                let report = ServiceTestReport(
                    reportId: "TR-\(id)-\(stage)", workOrderId: "\(id)/GD-GZ", orderId: id, unit: "GD-GZ", stage: stage,
                    test: Fixtures.test(scope: .local, at: harness.clock.now()), filedAt: harness.clock.now())
                try await harness.sendVersion1(.testReportCreate, report, key: report.workOrderId, from: "GD-GZ")
                try await harness.wait("the verdict on \(report.reportId)") { outputs in
                    outputs.contains { $0.type == .testReportEvaluated && (try? $0.event(TestReportEvaluation.self).reportId) == report.reportId }
                }
            }
            for id in ids {
                // Each step waits for the one before where they travel on different topics.
                try await stage(id, .engineering)
                try await accept(id, .inProgressInspection)
                try await stage(id, .configurationActivation)
                try await harness.waitStage(id, "GD-GZ", .configurationActivation)
                try await file(id, .local)
                try await stage(id, .localCompletion)
                try await harness.waitStage(id, "GD-GZ", .localCompletion)
                try await file(id, .endToEnd)
                try await stage(id, .endToEndCompletion)
                for step in [WorkOrderStage.preliminaryAcceptance, .trialOperation, .finalAcceptance] { try await accept(id, step) }
            }
            try await harness.events(.serviceOrderCompleted, as: OrderCompletion.self, count: ids.count)
            try await harness.refresh()
            let done = try harness.seen(.serviceOrderCompleted, as: OrderCompletion.self)
            #expect(Set(done.map(\.orderId)) == Set(ids) && done.count == ids.count, "each order completed once: \(done.map(\.orderId))")
            #expect(harness.deadLetterMessages.isEmpty, "\(harness.deadLetterMessages)")
            #expect(try harness.seen(.testReportEvaluated, as: TestReportEvaluation.self).map(\.outcome) == Array(repeating: .passed, count: 2 * ids.count))
            #expect(harness.distinct(harness.outputs, .serviceOrderCompleted).map(\.key).sorted() == ids.sorted(), "keyed by the order id")
        }
        // The order is held by the task of its id's partition, which read its progress from the
        // repartition topic; the task of the work-order id's partition holds nothing of it.
        var holders: [String: [Int32]] = [:]
        for (task, path) in harness.taskStorePaths() {
            let (orders, positions) = try await StateProbe.open(path).read { db in
                (try String.fetchAll(db, sql: "SELECT order_id FROM prov_orders"), try StateTables.positions(db))
            }
            for order in orders { holders[order, default: []].append(task) }
            for order in orders where ids.contains(order) {
                #expect(task == partition(order), "\(order) is held by task \(task), not its partition's")
                #expect((positions[repartition]?[task] ?? 0) > 0, "task \(task) read the progress forwarded to it")
            }
        }
        #expect(holders.filter { ids.contains($0.key) }.mapValues(\.count) == Dictionary(uniqueKeysWithValues: ids.map { ($0, 1) }), "each order in one task: \(holders)")
    }

    @Test("a task per partition: each order, its progress and its test reports meet in the one task of their partition; work-order ids keep their format")
    func taskPerPartition() async throws {
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"), tasks: .perPartition)
        let ids = (1...6).map { "SO-TASK-\($0)" }
        try await harness.run {
            for id in ids { try await Self.submit(id, harness) }
            try await harness.events(.workOrderCreate, as: WorkOrder.self, count: ids.count)
            for id in ids { try await harness.completeLeg(id, "GD-GZ", scope: .local) }
            try await harness.events(.serviceOrderLegCompleted, as: LegCompletion.self, count: ids.count)
            try await harness.refresh()
            #expect(harness.deadLetterMessages.isEmpty, "\(harness.deadLetterMessages)")
            #expect(try harness.seen(.testReportEvaluated, as: TestReportEvaluation.self).map(\.outcome) == Array(repeating: .passed, count: ids.count))
        }
        // Each task's store: its orders, their work orders and the partitions it read.
        var holder: [String: Int32] = [:]
        for (task, path) in harness.taskStorePaths() {
            let (orders, workOrders, positions) = try await StateProbe.open(path).read { db in
                (
                    try String.fetchAll(db, sql: "SELECT order_id FROM prov_orders"),
                    try Row.fetchAll(db, sql: "SELECT work_order_id, order_id FROM prov_work_orders").map { [$0[0] as String, $0[1] as String] },
                    try StateTables.positions(db)
                )
            }
            for order in orders {
                #expect(holder[order] == nil, "\(order) is held by tasks \(holder[order] ?? -1) and \(task)")
                holder[order] = task
            }
            #expect(workOrders.allSatisfy { $0[0] == "\($0[1])/GD-GZ" && orders.contains($0[1]) }, "task \(task): \(workOrders)")
            // Task n reads partition n of every input topic, and nothing else (the global topics,
            // the inventory and the calendar, it reads whole).
            let global = Set([Topic.inventory, .calendar].map(\.defaultName))
            for (topic, partitions) in positions where !global.contains(topic) {
                #expect(Set(partitions.keys).isSubset(of: [task]), "task \(task) read \(topic) partitions \(partitions.keys.sorted())")
            }
            if !orders.isEmpty {
                let read = Set(positions.filter { $0.value[task] != nil }.keys)
                for topic in [Topic.serviceOrders, .workOrderProgress, .testReports] {
                    #expect(read.contains(topic.defaultName), "task \(task) holds \(orders) but read nothing of \(topic)")
                }
            }
        }
        #expect(Set(holder.keys) == Set(ids), "every order held by one task: \(holder)")
        #expect(Set(holder.values).count >= 2, "six orders over six partitions fall in more than one task: \(holder)")
    }
}
