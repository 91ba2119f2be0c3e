import Crdkafka
import Dispatch
import Foundation
import Synchronization

/// A dedicated thread that serves a client's main queue (`rd_kafka_poll`) so delivery reports,
/// logs, errors and statistics are handled as soon as they arrive, without a task blocking the
/// cooperative thread pool and without a fixed sleep.
final class PollLoop: Sendable {
    private final class Flags: Sendable {
        let stopped = Atomic<Bool>(false)
        let exited = DispatchSemaphore(value: 0)
    }

    private let client: RDKafkaClient
    private let flags = Flags()

    init(client: RDKafkaClient, name: String) {
        self.client = client
        let thread = Thread { [client, flags] in
            while !flags.stopped.load(ordering: .acquiring) {
                rd_kafka_poll(client.handle, 100)
            }
            flags.exited.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Stops the thread and waits for it to leave its last poll (at once: the poll is woken).
    func stop() {
        guard !flags.stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        if let queue = rd_kafka_queue_get_main(client.handle) {
            rd_kafka_queue_yield(queue)
            rd_kafka_queue_destroy(queue)
        }
        flags.exited.wait()
    }
}

/// Runs blocking librdkafka calls (flush, commit, metadata, admin requests) off the cooperative
/// thread pool.
enum Blocking {
    private static let queue = DispatchQueue(label: "onepoint.kafka.blocking", attributes: .concurrent)

    static func run<T: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let result: Result<T, E> = await withUnsafeContinuation { continuation in
            queue.async {
                do throws(E) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
