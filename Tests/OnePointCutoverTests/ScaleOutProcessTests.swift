import Foundation
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointKafka
import OnePointTestSupport
import Testing

/// Several real `onepoint-cutover` processes with per-partition tasks (issue 15): a cutover's
/// plans and feedback, keyed by its id on their topics, meet in its task whichever instance runs
/// it, while an instance is SIGKILLed and another joins with an empty folder.
@Suite("Cutover worker scaled out (real processes, embedded cluster)", .serialized)
struct ScaleOutProcessTests {
    @Test("two instances, one SIGKILLed mid-plans, a third with an empty folder: every cutover's notices sent once, every feedback meets its plan")
    func instances() async throws {
        let clockStart = at("2026-11-16T10:00:00+08:00")
        let fixture = try WorkerProcessFixture(.cutover, configDirectory: configDirectory, clockStart: clockStart)
        try fixture.createInternalTopics()
        try await fixture.send(try CrashTests.inventoryRecords(fixture))
        let plans = 60
        let (inputs, revised) = try CrashTests.plansAndRevisions(plans, fixture: fixture, clockStart: clockStart)
        let outputs = try await EventCollector(
            bootstrap: fixture.cluster.bootstrapServers, topics: [Topic.cutoverNotices.defaultName, Topic.deadLetters.defaultName])

        let a = try fixture.startTasks(stateDirectory: try fixture.newStateDirectory())
        let b = try fixture.startTasks(stateDirectory: try fixture.newStateDirectory())
        #expect(await fixture.waitForTasks(sharedBy: [a, b]), "\(a.output.suffix(1000))\n\(b.output.suffix(1000))")
        let killed = a.currentTasks
        let half = inputs.count / 2
        try await fixture.send(Array(inputs[..<half]))
        let seed = UInt64.random(in: 1...UInt64.max)
        var random = SeededGenerator(seed: seed)
        let delay = Int(random.next() % 350) + 50
        try await Task.sleep(for: .milliseconds(delay))
        #expect(a.kill9(), "a is SIGKILLed mid-plans")
        print("cutover scale-out test: seed \(seed), SIGKILL after \(delay) ms of the instance running tasks \(killed.sorted())")
        try await fixture.send(Array(inputs[half...]))
        let c = try fixture.startTasks(stateDirectory: try fixture.newStateDirectory())
        #expect(await c.waitForLog("assigned", timeout: .seconds(90)), "\(c.output.suffix(2000))")
        #expect(await fixture.waitForTasks(sharedBy: [b, c]), "the killed instance's tasks moved: \(c.output.suffix(1000))")

        let notices = (plans + revised) * 4
        try await outputs.wait("every notice and approval", timeout: .seconds(120)) { events in
            events.filter { $0.type == .cutoverNotice }.count >= notices && events.filter { $0.type == .cutoverApproved }.count >= plans + revised
        }
        // Then the Key customer disagrees with every fifth plan: feedback on its own topic, keyed
        // by the cutover id, meets the plan in whichever instance runs its task now.
        let disputed = (0..<plans).filter { $0 % 5 == 0 }.map { "CO-CRASH-\($0)" }
        try await fixture.send(try disputed.map { id in
            try fixture.record(
                .cutoverFeedback, CutoverFeedback(cutoverId: id, customerId: "C-K-0002", unit: "GD-SZ", answer: .disagree, receivedAt: clockStart),
                unit: "GD-SZ")
        })
        try await outputs.wait("every renegotiation", timeout: .seconds(60)) { events in
            try events.filter { $0.type == .cutoverStateChange }.map { try $0.payload(CutoverStatus.self) }.filter { $0.state == .renegotiating }.count >= disputed.count
        }
        for worker in [b, c] { #expect(await worker.stop() == 0, "SIGTERM exits 0: \(worker.output.suffix(1500))") }
        try await outputs.readToEnd()

        // Once per event id (the collector drops a redelivery): each notice id once, one approval
        // per plan and revision, one renegotiation per disagreement, nothing refused.
        let noticeIds = try outputs.all(.cutoverNotice, as: CutoverNotice.self).map(\.noticeId)
        #expect(noticeIds.count == notices && Set(noticeIds).count == notices, "every notice sent, none under two event ids (seed \(seed))")
        let approvals = try outputs.all(.cutoverApproved, as: CutoverDecision.self).map(\.cutoverId)
        #expect(Set(approvals).count == plans && approvals.count == plans + revised, "one approval per plan and revision (seed \(seed))")
        let renegotiations = try outputs.all(.cutoverStateChange, as: CutoverStatus.self).filter { $0.state == .renegotiating }.map(\.cutoverId)
        #expect(renegotiations.sorted() == disputed.sorted(), "each disagreement met its plan once (seed \(seed))")
        #expect(outputs.deadLetters.isEmpty, "\(outputs.deadLetters)")
        #expect(outputs.malformed.isEmpty)
        await outputs.close()
        await fixture.close()
    }
}
