import Foundation
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointKafka
import OnePointReporting
import OnePointTestSupport
import Testing

/// Several real `onepoint-reporting` processes with per-partition tasks (issue 15): facts arrive
/// keyed by their orders on every partition and meet in task 0 through the repartition topic,
/// which drafts every unit's report when the month ends, while an instance is SIGKILLed and
/// another joins with an empty folder.
@Suite("Reporting worker scaled out (real processes, embedded cluster)", .serialized)
struct ScaleOutProcessTests {
    @Test("two instances, one SIGKILLed while facts arrive, a third with an empty folder, then the month ends: every unit's report drafted once, every fact counted once")
    func instances() async throws {
        // Real speed from a minute before November ends, the same clock for every instance.
        let fixture = try WorkerProcessFixture(.reporting, configDirectory: configDirectory, clockStart: at("2026-11-30T23:59:00+08:00"))
        try fixture.createInternalTopics()
        // Guangzhou: 98 of 100 orders on time (6 points); Shenzhen: 95 of 100 acceptances (15).
        let inputs = try CrashTests.facts(fixture)
        #expect(Set(inputs.map { KafkaPartitioner.partition(forKey: $0.key, among: Int32(fixture.partitions)) }).count == fixture.partitions)
        let outputs = try await EventCollector(bootstrap: fixture.cluster.bootstrapServers, topics: [Topic.reports.defaultName, Topic.deadLetters.defaultName])

        let a = try fixture.startTasks(stateDirectory: try fixture.newStateDirectory())
        let b = try fixture.startTasks(stateDirectory: try fixture.newStateDirectory())
        #expect(await fixture.waitForTasks(sharedBy: [a, b]), "\(a.output.suffix(1000))\n\(b.output.suffix(1000))")
        // The instance holding task 0 (every report) is the one killed: task 0 moves.
        let (holder, other) = a.currentTasks.contains(ReportingLogic.holdingTask) ? (a, b) : (b, a)
        // Each half twice: the second copy has the same event ids (a producer's retry).
        let half = Array(inputs[..<(inputs.count / 2)])
        try await fixture.send(half + half)
        let seed = UInt64.random(in: 1...UInt64.max)
        var random = SeededGenerator(seed: seed)
        let delay = Int(random.next() % 350) + 50
        try await Task.sleep(for: .milliseconds(delay))
        #expect(holder.kill9(), "the instance holding task 0 is SIGKILLed while facts arrive")
        print("reporting scale-out test: seed \(seed), SIGKILL after \(delay) ms")
        let rest = Array(inputs[(inputs.count / 2)...])
        try await fixture.send(rest + rest)
        let c = try fixture.startTasks(stateDirectory: try fixture.newStateDirectory())
        #expect(await c.waitForLog("assigned", timeout: .seconds(90)), "\(c.output.suffix(2000))")

        // The month ends on the workers' clock; whichever instance runs task 0 then drafts.
        func reports() throws -> [MonthlyReport] { try outputs.all(.monthlyReport, as: MonthlyReport.self).filter { $0.month == "2026-11" } }
        func detail(_ unit: UnitID, _ part: AssessmentPart) throws -> String? {
            try reports().last { $0.unit == unit }?.scorecard.parts.first { $0.part == part }?.detail
        }
        try await outputs.wait("every unit's November report, counting every fact", timeout: .seconds(150)) { _ in
            try Set(reports().map(\.unit)).count == 15 && detail("GD-GZ", .provisioningOnTime) == "98 of 100 (98.0 %)"
                && detail("GD-SZ", .acceptancePass) == "95 of 100 (95.0 %)"
        }
        #expect(other.currentTasks.contains(ReportingLogic.holdingTask) || c.currentTasks.contains(ReportingLogic.holdingTask), "task 0 moved")
        for worker in [other, c] { #expect(await worker.stop() == 0, "SIGTERM exits 0: \(worker.output.suffix(1500))") }
        try await outputs.readToEnd()

        // Once per event id (the collector drops a redelivery): one draft (revision 1) per unit,
        // and no revision emitted under two event ids; the last report of each unit counts every
        // fact once.
        let november = try reports()
        var revisions: [String: Int] = [:]
        for report in november { revisions["\(report.unit) r\(report.revision ?? 0) \(report.status?.rawValue ?? "")", default: 0] += 1 }
        #expect(revisions.values.allSatisfy { $0 == 1 }, "one event per unit and revision: \(revisions.filter { $0.value > 1 }) (seed \(seed))")
        #expect(november.filter { $0.revision == 1 }.count == 15, "every unit's draft once (seed \(seed))")
        let gz = try #require(november.last { $0.unit == "GD-GZ" })
        #expect(gz.scorecard[.provisioningOnTime] == 6 && gz.provisioning == .init(met: 98, total: 100))
        let sz = try #require(november.last { $0.unit == "GD-SZ" })
        #expect(sz.scorecard[.acceptancePass] == 15 && sz.acceptance == .init(met: 95, total: 100))
        let gd = try #require(november.last { $0.unit == "GD" })
        #expect(gd.descendants?.first { $0.unit == "GD-GZ" }?.total == gz.scorecard.total, "the province's table has Guangzhou's last figure")
        #expect(outputs.deadLetters.isEmpty, "\(outputs.deadLetters)")
        #expect(outputs.malformed.isEmpty)
        await outputs.close()
        await fixture.close()
    }
}
