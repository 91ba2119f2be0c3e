import OnePointKafka
import Testing

@testable import OnePointRuntime

@Suite("When an unreachable cluster turns a worker unready, and how often it is logged")
struct ReachabilityTrackerTests {
    let start = ContinuousClock.now
    let failure = KafkaError(code: .transport, message: "Local: Broker transport failure")

    /// Probes every second (each taking 1 s to fail), from `start`; the events, one per probe.
    func probe(_ tracker: inout ReachabilityTracker, failing: Bool, second: Int) -> ReachabilityTracker.Event? {
        tracker.record(failure: failing ? failure : nil, started: start + .seconds(second - 1), now: start + .seconds(second))
    }

    @Test("unready after unreachableAfter counted from the first unanswered probe, one log per interval, a line when back")
    func outage() {
        var tracker = ReachabilityTracker(unreachableAfter: .seconds(3))
        #expect(probe(&tracker, failing: false, second: 1) == nil)
        // Down from the probe started at second 1.
        var logged: [Int] = []
        var unready: [Int] = []
        for second in 2...10 {
            if case .unreachable(let duration, _, let log) = probe(&tracker, failing: true, second: second) {
                unready.append(second)
                #expect(duration == .seconds(second - 1))
                if log { logged.append(second) }
            }
        }
        #expect(unready == Array(4...10))
        #expect(logged == [4, 7, 10])
        guard case .reachableAgain(let after) = probe(&tracker, failing: false, second: 11) else {
            Issue.record("no line when the cluster answers again")
            return
        }
        #expect(after == .seconds(10))
        #expect(probe(&tracker, failing: false, second: 12) == nil)
    }

    @Test("a short outage, under unreachableAfter, says nothing")
    func shortOutage() {
        var tracker = ReachabilityTracker(unreachableAfter: .seconds(3))
        #expect(probe(&tracker, failing: true, second: 1) == nil)
        #expect(probe(&tracker, failing: true, second: 2) == nil)
        #expect(probe(&tracker, failing: false, second: 3) == nil)
        #expect(tracker.unreachableSince == nil)
    }
}
