extension AssessmentPolicy {
    /// A part that starts full and loses points per step of overrun past a time limit, the step
    /// length depending on the customer's level (surveys, data configuration, restoration).
    ///
    /// **Steps.** An overrun of `m` minutes counts `ceil(m / step)` steps: every started step
    /// counts. With Key's 20-minute step, 1…20 minutes over is 1 step, 21…40 is 2 steps, and an
    /// overrun of 0 or less (in time) is none.
    ///
    /// **Deduction per item.** The first step costs ``firstStepPoints``, each step after it
    /// ``furtherStepPoints``. Surveys and data configuration use 0.2 for both (0.2 per step);
    /// restoration uses 2 and 2 ("over the limit costs 2 points, and 2 more per further step").
    ///
    /// **Part score.** ``maxPoints`` minus the deductions of every item of the month, floored at 0.
    public struct OverrunRule: Sendable, Codable, Equatable {
        /// The part's maximum.
        public var maxPoints: ScorePoints
        /// The step length per customer level, in minutes (working minutes for the surveys).
        public var stepMinutes: LevelTable<Int>
        /// What the first (started) step of an overrun costs.
        public var firstStepPoints: ScorePoints
        /// What each further started step costs.
        public var furtherStepPoints: ScorePoints

        public init(
            maxPoints: ScorePoints, stepMinutes: LevelTable<Int>, firstStepPoints: ScorePoints,
            furtherStepPoints: ScorePoints
        ) {
            self.maxPoints = maxPoints
            self.stepMinutes = stepMinutes
            self.firstStepPoints = firstStepPoints
            self.furtherStepPoints = furtherStepPoints
        }

        /// The started steps in an overrun of `overrunMinutes` for a customer of `level`.
        /// Assumes a valid rule (positive steps).
        public func steps(overrunMinutes: Int, level: CustomerLevel) -> Int {
            let step = Swift.max(stepMinutes[level], 1)
            guard overrunMinutes > 0 else { return 0 }
            return overrunMinutes / step + (overrunMinutes % step == 0 ? 0 : 1)
        }

        /// The points one overrun costs, before the part's floor at 0 (saturating, never overflowing).
        public func deduction(overrunMinutes: Int, level: CustomerLevel) -> ScorePoints {
            let steps = steps(overrunMinutes: overrunMinutes, level: level)
            guard steps > 0 else { return .zero }
            let (further, overflow) = (steps - 1).multipliedReportingOverflow(by: furtherStepPoints.hundredths)
            let (total, overflow2) = firstStepPoints.hundredths.addingReportingOverflow(further)
            return ScorePoints(hundredths: overflow || overflow2 ? Int.max / 4 : Swift.min(total, Int.max / 4))
        }

        func validate(_ key: String) throws(DomainError) {
            try AssessmentPolicy.requireNonNegative(maxPoints, "\(key).maxPoints")
            try AssessmentPolicy.requireNonNegative(firstStepPoints, "\(key).firstStepPoints")
            try AssessmentPolicy.requireNonNegative(furtherStepPoints, "\(key).furtherStepPoints")
            for level in CustomerLevel.allCases where stepMinutes[level] <= 0 {
                throw DomainError(
                    .invalidValue,
                    "assessment policy: \(key).stepMinutes.\(level) must be a positive number of minutes, got \(stepMinutes[level])")
            }
        }
    }
}
