import ArgumentParser
import Foundation
import Logging
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointKafka
import OnePointRuntime

/// Publishes events from the CLI: each record to its topic (named as the settings say), checked
/// against its schema and the topology before anything is sent. With `commands.unitTopics` on
/// (`security.yaml`), a unit's command goes to that unit's own topic of its kind
/// (``topicName(of:names:unitTopics:)``).
struct EventPublisher {
    let cluster: ClusterOptions

    /// Sends `records` and waits for every delivery.
    /// - Throws: `ValidationError` naming how many were not delivered and why.
    func publish(_ records: [EventRecord]) async throws {
        let names = TopicNames(try await cluster.topicNames())
        // security.yaml is read only when a record is a unit's command: the others always go to
        // their shared topic.
        let unitTopics = records.contains { $0.topic.isUnitCommandTopic } ? try cluster.unitTopicsEnabled() : false
        var logger = Logger(label: "onepoint.cli")
        logger.logLevel = .error
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: try await cluster.kafkaConfiguration()), logger: logger)
        let results = await producer.send(records.map { record in
            KafkaProducerRecord(
                topic: Self.topicName(of: record, names: names, unitTopics: unitTopics), key: record.key, value: record.value,
                headers: record.headers.map { KafkaHeader(key: $0.name, string: $0.value) })
        })
        await producer.close()
        let failures = results.compactMap { result -> KafkaError? in
            if case .failure(let error) = result { return error }
            return nil
        }
        if let first = failures.first {
            throw ValidationError("\(failures.count) of \(records.count) records were not delivered: \(first)")
        }
    }

    /// The Kafka topic `record` goes to: with `unitTopics` on, a unit's command (one of
    /// ``Topic/unitCommandTopics``, with an acting unit) goes to that unit's own topic
    /// (`onepoint.GD-GZ.ticket-commands`), which the workers read and the ACLs let only that
    /// unit write; everything else to its shared topic.
    static func topicName(of record: EventRecord, names: TopicNames, unitTopics: Bool) -> String {
        if unitTopics, record.topic.isUnitCommandTopic, let unit = record.actingUnit {
            return names.name(of: record.topic, unit: unit)
        }
        return names.name(of: record.topic)
    }

    /// The record of `payload` as an event of `type` from `source`, or a `ValidationError` naming
    /// the field at fault.
    static func record<Payload: EventPayload>(
        _ type: EventType, _ payload: Payload, source: EventSource, topology: Topology, at time: Date = Date()
    ) throws -> EventRecord {
        do {
            return try EventRecord(EventEnvelope(type, event: payload, eventTime: time, source: source), topology: topology)
        } catch {
            throw ValidationError("\(type.rawValue): \(error)")
        }
    }

    /// Reads FILE as the payload of an event of `type`: checked against the event's schema and
    /// the topology, every problem listed at once.
    static func payload<Payload: EventPayload>(_ type: EventType, as payload: Payload.Type, file: String, topology: Topology) throws -> Payload {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw ValidationError("cannot read \(file): \(error.localizedDescription)")
        }
        do {
            return try EventEnvelope<Payload>.decodePayload(Array(data), as: type, topology: topology)
        } catch {
            // List every problem at once, not just the first.
            let problems = EventEnvelope<Payload>.payloadProblems(in: Array(data), as: type, topology: topology)
            let list = (problems.isEmpty ? [error] : problems).map { "  \($0.message)" }.joined(separator: "\n")
            throw ValidationError("\(file) is not a valid \(type.rawValue) payload:\n\(list)")
        }
    }
}
