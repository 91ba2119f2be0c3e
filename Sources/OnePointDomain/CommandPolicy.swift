/// Who may act on what, and how far a command's own instant may lie from the worker's clock
/// (DOMAIN.md §1: a unit acts on its own work and its descendants'; HQ on all).
///
/// The tree part of the rule is ``Topology/mayAct(_:on:)``; this type holds the one number,
/// ``maxFutureSkewSeconds``, which is configuration (`config/security.yaml`).
public struct CommandPolicy: Sendable, Equatable {
    /// A command whose instant (`at`, `receivedAt`, `filedAt`, …) lies more than this many
    /// seconds after the worker's clock is refused: clocks drift, but a command cannot come from
    /// the future.
    public var maxFutureSkewSeconds: Int

    /// A policy allowing `maxFutureSkewSeconds` of clock skew into the future.
    public init(maxFutureSkewSeconds: Int) {
        self.maxFutureSkewSeconds = maxFutureSkewSeconds
    }

    /// The shipped default: 5 minutes of skew.
    public static let `default` = CommandPolicy(maxFutureSkewSeconds: 300)
}
