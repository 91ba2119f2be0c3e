import Logging
import OnePointKafka
import ServiceLifecycle

/// Watches whether the worker's Kafka cluster answers, so that a worker whose cluster has gone
/// says so instead of retrying silently.
///
/// Every `probeInterval` it asks the cluster for the metadata of `probeTopic` through a client of
/// its own. Any answer from a broker (the topic's metadata, or even "unknown topic") means the
/// cluster is reachable; no answer in time (timed out, transport failure, all brokers down) means
/// it is not. Once it has been unreachable for `unreachableAfter`, the worker turns unready
/// (`/ready` answers 503 with the reason) and one line is logged; then one more line for each
/// further `unreachableAfter` it stays so. When the cluster answers again the worker's own
/// readiness applies again and a line says so.
public struct ClusterReachabilityMonitor: Service {
    private let kafka: KafkaClientConfiguration
    private let probeTopic: String
    private let unreachableAfter: Duration
    private let probeInterval: Duration
    private let readiness: Readiness
    private let logger: Logger

    /// - Parameters:
    ///   - kafka: the worker's cluster.
    ///   - probeTopic: a topic whose metadata is asked for (the dead-letter topic: every OnePoint
    ///     cluster has it; a cluster without it still answers, which is all that is checked).
    ///   - unreachableAfter: how long the cluster may not answer before the worker turns unready.
    ///   - probeInterval: how often to ask; default: a fifth of `unreachableAfter`, from 200 ms to 5 s.
    public init(
        kafka: KafkaClientConfiguration, probeTopic: String, unreachableAfter: Duration, probeInterval: Duration? = nil,
        readiness: Readiness, logger: Logger
    ) {
        var kafka = kafka
        kafka.clientID += "-reachability"
        kafka.statisticsInterval = nil
        // Asking for a topic's metadata must never create it (a producer's default would).
        kafka.properties["allow.auto.create.topics"] = "false"
        self.kafka = kafka
        self.probeTopic = probeTopic
        self.unreachableAfter = unreachableAfter
        self.probeInterval = probeInterval ?? min(.seconds(5), max(.milliseconds(200), unreachableAfter / 5))
        self.readiness = readiness
        self.logger = logger
    }

    /// Probes until graceful shutdown. Never fails: a probe client that cannot be created is
    /// logged, and the worker runs on unwatched.
    public func run() async {
        var configuration = KafkaProducerConfiguration(client: kafka)
        configuration.idempotent = false
        // The probe client's own connection warnings would repeat what the worker's clients log;
        // this monitor logs the outcome once per interval instead.
        var quiet = logger
        quiet.logLevel = .critical
        let probe: KafkaProducer
        do {
            probe = try KafkaProducer(configuration: configuration, logger: quiet)
        } catch {
            logger.error("the cluster's reachability is not watched: \(error)")
            return
        }
        await cancelWhenGracefulShutdown {
            var tracker = ReachabilityTracker(unreachableAfter: unreachableAfter)
            while !Task.isCancelled {
                let started = ContinuousClock.now
                let failure = await probeOnce(probe)
                let event = tracker.record(failure: failure, started: started, now: .now)
                handle(event)
                let elapsed = ContinuousClock.now - started
                if elapsed < probeInterval {
                    try? await Task.sleep(for: probeInterval - elapsed)
                }
            }
        }
        await probe.close(timeout: .milliseconds(100))
    }

    /// Nil when a broker answered, else why the cluster is taken as unreachable.
    private func probeOnce(_ probe: KafkaProducer) async -> KafkaError? {
        do {
            _ = try await probe.partitionCount(topic: probeTopic, timeout: probeInterval)
            return nil
        } catch {
            switch error.code {
            case .timedOut, .transport, .allBrokersDown: return error
            default: return nil  // a broker answered, if only with an error
            }
        }
    }

    private func handle(_ event: ReachabilityTracker.Event?) {
        switch event {
        case nil:
            break
        case .unreachable(let duration, let error, let log):
            let reason = "Kafka cluster \(kafka.bootstrapServers) unreachable for \(Self.seconds(duration)) (\(error.message))"
            readiness.markClusterUnreachable(reason)
            if log { logger.error("\(reason); not ready until it answers") }
        case .reachableAgain(let after):
            readiness.markClusterReachable()
            logger.notice("Kafka cluster \(kafka.bootstrapServers) reachable again after \(Self.seconds(after))")
        }
    }

    /// A duration in whole seconds: "35 s".
    static func seconds(_ duration: Duration) -> String {
        "\(duration.components.seconds) s"
    }
}
