/// Where one piece of provisioning work stands, and how often it failed preliminary acceptance.
///
/// ``acceptanceFailures`` feeds the acceptance pass rate of the assessment (DOMAIN.md §7).
public struct WorkOrderProgress: Sendable, Codable, Equatable {
    /// The current stage.
    public private(set) var stage: WorkOrderStage
    /// How many times preliminary acceptance failed and returned the work to engineering.
    public private(set) var acceptanceFailures: Int

    /// - Throws: ``DomainError/Code/invalidValue`` when `acceptanceFailures` is negative.
    public init(stage: WorkOrderStage = .resourceDispatch, acceptanceFailures: Int = 0) throws(DomainError) {
        guard acceptanceFailures >= 0 else {
            throw DomainError(.invalidValue, "work order progress: acceptanceFailures must be 0 or more, got \(acceptanceFailures)")
        }
        self.stage = stage
        self.acceptanceFailures = acceptanceFailures
    }

    private enum CodingKeys: String, CodingKey { case stage, acceptanceFailures }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            stage: container.decode(WorkOrderStage.self, forKey: .stage),
            acceptanceFailures: container.decodeIfPresent(Int.self, forKey: .acceptanceFailures) ?? 0)
    }

    /// Moves to `next`; moving from preliminary acceptance back to engineering counts one
    /// acceptance failure.
    /// - Throws: ``DomainError/Code/invalidTransition`` naming both stages; nothing changes.
    public mutating func advance(to next: WorkOrderStage) throws(DomainError) {
        let from = stage
        stage = try from.transition(to: next)
        if from == .preliminaryAcceptance && next == .engineering { acceptanceFailures += 1 }
    }

    /// Records a failed preliminary acceptance: back to engineering, one more failure.
    /// - Throws: ``DomainError/Code/invalidTransition`` unless in preliminary acceptance.
    public mutating func failPreliminaryAcceptance() throws(DomainError) {
        guard stage == .preliminaryAcceptance else {
            throw DomainError(
                .invalidTransition,
                "work order cannot fail preliminary acceptance from \(stage); it is not in preliminaryAcceptance")
        }
        try advance(to: .engineering)
    }
}
