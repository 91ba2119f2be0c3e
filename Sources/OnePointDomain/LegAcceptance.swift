import Foundation

/// One leg's part in acceptance **point by point, then as a whole** (DOMAIN.md §5: 先单点后整体).
///
/// - The leg's in-progress inspection (随工检查) goes with its engineering: it is reported while
///   the leg is in ``WorkOrderStage/engineering``, and the leg leaves engineering only once it
///   has passed (``checkMove(from:to:)``).
/// - The leg's own preliminary acceptance (初验, the point's) follows its local completion.
/// - The whole order's preliminary acceptance follows end-to-end completion, once every point
///   has passed (``requireEveryPointAccepted(_:)``). An order with one leg has one point, which
///   is the whole: its one preliminary acceptance is the whole order's (``scope(of:legs:)``).
///
/// A failed point (or whole) acceptance returns that leg to engineering, where the rework is
/// inspected and accepted again (``reopen()``).
public struct LegAcceptance: Sendable, Codable, Equatable, Hashable {
    /// Which preliminary acceptance a result on a leg is.
    public enum Scope: String, Sendable, Equatable {
        /// The leg's own (one point).
        case point
        /// The whole order's.
        case whole
    }

    /// When the leg's in-progress inspection passed; `nil` until it has.
    public private(set) var inspectedAt: Date?
    /// When the leg's own preliminary acceptance passed; `nil` until it has.
    public private(set) var acceptedAt: Date?

    /// A leg not inspected or accepted yet.
    public init() {
        inspectedAt = nil
        acceptedAt = nil
    }

    /// Whether the in-progress inspection passed.
    public var isInspected: Bool { inspectedAt != nil }
    /// Whether the point's preliminary acceptance passed.
    public var isAccepted: Bool { acceptedAt != nil }

    /// Records the leg's in-progress inspection, decided at `instant` while the leg is at `stage`.
    /// A failed inspection changes nothing: the findings are fixed and it is inspected again.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidTransition`` when the leg is
    ///   not in engineering, or its inspection already passed.
    public mutating func inspect(passed: Bool, at instant: Date, stage: WorkOrderStage) throws(DomainError) {
        guard stage == .engineering else {
            throw DomainError(
                .invalidTransition, "in-progress inspection (随工检查) goes with engineering; the work order is in \(stage)")
        }
        if let inspectedAt {
            throw DomainError(.invalidTransition, "the in-progress inspection (随工检查) already passed at \(inspectedAt)")
        }
        if passed { inspectedAt = instant }
    }

    /// Whether the leg may move from `stage` to `next`: it leaves engineering only after a passed
    /// in-progress inspection.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidTransition`` naming `next`
    ///   when the inspection has not passed.
    public func checkMove(from stage: WorkOrderStage, to next: WorkOrderStage) throws(DomainError) {
        guard stage == .engineering, next != .engineering, inspectedAt == nil else { return }
        throw DomainError(
            .invalidTransition,
            "the work order cannot move from engineering to \(next) before its in-progress inspection (随工检查) has passed")
    }

    /// Which preliminary acceptance a result on this leg is, for an order with `legs` legs: the
    /// point's while this leg's own has not passed and the order has more than one leg; the whole
    /// order's otherwise.
    public static func scope(of leg: LegAcceptance, legs: Int) -> Scope {
        legs > 1 && !leg.isAccepted ? .point : .whole
    }

    /// Records the point's preliminary acceptance, decided at `instant`. A failure clears the leg
    /// (it returns to engineering, see ``reopen()``).
    ///
    /// - Parameter locallyComplete: whether the leg has completed locally (本地竣工).
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidTransition`` when the leg has
    ///   not completed locally, was not inspected, or was already accepted.
    public mutating func acceptPoint(passed: Bool, at instant: Date, locallyComplete: Bool) throws(DomainError) {
        guard locallyComplete else {
            throw DomainError(.invalidTransition, "a point's preliminary acceptance (初验) follows its local completion (本地竣工)")
        }
        guard isInspected else {
            throw DomainError(.invalidTransition, "a point's preliminary acceptance (初验) needs its in-progress inspection (随工检查) passed")
        }
        if let acceptedAt {
            throw DomainError(.invalidTransition, "the point's preliminary acceptance (初验) already passed at \(acceptedAt)")
        }
        if passed { acceptedAt = instant } else { reopen() }
    }

    /// The leg returns to engineering: its rework is inspected and accepted again.
    public mutating func reopen() {
        inspectedAt = nil
        acceptedAt = nil
    }

    /// The whole order's preliminary acceptance comes after every point's.
    ///
    /// - Parameter points: each leg's unit and acceptance (an order with one leg needs none).
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidTransition`` naming every
    ///   unit whose point has not passed.
    public static func requireEveryPointAccepted(_ points: [(unit: UnitID, acceptance: LegAcceptance)]) throws(DomainError) {
        guard points.count > 1 else { return }
        let pending = points.filter { !$0.acceptance.isAccepted }.map(\.unit.rawValue)
        guard pending.isEmpty else {
            throw DomainError(
                .invalidTransition,
                "the whole order's preliminary acceptance (初验) comes after every point's; not yet accepted: \(pending.joined(separator: ", "))")
        }
    }
}
