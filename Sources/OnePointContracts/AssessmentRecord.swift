import Foundation
import OnePointDomain

/// One fact the monthly assessment scores (DOMAIN.md §7), emitted as it happens so the
/// reporting worker can score without asking anyone: event ``EventType/assessmentRecord`` on
/// `order-events`, keyed by the order (or resource-check request) id.
///
/// Which fields a part uses, as ``AssessmentFacts`` counts them:
///
/// | part | field |
/// |---|---|
/// | `existingNetworkSurvey`, `constructionSurvey` | `overrunMinutes` (working minutes past the deadline; 0 in time) |
/// | `provisioningOnTime` | `met` (completed on time) |
/// | `acceptancePass` | `met` (preliminary acceptance passed first time) |
/// | `dataConfiguration` | `overrunMinutes` (minutes past the 30-minute start limit) |
public struct AssessmentRecord: EventPayload {
    /// The assessed part.
    public var part: AssessmentPart
    /// The unit assessed.
    public var unit: UnitID
    /// The month it counts in, `YYYY-MM`.
    public var month: String
    /// The customer's level (sets the overrun step).
    public var level: CustomerLevel
    /// The order id (or the resource-check request id): the Kafka key.
    public var reference: String
    /// For a rate part: whether the case met its target.
    public var met: Bool?
    /// For an overrun part: minutes past the limit (0 when in time).
    public var overrunMinutes: Int?
    /// When the fact was established.
    public var at: Date

    public init(
        part: AssessmentPart, unit: UnitID, month: String, level: CustomerLevel, reference: String, met: Bool? = nil,
        overrunMinutes: Int? = nil, at: Date
    ) {
        self.part = part
        self.unit = unit
        self.month = month
        self.level = level
        self.reference = reference
        self.met = met
        self.overrunMinutes = overrunMinutes
        self.at = at
    }

    /// The reference (order or request id).
    public var kafkaKey: String { reference }
    /// The unit assessed.
    public var addressedUnit: UnitID? { unit }
}
