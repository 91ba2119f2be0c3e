import OnePointContracts
import OnePointDomain

extension DecisionContext {
    /// Emits `envelope` on its event type's topic (named by `topics`), keyed and headered as
    /// ``EventRecord`` says, with the envelope's id as the output's event id.
    ///
    /// - Throws: ``ContractError`` when the event breaks its own schema (a bug, not bad input),
    ///   so the input is retried and dead-lettered rather than publishing a broken event.
    @discardableResult
    public mutating func emit<Payload>(_ envelope: EventEnvelope<Payload>, topology: Topology, topics: TopicNames, key: String? = nil) throws -> String {
        let record = try EventRecord(envelope, topology: topology, key: key)
        return try emit(
            topic: topics.name(of: record.topic), key: record.key, value: record.value,
            headers: record.headers.map { ($0.name, $0.value) }, eventID: envelope.eventId)
    }
}
