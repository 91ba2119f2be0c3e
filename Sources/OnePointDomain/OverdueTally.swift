/// Overdue occurrences of one order; they accumulate (每次未按时提出申请均视为一次超时，次数累计).
///
/// Each rejected delay application counts one, and so does any other lateness recorded with
/// ``recordOverdue()``.
public struct OverdueTally: Sendable, Hashable, Codable {
    /// Overdue occurrences so far.
    public private(set) var occurrences: Int
    /// Rejections recorded, in order.
    public private(set) var rejections: [DelayApplication.Rejection]

    /// An empty tally.
    public init() {
        occurrences = 0
        rejections = []
    }

    /// Records a delay decision: a rejection adds one occurrence; an acceptance adds none.
    public mutating func record(_ decision: DelayApplication.Decision) {
        guard case .rejected(let rejection) = decision else { return }
        rejections.append(rejection)
        occurrences += 1
    }

    /// Records one overdue occurrence for any other cause of lateness.
    public mutating func recordOverdue() {
        occurrences += 1
    }

    private enum CodingKeys: String, CodingKey { case occurrences, rejections }

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
    }
}
