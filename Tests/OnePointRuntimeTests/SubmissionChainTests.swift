import Synchronization
import Testing

@testable import OnePointRuntime

@Suite("Outputs handed to the producer behind the loop: in order, one batch at a time")
struct SubmissionChainTests {
    @Test("start returns while its submission is still under way, and drain waits for it")
    func behindTheCaller() async {
        let chain = SubmissionChain()
        let gate = AsyncStream.makeStream(of: Void.self)
        let journal = Journal()
        await chain.start {
            // Held until the test opens the gate, which it does only once start has returned
            // (bounded, so a start that waited for its submission fails instead of hanging).
            let opened = await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    for await _ in gate.stream { return true }
                    return false
                }
                group.addTask {
                    try? await Task.sleep(for: .seconds(5))
                    return false
                }
                let first = await group.next() ?? false
                group.cancelAll()
                return first
            }
            journal.note(opened ? "submitted after the gate opened" : "submitted without the gate")
        }
        #expect(!chain.isIdle)
        journal.note("start returned")
        gate.continuation.yield()
        await chain.drain()
        #expect(chain.isIdle)
        #expect(journal.events.withLock { $0 } == ["start returned", "submitted after the gate opened"])
    }

    @Test("submissions keep the order they were started in and never overlap, however long each takes")
    func order() async {
        let chain = SubmissionChain()
        let journal = Journal()
        for batch in 0..<12 {
            await chain.start {
                journal.note("begin \(batch)")
                // Earlier batches take longer: a chain that let them overlap would finish them out of order.
                try? await Task.sleep(for: .milliseconds(12 - batch))
                journal.note("end \(batch)")
            }
        }
        await chain.drain()
        let expected = (0..<12).flatMap { ["begin \($0)", "end \($0)"] }
        #expect(journal.events.withLock { $0 } == expected)
        #expect(chain.isIdle)
    }

    @Test("drain with nothing started returns at once")
    func idle() async {
        let chain = SubmissionChain()
        #expect(chain.isIdle)
        await chain.drain()
        #expect(chain.isIdle)
    }
}
