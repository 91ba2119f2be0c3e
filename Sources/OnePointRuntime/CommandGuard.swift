import Foundation
import OnePointDomain

/// The checks every command and report passes before it changes anything (docs/security.md):
/// the acting unit may act on the entity (DOMAIN.md §1), and the command's own instant lies
/// neither before the entity's start nor more than ``CommandPolicy/maxFutureSkewSeconds`` after
/// the worker's clock.
///
/// With `commands.unitTopics` on, the acting unit of a record read from a unit's own command
/// topic must also be that unit (``unitTopics``; the check runs when ``IncomingEvent`` decodes
/// the record, before any of the checks here).
///
/// Every refusal is an ``InputRejection``: ``InputRejection/Kind/unauthorized`` for the unit,
/// ``InputRejection/Kind/validation`` for the instant. Thrown from a worker's `apply`, it
/// becomes a dead letter counted by `onepoint_dead_letters_total{kind=…}`, and the
/// transaction's state changes for that input are rolled back.
public struct CommandGuard: Sendable {
    /// The unit tree the rule walks.
    public let topology: Topology
    /// The clock rule and whether units have topics of their own.
    public let policy: CommandPolicy
    /// Every unit's own command topics when ``CommandPolicy/unitTopics`` is on, else
    /// ``UnitTopics/none``. A worker passes it to ``IncomingEvent/init(_:accepted:unitTopics:)``
    /// and reads ``UnitTopics/inputs(of:)`` besides its shared topics.
    public let unitTopics: UnitTopics

    /// A guard over `topology` with `policy`; unit topics (when the policy has them) named by
    /// `topics`.
    public init(topology: Topology, policy: CommandPolicy, topics: TopicNames = TopicNames()) {
        self.topology = topology
        self.policy = policy
        self.unitTopics = UnitTopics(policy: policy, topology: topology, names: topics)
    }

    /// Refuses unless `actor` is `owner` or lies above it.
    ///
    /// - Parameter subject: what is acted on, for the message (`ticket TT-…`).
    /// - Throws: ``InputRejection`` (``InputRejection/Kind/unauthorized``).
    public func authorize(_ actor: UnitID, on owner: UnitID, _ subject: String) throws(InputRejection) {
        try authorize(actor, onAnyOf: [owner], subject)
    }

    /// Refuses unless `actor` is one of `owners` or lies above one of them.
    ///
    /// - Throws: ``InputRejection`` (``InputRejection/Kind/unauthorized``).
    public func authorize(_ actor: UnitID, onAnyOf owners: [UnitID], _ subject: String) throws(InputRejection) {
        guard topology.contains(actor) else {
            throw InputRejection(.unauthorized, "\(subject): '\(actor)' is not a unit of the topology, so it may act on nothing")
        }
        guard topology.mayAct(actor, onAnyOf: owners) else {
            let named = owners.map(\.rawValue).joined(separator: " or ")
            throw InputRejection(.unauthorized, "\(subject) belongs to \(named); \(actor) is neither that unit nor above it")
        }
    }

    /// Refuses an acting unit (and an envelope's `source.unit`) that is not a unit of the
    /// topology: an unknown principal may act on nothing.
    ///
    /// - Throws: ``InputRejection`` (``InputRejection/Kind/unauthorized``) naming the field.
    public func requireKnown(_ actor: UnitID, field: String, source: UnitID? = nil) throws(InputRejection) {
        guard topology.contains(actor) else {
            throw InputRejection(.unauthorized, "\(field): '\(actor)' is not a unit of the topology; an unknown principal may act on nothing")
        }
        if let source, !topology.contains(source) {
            throw InputRejection(.unauthorized, "source.unit: '\(source)' is not a unit of the topology; an unknown principal may act on nothing")
        }
    }

    /// Refuses unless every one of `owners` is `actor` or lies below it.
    ///
    /// - Throws: ``InputRejection`` (``InputRejection/Kind/unauthorized``) naming the first unit
    ///   `actor` may not act for.
    public func authorize(_ actor: UnitID, onAllOf owners: [UnitID], _ subject: String) throws(InputRejection) {
        for owner in owners { try authorize(actor, on: owner, subject) }
    }

    /// Refuses an instant before `start` or more than the allowed skew after `now`.
    ///
    /// - Parameters:
    ///   - instant: the command's own instant.
    ///   - field: its field, for the message (`event.at`).
    ///   - start: when the entity started (a ticket's first alarm or report), if it has one.
    ///   - startName: what `start` is, for the message.
    ///   - now: the worker's clock.
    /// - Throws: ``InputRejection`` (``InputRejection/Kind/validation``).
    public func checkInstant(_ instant: Date, field: String, notBefore start: Date?, _ startName: String, now: Date) throws(InputRejection) {
        if let start, instant < start {
            throw InputRejection(
                .validation, "\(field) \(Self.format(instant)) is before \(startName) (\(Self.format(start))); a command cannot be dated before what it acts on")
        }
        let latest = now.addingTimeInterval(TimeInterval(policy.maxFutureSkewSeconds))
        if instant > latest {
            throw InputRejection(
                .validation,
                "\(field) \(Self.format(instant)) is more than \(policy.maxFutureSkewSeconds) s after the worker's clock (\(Self.format(now))); security.yaml commands.maxFutureSkewSeconds")
        }
    }

    private static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
