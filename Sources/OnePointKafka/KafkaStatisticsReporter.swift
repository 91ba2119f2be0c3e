import Foundation
import Metrics

/// Turns librdkafka's statistics (JSON, every `statistics.interval.ms`) into swift-metrics gauges,
/// so they reach whichever metrics backend the process bootstrapped (Prometheus in the workers).
///
/// Gauges, each with a `client` dimension:
/// - `onepoint_kafka_consumer_lag` (`topic`, `partition`): records between the consumer's position
///   and the partition's high watermark.
/// - `onepoint_kafka_fetch_queue_messages` (`topic`, `partition`): records fetched and not yet polled.
/// - `onepoint_kafka_producer_queue_messages`: records waiting in the producer's queue.
/// - `onepoint_kafka_broker_rtt_avg_us` (`broker`): average broker round-trip time.
public struct KafkaStatisticsReporter: Sendable {
    /// The `client` dimension of every gauge.
    public var clientLabel: String

    public init(clientLabel: String) {
        self.clientLabel = clientLabel
    }

    /// Parses one statistics document and records its gauges. Malformed JSON is ignored.
    public func report(json: Data) {
        guard let root = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else { return }
        if let queued = root["msg_cnt"] as? Int {
            Gauge(label: "onepoint_kafka_producer_queue_messages", dimensions: [("client", clientLabel)])
                .record(queued)
        }
        if let topics = root["topics"] as? [String: Any] {
            for (topic, value) in topics {
                guard let partitions = (value as? [String: Any])?["partitions"] as? [String: Any] else { continue }
                for (partition, stats) in partitions where partition != "-1" {
                    guard let stats = stats as? [String: Any] else { continue }
                    let dimensions = [("client", clientLabel), ("topic", topic), ("partition", partition)]
                    if let lag = stats["consumer_lag"] as? Int, lag >= 0 {
                        Gauge(label: "onepoint_kafka_consumer_lag", dimensions: dimensions).record(lag)
                    }
                    if let fetched = stats["fetchq_cnt"] as? Int {
                        Gauge(label: "onepoint_kafka_fetch_queue_messages", dimensions: dimensions).record(fetched)
                    }
                }
            }
        }
        if let brokers = root["brokers"] as? [String: Any] {
            for (name, value) in brokers {
                guard let broker = value as? [String: Any], let rtt = broker["rtt"] as? [String: Any],
                    let average = rtt["avg"] as? Int, average > 0
                else { continue }
                Gauge(label: "onepoint_kafka_broker_rtt_avg_us", dimensions: [("client", clientLabel), ("broker", name)])
                    .record(average)
            }
        }
    }
}
