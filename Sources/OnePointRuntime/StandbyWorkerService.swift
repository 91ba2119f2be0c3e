import Logging
import OnePointContracts
import OnePointKafka
import ServiceLifecycle

/// A worker with no decisions yet: it joins its consumer group on its input topics and holds its
/// partitions, so `onepoint dev` and the deployment can be exercised end to end before the
/// worker's logic lands. It reads nothing and commits nothing, so no input is skipped for the
/// real worker that replaces it.
public struct StandbyWorkerService: Service {
    private let settings: WorkerSettings
    private let readiness: Readiness
    private let logger: Logger

    public init(settings: WorkerSettings, readiness: Readiness, logger: Logger) {
        self.settings = settings
        self.readiness = readiness
        self.logger = logger
    }

    public func run() async throws {
        var configuration = KafkaConsumerConfiguration(client: settings.kafka, groupID: settings.worker.consumerGroup)
        configuration.commitStoredOffsets = false
        let readiness = self.readiness
        let inputs = settings.worker.inputs.map { settings.name(of: $0) }
        let consumer = try KafkaConsumer(
            configuration: configuration,
            rebalance: KafkaRebalanceHandler(
                onAssign: { partitions in
                    readiness.markReady()
                    // Hold the partitions without reading: pause each from its committed position.
                    return Dictionary(uniqueKeysWithValues: partitions.map { ($0, KafkaOffset.committed) })
                },
                onRevoke: { _ in readiness.markNotReady("partitions revoked, waiting for a new assignment") }),
            logger: logger)
        readiness.markNotReady("joining consumer group \(settings.worker.consumerGroup)")
        try consumer.subscribe(inputs)
        logger.info("standby: holding \(inputs.joined(separator: ", ")) until this worker's logic is installed")
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let assigned = Array(consumer.assignment)
                    if !assigned.isEmpty { try consumer.pause(assigned) }
                    _ = try await consumer.poll(maxMessages: 1, timeout: .milliseconds(500))
                } catch {
                    logger.error("standby consumer: \(error)")
                    return
                }
            }
        }
        await consumer.close()
    }
}
