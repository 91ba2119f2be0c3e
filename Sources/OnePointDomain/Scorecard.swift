/// One unit's assessment for one month (DOMAIN.md §7), as ``AssessmentPolicy/score(_:)`` makes it.
///
/// ``total`` is out of ``maximum`` (85 with the source's figures): the source's external
/// satisfaction survey is not scored by this system, and ``notScored`` says so to every reader.
public struct Scorecard: Sendable, Codable, Equatable {
    /// One part's result.
    public struct Part: Sendable, Codable, Equatable {
        /// Which part.
        public var part: AssessmentPart
        /// The score, between 0 and ``maximum``.
        public var points: ScorePoints
        /// The part's maximum.
        public var maximum: ScorePoints
        /// How the score came about, for a person (e.g. `"49 of 50 (98.0 %)"`).
        public var detail: String
        /// The ids of the facts behind the score (orders, tickets per customer, notices), when
        /// the scorer knows them; `nil` when scored from bare counts (`onepoint sla score`).
        /// Added in `ScorecardEvent` version 2.
        public var factIds: [String]?

        public init(part: AssessmentPart, points: ScorePoints, maximum: ScorePoints, detail: String, factIds: [String]? = nil) {
            self.part = part
            self.points = points
            self.maximum = maximum
            self.detail = detail
            self.factIds = factIds
        }
    }

    /// The unit assessed.
    public var unit: UnitID
    /// The month assessed, `YYYY-MM`.
    public var month: String
    /// Every part, in the source's order.
    public var parts: [Part]
    /// The sum of the parts.
    public var total: ScorePoints
    /// The most this system can award.
    public var maximum: ScorePoints
    /// What the source assesses that this system does not score.
    public var notScored: [String]

    public init(unit: UnitID, month: String, parts: [Part], notScored: [String]) {
        self.unit = unit
        self.month = month
        self.parts = parts
        self.total = parts.reduce(.zero) { $0 + $1.points }
        self.maximum = parts.reduce(.zero) { $0 + $1.maximum }
        self.notScored = notScored
    }

    /// The points of `part` (0 if absent).
    public subscript(part: AssessmentPart) -> ScorePoints {
        parts.first { $0.part == part }?.points ?? .zero
    }

    /// The points of one section (pre-sale, provisioning, faults and complaints, notices).
    public func subtotal(_ group: AssessmentPart.Group) -> ScorePoints {
        parts.filter { $0.part.group == group }.reduce(.zero) { $0 + $1.points }
    }
}
