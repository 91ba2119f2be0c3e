extension AssessmentPolicy {
    /// A part scored on a rate (on-time rate, acceptance pass rate, complaint timeliness).
    ///
    /// The rate is taken in **whole per-mille, rounded down**: `floor(1000 × met / total)`,
    /// integer arithmetic only, so "per full 0.1 %" is exact: 98.05 % is 980 ‰.
    ///
    /// - total of 0 (nothing to measure this month): ``maxPoints``.
    /// - below ``zeroBelowPermille``: 0.
    /// - at or above ``fullAtPermille``: ``maxPoints``.
    /// - otherwise ``basePoints`` + ``pointsPerStep`` × ⌊(rate − ``zeroBelowPermille``) ÷
    ///   ``stepPermille``⌋, capped at ``maxPoints``.
    ///
    /// Source figures: on-time rate 10 / 980 / 1000 / 6 / 0.2 / 1 (98.3 % → 6.6, 99.95 % → 9.8,
    /// 100 % → 10); acceptance 15 / 900 / 950 / 10 / 0.1 / 1 (94.9 % → 14.9, 95 % → 15).
    public struct RateRule: Sendable, Codable, Equatable {
        /// The part's maximum.
        public var maxPoints: ScorePoints
        /// Rates below this many per-mille score 0 (980 for 98 %).
        public var zeroBelowPermille: Int
        /// Rates at or above this many per-mille score the maximum (1000 for 100 %).
        public var fullAtPermille: Int
        /// The score at exactly ``zeroBelowPermille``.
        public var basePoints: ScorePoints
        /// Points added per full step above ``zeroBelowPermille``.
        public var pointsPerStep: ScorePoints
        /// The step, in per-mille (1 for 0.1 %).
        public var stepPermille: Int

        public init(
            maxPoints: ScorePoints, zeroBelowPermille: Int, fullAtPermille: Int, basePoints: ScorePoints,
            pointsPerStep: ScorePoints, stepPermille: Int
        ) {
            self.maxPoints = maxPoints
            self.zeroBelowPermille = zeroBelowPermille
            self.fullAtPermille = fullAtPermille
            self.basePoints = basePoints
            self.pointsPerStep = pointsPerStep
            self.stepPermille = stepPermille
        }

        /// The score for `met` of `total` cases (assumes `0 ≤ met ≤ total` and a valid rule).
        public func score(met: Int, total: Int) -> ScorePoints {
            guard total > 0 else { return maxPoints }
            let permille = Self.permille(Swift.min(Swift.max(met, 0), total), of: total)
            if permille >= fullAtPermille { return maxPoints }
            if permille < zeroBelowPermille { return .zero }
            let steps = (permille - zeroBelowPermille) / Swift.max(stepPermille, 1)
            return (basePoints + ScorePoints(hundredths: steps * pointsPerStep.hundredths)).clamped(to: maxPoints)
        }

        /// `floor(1000 × met / total)` without overflow, for `0 ≤ met ≤ total`, `total > 0`.
        static func permille(_ met: Int, of total: Int) -> Int {
            let (product, overflow) = met.multipliedReportingOverflow(by: 1000)
            if !overflow { return product / total }
            // Same value through 128-bit arithmetic.
            let wide = met.multipliedFullWidth(by: 1000)
            return total.dividingFullWidth(wide).quotient
        }

        func validate(_ key: String) throws(DomainError) {
            try AssessmentPolicy.requireNonNegative(maxPoints, "\(key).maxPoints")
            try AssessmentPolicy.requireNonNegative(basePoints, "\(key).basePoints")
            try AssessmentPolicy.requireNonNegative(pointsPerStep, "\(key).pointsPerStep")
            guard (0...1000).contains(zeroBelowPermille), (0...1000).contains(fullAtPermille),
                zeroBelowPermille <= fullAtPermille
            else {
                throw DomainError(
                    .invalidValue,
                    "assessment policy: \(key): need 0 ≤ zeroBelowPermille ≤ fullAtPermille ≤ 1000, got \(zeroBelowPermille) and \(fullAtPermille)")
            }
            guard stepPermille > 0 else {
                throw DomainError(.invalidValue, "assessment policy: \(key).stepPermille must be positive, got \(stepPermille)")
            }
            guard basePoints <= maxPoints else {
                throw DomainError(
                    .invalidValue,
                    "assessment policy: \(key).basePoints (\(basePoints)) must not exceed maxPoints (\(maxPoints))")
            }
        }
    }

    /// A part that starts full and loses a fixed number of points per counted item, floored at 0
    /// (information notices: 1 point per late or missing cutover notice, default rule).
    public struct CountRule: Sendable, Codable, Equatable {
        /// The part's maximum.
        public var maxPoints: ScorePoints
        /// Points off per item.
        public var pointsPerItem: ScorePoints

        public init(maxPoints: ScorePoints, pointsPerItem: ScorePoints) {
            self.maxPoints = maxPoints
            self.pointsPerItem = pointsPerItem
        }

        /// The score with `count` items (assumes `count ≥ 0`).
        public func score(count: Int) -> ScorePoints {
            let (off, overflow) = count.multipliedReportingOverflow(by: pointsPerItem.hundredths)
            if overflow { return .zero }
            return (maxPoints - ScorePoints(hundredths: off)).clamped(to: maxPoints)
        }

        func validate(_ key: String) throws(DomainError) {
            try AssessmentPolicy.requireNonNegative(maxPoints, "\(key).maxPoints")
            try AssessmentPolicy.requireNonNegative(pointsPerItem, "\(key).pointsPerItem")
        }
    }
}
