/// What a consumer does when the group gives it partitions or takes them away.
///
/// Both closures run on the consumer's own poll thread, inside ``KafkaConsumer/poll(maxMessages:timeout:)``,
/// before any record of a newly assigned partition is returned and after the last record of a
/// revoked one. They should return quickly (a local database read is fine).
public struct KafkaRebalanceHandler: Sendable {
    /// Partitions were assigned. Returns where to start each one; a partition left out starts at
    /// ``KafkaOffset/committed`` (the group's committed offset, or `auto.offset.reset`).
    public var onAssign: @Sendable (_ partitions: [KafkaTopicPartition]) -> [KafkaTopicPartition: KafkaOffset]
    /// Partitions were revoked (before another member takes them) or lost.
    public var onRevoke: @Sendable (_ partitions: [KafkaTopicPartition]) -> Void

    public init(
        onAssign: @escaping @Sendable ([KafkaTopicPartition]) -> [KafkaTopicPartition: KafkaOffset] = { _ in [:] },
        onRevoke: @escaping @Sendable ([KafkaTopicPartition]) -> Void = { _ in }
    ) {
        self.onAssign = onAssign
        self.onRevoke = onRevoke
    }
}
