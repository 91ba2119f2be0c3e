import Foundation
import OnePointKafka
import OnePointState
import OnePointTestSupport
import Testing

@testable import OnePointRuntime

/// docs/architecture.md: "an apply that throws anything but `InputRejection` is retried with
/// exponential backoff (100 ms doubling, at most 4 attempts by default …), then dead-lettered as
/// `exhausted-retries`".
@Suite("Retries: exponential backoff with the default settings")
struct RetryBackoffTests {
    static func defaults() -> RuntimeConfiguration {
        RuntimeConfiguration(
            name: "backoff", groupID: "backoff", inputTopics: ["in"], deadLetterTopic: "dlq", kafka: KafkaClientConfiguration(bootstrapServers: "127.0.0.1:1"),
            statePath: "/nonexistent")
    }

    @Test("the defaults: 4 attempts, 100 ms before the second, doubling, never above 5 s")
    func defaultSchedule() {
        let configuration = Self.defaults()
        #expect(configuration.maxAttempts == 4)
        #expect((2...4).map(configuration.delay(beforeAttempt:)) == [.milliseconds(100), .milliseconds(200), .milliseconds(400)])
        // Doubling stops at maxRetryDelay (5 s): 100 ms × 2⁶ = 6.4 s is capped.
        #expect((5...9).map(configuration.delay(beforeAttempt:)) == [.milliseconds(800), .milliseconds(1600), .milliseconds(3200), .seconds(5), .seconds(5)])
        var slow = configuration
        slow.retryDelay = .seconds(8)
        #expect(slow.delay(beforeAttempt: 2) == .seconds(5), "a first delay above the cap is capped too")
    }

    @Test("the runtime spaces its attempts by the backoff: one input dead-lettered after 4 attempts, one applied after a backoff")
    func runtimeSpacing() async throws {
        let harness = try LedgerHarness()
        let (recovering, failing) = (uniqueName("recovers"), uniqueName("fails"))
        var configuration = harness.configuration()
        let defaults = Self.defaults()
        configuration.retryDelay = defaults.retryDelay
        configuration.maxRetryDelay = defaults.maxRetryDelay
        configuration.maxAttempts = defaults.maxAttempts
        try await harness.send([
            harness.json(#"{"type":"fail","id":"\#(failing)","times":99}"#, key: "R", id: failing),
            harness.json(#"{"type":"fail","id":"\#(recovering)","times":2}"#, key: "R", id: recovering),
        ])
        try await harness.run(clock: SystemWorkerClock(), configuration: configuration) { _ in
            let letters = try await readAll(harness.cluster, topic: harness.deadLetters, timeout: .seconds(90)) { $0.count >= 1 }
            #expect(letters.first?.headers.string("onepoint.error.kind") == "exhausted-retries")
            #expect(letters.first?.headers.string("onepoint.error.attempts") == "4")
            #expect(letters.first?.headers.string("eventId") == failing)
            _ = try await harness.outputs(atLeast: 1)
        }
        let outputs = try await readToEnd(harness.cluster, topic: harness.output)
        #expect(outputs.count == 1 && outputs.first?.headers.string("eventId") != nil, "the recovering input applied once")
        let instants = LedgerLogic.attemptInstants.withLock { $0 }
        // The fast path's try is the first attempt (the careful path does not apply it again at
        // once): exactly 4 applies. Each wait before attempt k is at least
        // delay(beforeAttempt: k): a lower bound, a loaded machine may wait longer.
        let failed = try #require(instants[failing], "\(failing) was attempted")
        #expect(failed.count == 4, "\(failed.count) applies")
        let gaps = zip(failed.dropFirst(), failed).map { $0 - $1 }
        for (gap, expected) in zip(gaps, (2...4).map(defaults.delay(beforeAttempt:))) {
            #expect(gap >= expected, "\(gap) between attempts, the backoff is \(expected)")
        }
        let recovered = try #require(instants[recovering], "\(recovering) was attempted")
        let last = try #require(recovered.suffix(2).first.map { recovered[recovered.count - 1] - $0 })
        #expect(last >= defaults.delay(beforeAttempt: 2), "applied after a backoff of \(last)")
    }
}
