import OnePointContracts

/// The Kafka topic name of each ``Topic``, as `topics.*.name` in the settings says.
public struct TopicNames: Sendable {
    private let names: [Topic: String]

    /// Names from the settings; topics not named there keep their default (`onepoint.<id>`).
    public init(_ names: [Topic: String] = [:]) {
        self.names = names
    }

    /// The name of `topic`.
    public func name(of topic: Topic) -> String { names[topic] ?? topic.defaultName }
}
