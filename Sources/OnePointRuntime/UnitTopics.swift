import OnePointContracts
import OnePointDomain

/// Every unit's own command topics (`commands.unitTopics` in `config/security.yaml`,
/// docs/security.md, "Identity"): for each unit of the topology and each kind of
/// ``Topic/unitCommandTopics``, one topic named by ``TopicNames/name(of:unit:)``
/// (`onepoint.GD-GZ.ticket-commands`).
///
/// A Kafka ACL lets only a unit's principal write its topics, so a record read from one was
/// written by that unit: the broker proves the acting unit. A worker reads these topics beside
/// the shared ones (``inputs(of:)``, an explicit list, not a pattern), and ``IncomingEvent``
/// refuses, as ``InputRejection/Kind/unauthorized``, a record on a unit's topic that is not a
/// command of the topic's kind (``admit(_:readFrom:)``) or whose acting unit is another unit
/// (``checkActor(_:of:owner:topic:)``). Records on the shared topics are checked as before.
public struct UnitTopics: Sendable {
    /// Whose topic a topic name is, and of which command kind.
    public struct Owner: Sendable, Hashable {
        /// The unit that alone may write the topic.
        public let unit: UnitID
        /// The kind of command it carries (one of ``Topic/unitCommandTopics``).
        public let kind: Topic
    }

    /// Every unit topic by name.
    private let owners: [String: Owner]
    /// The names of each kind's unit topics, in the topology's order of units.
    private let namesByKind: [Topic: [String]]

    /// No unit topics: `commands.unitTopics` is off, every unit writes the shared topics.
    public static let none = UnitTopics(owners: [:], namesByKind: [:])

    private init(owners: [String: Owner], namesByKind: [Topic: [String]]) {
        self.owners = owners
        self.namesByKind = namesByKind
    }

    /// The topics of every unit of `topology`, one per kind of ``Topic/unitCommandTopics``,
    /// named by `names`.
    public init(topology: Topology, names: TopicNames) {
        var owners: [String: Owner] = [:]
        var namesByKind: [Topic: [String]] = [:]
        for kind in Topic.unitCommandTopics {
            for unit in topology.units {
                let name = names.name(of: kind, unit: unit.id)
                owners[name] = Owner(unit: unit.id, kind: kind)
                namesByKind[kind, default: []].append(name)
            }
        }
        self.init(owners: owners, namesByKind: namesByKind)
    }

    /// The unit topics of `policy`: every unit's (``init(topology:names:)``) when
    /// ``CommandPolicy/unitTopics`` is on, else ``none``.
    public init(policy: CommandPolicy, topology: Topology, names: TopicNames) {
        self = policy.unitTopics ? UnitTopics(topology: topology, names: names) : .none
    }

    /// Whether there are none (`commands.unitTopics` off).
    public var isEmpty: Bool { owners.isEmpty }

    /// The unit and kind of `topic` when it is a unit's own topic; `nil` for a shared topic (or
    /// any other).
    public func owner(of topic: String) -> Owner? { owners[topic] }

    /// The names of every unit's topics of `kinds` (kinds that are not unit command kinds have
    /// none), kind by kind, units in the topology's order.
    public func names(of kinds: [Topic]) -> [String] {
        kinds.flatMap { namesByKind[$0] ?? [] }
    }

    /// The unit topics `worker` reads besides its shared inputs: every unit's topic of each of
    /// its inputs that is a unit command kind.
    public func inputs(of worker: WorkerKind) -> [String] {
        names(of: worker.inputs)
    }

    /// Every unit topic with its kind, to create them (kind by kind, units in the topology's
    /// order).
    public var all: [(kind: Topic, name: String)] {
        Topic.unitCommandTopics.flatMap { kind in (namesByKind[kind] ?? []).map { (kind: kind, name: $0) } }
    }

    /// Checks that an event of `type` may be read from `topic`: anything may come from a
    /// shared topic (it is checked as before); a unit's own topic carries only the commands of
    /// its kind (never an alarm, an inventory record or another kind's command).
    ///
    /// - Returns: the topic's owner when it is a unit's own topic, for
    ///   ``checkActor(_:of:owner:topic:)`` once the payload is decoded.
    /// - Throws: ``InputRejection`` (``InputRejection/Kind/unauthorized``) naming the event type,
    ///   the topic and its unit.
    public func admit(_ type: EventType, readFrom topic: String) throws(InputRejection) -> Owner? {
        guard let owner = owners[topic] else { return nil }
        guard type.topic == owner.kind else {
            throw InputRejection(
                .unauthorized,
                "\(type.rawValue) was read from \(topic), \(owner.unit)'s own \(owner.kind.rawValue) topic, which carries only \(owner.unit)'s \(owner.kind.rawValue); it is not read from a unit's topic")
        }
        return owner
    }

    /// Refuses a record read from `owner`'s topic whose acting unit (`event.unit`,
    /// ``EventPayload/actingUnit``) is not `owner`'s unit: only that unit's principal may write
    /// the topic, so a record there naming another unit is a unit posing as another.
    ///
    /// - Throws: ``InputRejection`` (``InputRejection/Kind/unauthorized``) naming both units and
    ///   the topic.
    public static func checkActor(_ actor: UnitID?, of type: EventType, owner: Owner, topic: String) throws(InputRejection) {
        guard let actor else {
            throw InputRejection(
                .unauthorized, "\(type.rawValue) names no acting unit, so it cannot be read from \(topic), \(owner.unit)'s own topic")
        }
        guard actor == owner.unit else {
            throw InputRejection(
                .unauthorized,
                "event.unit is \(actor), but the record was read from \(topic), \(owner.unit)'s own topic: only \(owner.unit) writes there, and \(owner.unit) may not act as \(actor)")
        }
    }
}
