import Logging
import OnePointKafka
import Synchronization

/// The worker's producer, replaced by a new one after a fatal error: an idempotent producer that
/// lost its sequence never sends again, while the outbox still holds every undelivered output
/// with its event id, so a fresh producer can deliver them (downstream drops the duplicates).
final class OutputProducer: Sendable {
    private let configuration: KafkaProducerConfiguration
    private let logger: Logger
    private let current: Mutex<KafkaProducer>

    init(configuration: KafkaProducerConfiguration, logger: Logger) throws(KafkaError) {
        self.configuration = configuration
        self.logger = logger
        current = Mutex(try KafkaProducer(configuration: configuration, logger: logger))
    }

    /// The producer to send with now.
    var producer: KafkaProducer { current.withLock { $0 } }

    /// Replaces the producer; the old one is closed without waiting (it cannot deliver).
    func replace() async throws(KafkaError) {
        let fresh = try KafkaProducer(configuration: configuration, logger: logger)
        let old = current.withLock { producer in
            defer { producer = fresh }
            return producer
        }
        await old.close(timeout: .zero)
    }

    func close() async {
        await producer.close()
    }
}
