import Foundation
import OnePointKafka
import OnePointRuntime
import OnePointTestSupport
import Testing

/// Partitions taken away and given back under load (issue 14, item 4): no input may be lost or
/// applied twice across a rebalance, whatever the poll it falls in.
@Suite("Worker runtime: a second member joining and leaving the group under load")
struct RebalanceTests {
    @Test("a consumer joins and leaves the worker's group 20 times while 3 000 inputs arrive: every input applied once, every output there")
    func joinAndLeave() async throws {
        let harness = try LedgerHarness()
        let accounts = (0..<30).map { "acct-\($0)" }
        let total = 3000
        try await harness.run(clock: SystemWorkerClock()) { _ in
            let sender = Task {
                for wave in 0..<30 {
                    try await harness.send((0..<(total / 30)).map { index in
                        let number = wave * (total / 30) + index
                        let account = accounts[number % accounts.count]
                        return harness.json(#"{"type":"add","account":"\#(account)","amount":1}"#, key: account, id: "in-\(number)")
                    })
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            var joinedWithPartitions = 0
            for _ in 0..<20 {
                // The intruder reads and applies nothing: whatever it is given is the worker's
                // again once it leaves, from the positions in the worker's state.
                let intruder = try KafkaConsumer(
                    configuration: .init(bootstrapServers: harness.cluster.bootstrapServers, groupID: "ledger"), logger: quietLogger)
                try intruder.subscribe([harness.input])
                let deadline = ContinuousClock.now + .seconds(10)
                while intruder.assignment.isEmpty, ContinuousClock.now < deadline {
                    _ = try await intruder.poll(maxMessages: 1, timeout: .milliseconds(50))
                }
                if !intruder.assignment.isEmpty { joinedWithPartitions += 1 }
                await intruder.close()
            }
            try await sender.value
            #expect(joinedWithPartitions > 0, "the intruder took partitions at least once")
            let outputs = try await harness.outputs(atLeast: total, timeout: .seconds(180))
            #expect(Set(outputs.compactMap { $0.headers.string("eventId") }).count == total)
        }
        let entries = try await harness.database().read { db in try Int.fetchAll(db, sql: "SELECT entries FROM ledger") }
        #expect(entries.reduce(0, +) == total, "every input applied exactly once")
        #expect(entries.count == accounts.count)
    }
}
