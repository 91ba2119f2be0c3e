import OnePointContracts
import OnePointDomain

/// The Kafka topic name of each ``Topic``, as `topics.*.name` in the settings says, and of each
/// unit's own command topics (``name(of:unit:)``).
public struct TopicNames: Sendable {
    private let names: [Topic: String]

    /// Names from the settings; topics not named there keep their default (`onepoint.<id>`).
    public init(_ names: [Topic: String] = [:]) {
        self.names = names
    }

    /// The name of `topic`.
    public func name(of topic: Topic) -> String { names[topic] ?? topic.defaultName }

    /// The name of `unit`'s own topic of the command kind `topic` (``Topic/unitCommandTopics``),
    /// used when `commands.unitTopics` is on (docs/security.md): the unit goes before the last
    /// dot-separated part of the kind's configured name, so `onepoint.ticket-commands` becomes
    /// `onepoint.GD-GZ.ticket-commands`, and `acme.prod.tc` becomes `acme.prod.GD-GZ.tc`. A
    /// configured name without a dot gets the unit in front: `tc` becomes `GD-GZ.tc`. Only units
    /// whose id ``UnitID/canNameTopic`` get such topics (the configuration refuses others).
    ///
    /// This is the only place that builds these names: the workers subscribe to them, the CLI
    /// writes them, and `onepoint topics create` and `onepoint dev` create them.
    public func name(of topic: Topic, unit: UnitID) -> String {
        Self.unitTopicName(name(of: topic), unit: unit)
    }

    /// The name of `unit`'s own topic of the kind whose shared topic is `shared`; see
    /// ``name(of:unit:)``.
    public static func unitTopicName(_ shared: String, unit: UnitID) -> String {
        guard let dot = shared.lastIndex(of: ".") else { return "\(unit.rawValue).\(shared)" }
        return "\(shared[..<dot]).\(unit.rawValue)\(shared[dot...])"
    }
}
