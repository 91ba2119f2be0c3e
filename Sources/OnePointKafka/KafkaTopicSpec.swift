/// A topic to create: its name, partitions, replication factor and topic configs
/// (`cleanup.policy`, `retention.ms`, …).
public struct KafkaTopicSpec: Sendable, Hashable {
    public var name: String
    public var partitions: Int
    public var replicationFactor: Int
    public var configs: [String: String]

    public init(name: String, partitions: Int, replicationFactor: Int = 1, configs: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }

    func validate() throws(KafkaError) {
        guard !name.isEmpty, name.count <= 249,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") })
        else {
            throw .invalidArgument("topic name '\(name)' is invalid: use 1 to 249 of the characters a-z A-Z 0-9 . _ -")
        }
        guard partitions >= 1 else { throw .invalidArgument("topic '\(name)' needs at least 1 partition, not \(partitions)") }
        guard replicationFactor >= 1 else {
            throw .invalidArgument("topic '\(name)' needs a replication factor of at least 1, not \(replicationFactor)")
        }
    }
}
