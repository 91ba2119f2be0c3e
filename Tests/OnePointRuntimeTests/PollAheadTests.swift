import Dispatch
import OnePointKafka
import Synchronization
import Testing

@testable import OnePointRuntime

@Suite("The next batch's poll run ahead: rebalance callbacks wait for the loop")
struct PollAheadTests {
    static func record(_ offset: Int64) -> KafkaMessage {
        KafkaMessage(topic: "in", partition: 0, offset: offset, key: nil, value: Array("\(offset)".utf8))
    }

    @Test("a rebalance callback inside the poll run ahead waits until the loop has applied its batch and takes the records")
    func callbackWaitsForTake() async throws {
        let ahead = PollAhead()
        let journal = Journal()
        ahead.start {
            // What librdkafka does when the poll serves a rebalance: the callback runs on the
            // consumer's thread, inside the poll, before the poll returns its records.
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().async {
                    ahead.waitUntilOpen()
                    journal.note("rebalance callback")
                    done.resume()
                }
            }
            return [Self.record(7)]
        }
        // The loop applies its batch meanwhile (long enough for an ungated callback to run).
        try await Task.sleep(for: .milliseconds(300))
        journal.note("batch applied")
        let records = try await ahead.take()
        #expect(records.map(\.offset) == [7])
        #expect(journal.events.withLock { $0 } == ["batch applied", "rebalance callback"])
    }

    @Test("with no poll ahead, take returns nothing and callbacks pass; a second start keeps the first poll")
    func oneAtATime() async throws {
        let ahead = PollAhead()
        #expect(try await ahead.take().isEmpty)
        ahead.waitUntilOpen()
        ahead.start { [Self.record(1)] }
        ahead.start { [Self.record(2), Self.record(3)] }
        #expect(try await ahead.take().map(\.offset) == [1])
        #expect(try await ahead.take().isEmpty)
        ahead.waitUntilOpen()
    }

    @Test("a poll ahead that fails throws from take, and the gate is open after it")
    func failure() async throws {
        struct Broken: Error {}
        let ahead = PollAhead()
        ahead.start { throw Broken() }
        await #expect(throws: Broken.self) { try await ahead.take() }
        ahead.waitUntilOpen()
        ahead.start { [Self.record(4)] }
        await ahead.settle()
        #expect(try await ahead.take().isEmpty, "settle dropped the records and nothing is ahead")
        ahead.waitUntilOpen()
    }
}
