import Foundation
import OnePointKafka
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("The embedded cluster and signals")
struct EmbeddedClusterSignalTests {
    #if canImport(Glibc)
    @Test("a signal with a handler, sent to the mock cluster's own thread, leaves its brokers serving, even when a thread blocking no signal started it")
    func signalToMockThread() async throws {
        // A handler for SIGUSR2 (OnePoint uses none), so that delivering it interrupts the system
        // call the receiving thread is in, as SIGINT and SIGTERM do in `onepoint dev`.
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&action.sa_mask)
        #expect(sigaction(SIGUSR2, &action, nil) == 0)

        let topic = uniqueName("signals")
        let before = Self.mockThreads()
        // A process's main thread blocks no signal; the concurrency pool's threads block most.
        let cluster = try await Self.onThreadBlockingNoSignal {
            try EmbeddedKafkaCluster(brokers: 1, topics: [KafkaTopicSpec(name: topic, partitions: 1)], logger: testLogger)
        }
        // Other tests may start clusters meanwhile: each new mock thread gets the signal.
        let started = Self.mockThreads().subtracting(before)
        #expect(!started.isEmpty, "no new rdk:mock thread found in /proc/self/task")
        let tgkill = try #require(Self.tgkill, "glibc's tgkill")
        for thread in started { #expect(tgkill(getpid(), thread, SIGUSR2) == 0, "signalling thread \(thread)") }

        var configuration = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.messageTimeout = .seconds(20)  // a stopped cluster fails the delivery, not the suite's time
        let producer = try KafkaProducer(configuration: configuration, logger: testLogger)
        let results = await producer.send([KafkaProducerRecord(topic: topic, key: nil as [UInt8]?, value: bytes("after the signal"))])
        #expect(results.allSatisfy { (try? $0.get()) != nil }, "delivery after the signal: \(results)")
        let consumer = try await assignedConsumer(cluster, topic: topic)
        let messages = try await drain(consumer, count: 1, timeout: .seconds(20))
        #expect(messages.map { text($0.value) } == ["after the signal"])
        #expect(started.allSatisfy { FileManager.default.fileExists(atPath: "/proc/self/task/\($0)") }, "the mock cluster's thread ended")
        await consumer.close()
        await producer.close()
    }

    /// glibc's `tgkill` (a signal to one thread of a process), which its Swift module does not
    /// declare.
    static let tgkill: (@convention(c) (pid_t, pid_t, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "tgkill") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (pid_t, pid_t, Int32) -> Int32).self)
    }()

    /// The ids of this process's threads named `rdk:mock` (librdkafka's mock cluster threads).
    static func mockThreads() -> Set<Int32> {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return Set(tasks.compactMap { task -> Int32? in
            let name = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)
            return name?.trimmingCharacters(in: .whitespacesAndNewlines) == "rdk:mock" ? Int32(task) : nil
        })
    }

    /// Runs `body` on a new thread whose signal mask is empty, and returns its result.
    static func onThreadBlockingNoSignal<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                var none = sigset_t()
                sigemptyset(&none)
                pthread_sigmask(SIG_SETMASK, &none, nil)
                continuation.resume(with: Result { try body() })
            }
            thread.start()
        }
    }
    #endif
}
