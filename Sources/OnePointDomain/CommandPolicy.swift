/// Who may act on what, and how far a command's own instant may lie from the worker's clock
/// (DOMAIN.md §1: a unit acts on its own work and its descendants'; HQ on all).
///
/// The tree part of the rule is ``Topology/mayAct(_:on:)``; this type holds the settings of
/// `config/security.yaml`: the clock skew allowed (``maxFutureSkewSeconds``) and whether every
/// unit writes its commands on topics of its own (``unitTopics``).
public struct CommandPolicy: Sendable, Equatable {
    /// A command whose instant (`at`, `receivedAt`, `filedAt`, …) lies more than this many
    /// seconds after the worker's clock is refused: clocks drift, but a command cannot come from
    /// the future.
    public var maxFutureSkewSeconds: Int

    /// Whether every unit of the topology has its own topic of each command kind
    /// (`onepoint.<unit>.ticket-commands`, …; docs/security.md, "Identity"): the workers read
    /// them beside the shared topics and refuse a record whose acting unit is not its topic's
    /// unit, and the CLI writes a unit's commands there. With Kafka ACLs letting only a unit's
    /// principal write its topics, the acting unit is proven by the broker. Off by default: every
    /// unit writes the shared topics, as before.
    public var unitTopics: Bool

    /// A policy allowing `maxFutureSkewSeconds` of clock skew into the future, with or without
    /// per-unit command topics.
    public init(maxFutureSkewSeconds: Int, unitTopics: Bool = false) {
        self.maxFutureSkewSeconds = maxFutureSkewSeconds
        self.unitTopics = unitTopics
    }

    /// The shipped default: 5 minutes of skew, shared command topics.
    public static let `default` = CommandPolicy(maxFutureSkewSeconds: 300)
}
