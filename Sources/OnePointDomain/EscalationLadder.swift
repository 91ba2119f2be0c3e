import Foundation

/// Warnings and escalations as data: steps at a percentage of a limit, each notifying a target.
///
/// Fault default (configuration): 50 % duty lead, 100 % parent unit, 150 % unit above (capped
/// at HQ), 200 % HQ leadership. Provisioning default: 80 % warning to the coordinating party,
/// 100 % overdue to the parent unit. Encoded as `{"steps": [{"percent": 50, "target": "dutyLead"}, …]}`.
public struct EscalationLadder: Sendable, Equatable, Codable {
    /// One rung: at `percent` % of the limit, notify `target`.
    public struct Step: Sendable, Hashable, Codable {
        /// Percentage of the limit, at least 1.
        public let percent: Int
        /// Who is notified.
        public let target: EscalationTarget

        /// Makes a step.
        ///
        /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when `percent`
        ///   is below 1.
        public init(percent: Int, target: EscalationTarget) throws(DomainError) {
            guard percent >= 1 else {
                throw DomainError(.invalidValue, "escalation step to \(target) at \(percent) % must be at least 1 %")
            }
            self.percent = percent
            self.target = target
        }

        /// Whether the step fires at or after the deadline (an overdue escalation rather than a
        /// warning).
        public var isOverdue: Bool { percent >= 100 }

        private enum CodingKeys: String, CodingKey { case percent, target }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            try self.init(
                percent: container.decode(Int.self, forKey: .percent),
                target: container.decode(EscalationTarget.self, forKey: .target))
        }
    }

    /// A step with the instant it is due.
    public struct ScheduledStep: Sendable, Hashable {
        /// The step.
        public let step: Step
        /// When it is due.
        public let due: Date
    }

    /// The steps, by strictly increasing percent.
    public let steps: [Step]

    /// Makes a ladder.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when the percents
    ///   are not strictly increasing.
    public init(steps: [Step]) throws(DomainError) {
        for (previous, next) in zip(steps, steps.dropFirst()) where next.percent <= previous.percent {
            throw DomainError(
                .invalidValue,
                "escalation step at \(next.percent) % (\(next.target)) must come after a higher percent than \(previous.percent) %; list steps by increasing percent")
        }
        self.steps = steps
    }

    /// Each step's due instant for `limit` started at `start`, not counting `pauses`, on the
    /// limit's own clock (working time for working-day limits, plain time for minutes; the
    /// calendar is not consulted for minute limits). Rounding as in
    /// ``WorkingClock/instant(atPercent:of:start:pauses:)``.
    public func schedule(start: Date, limit: Limit, pauses: [Pause] = [], clock: WorkingClock) throws(DomainError) -> [ScheduledStep] {
        var result: [ScheduledStep] = []
        result.reserveCapacity(steps.count)
        for step in steps {
            let due = try clock.instant(atPercent: step.percent, of: limit, start: start, pauses: pauses)
            result.append(ScheduledStep(step: step, due: due))
        }
        return result
    }

    private enum CodingKeys: String, CodingKey { case steps }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(steps: container.decode([Step].self, forKey: .steps))
    }
}
