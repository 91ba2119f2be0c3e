import Foundation

/// Overdue occurrences of one order; they accumulate (每次未按时提出申请均视为一次超时，次数累计),
/// **one per missed event** (DOMAIN.md §5).
///
/// The events that count:
/// - a refused delay application (``record(_:deadline:)``): one each. Refused **before** the
///   deadline (a cause that is not the customer's), it already counts the lateness to come;
/// - the deadline passing with the work not done (``recordDeadlinePassed()``): one, unless a
///   refusal before the deadline already counted that same lateness. It counts at most once,
///   whether the 100 % ladder step or a late end-to-end completion notices it first.
///
/// So a delay refused before the deadline and the 100 % step for the same lateness count once;
/// an application filed after the deadline is one more missed event and counts one more.
public struct OverdueTally: Sendable, Hashable, Codable {
    /// Overdue occurrences so far.
    public private(set) var occurrences: Int
    /// Rejections recorded, in order.
    public private(set) var rejections: [DelayApplication.Rejection]
    /// Whether the lateness at the deadline is already counted: by a refusal before the deadline
    /// or by the deadline passing.
    public private(set) var deadlineLatenessCounted: Bool

    /// An empty tally.
    public init() {
        occurrences = 0
        rejections = []
        deadlineLatenessCounted = false
    }

    /// Decides `application` against the order's `deadline` (the one in force when it is filed)
    /// and records the decision: a rejection adds one occurrence; an acceptance adds none.
    ///
    /// A rejection filed before the deadline also counts the lateness at the deadline, so that
    /// ``recordDeadlinePassed()`` does not count it again.
    @discardableResult
    public mutating func record(_ application: DelayApplication, deadline: Date) -> DelayApplication.Decision {
        let decision = application.decide(deadline: deadline)
        guard case .rejected(let rejection) = decision else { return decision }
        rejections.append(rejection)
        occurrences += 1
        if application.filedAt < deadline { deadlineLatenessCounted = true }
        return decision
    }

    /// The deadline passed with the work not done: one occurrence, unless this lateness was
    /// already counted (a refusal before the deadline, or the deadline passing noticed before).
    ///
    /// - Returns: whether an occurrence was added.
    @discardableResult
    public mutating func recordDeadlinePassed() -> Bool {
        guard !deadlineLatenessCounted else { return false }
        deadlineLatenessCounted = true
        occurrences += 1
        return true
    }

    private enum CodingKeys: String, CodingKey { case occurrences, rejections, deadlineLatenessCounted }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let occurrences = try container.decode(Int.self, forKey: .occurrences)
        let rejections = try container.decodeIfPresent([DelayApplication.Rejection].self, forKey: .rejections) ?? []
        guard occurrences >= rejections.count else {
            throw DomainError(
                .invalidValue,
                "overdue tally has \(occurrences) occurrences but \(rejections.count) rejections; occurrences must be at least that")
        }
        self.occurrences = occurrences
        self.rejections = rejections
        // Tallies stored before this key existed: any occurrence beyond the rejections was the
        // deadline passing.
        self.deadlineLatenessCounted =
            try container.decodeIfPresent(Bool.self, forKey: .deadlineLatenessCounted) ?? (occurrences > rejections.count)
    }
}
