import Foundation
import OnePointDomain

/// A unit's answer to a ``ResourceCheckRequest``: event ``EventType/resourceCheckResult`` on
/// `presale-requests`.
public struct ResourceCheckResult: EventPayload {
    /// What the survey found.
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        /// Resources are in place and reserved.
        case resourcesAvailable
        /// New construction is needed (see ``construction``).
        case constructionNeeded
        /// The service cannot be provided.
        case notFeasible
    }

    /// What new construction needs.
    public struct Construction: Sendable, Codable, Equatable, Hashable {
        /// The investment, yuan.
        public var investmentYuan: Int
        /// Working days the construction takes (outside the provisioning limit).
        public var workingDays: Int
        /// What must be built.
        public var description: String

        public init(investmentYuan: Int, workingDays: Int, description: String) {
            self.investmentYuan = investmentYuan
            self.workingDays = workingDays
            self.description = description
        }
    }

    /// The request answered.
    public var requestId: String
    /// Which survey.
    public var kind: ResourceCheckRequest.Kind
    /// The unit answering.
    public var unit: UnitID
    /// What was found.
    public var outcome: Outcome
    /// The solution (方案), for the customer manager.
    public var solution: String
    /// Resources reserved for the order (ports, fibre pairs, VLANs).
    public var reservedResources: [String]
    /// For ``Outcome/constructionNeeded``: the investment and time.
    public var construction: Construction?
    /// Who answered.
    public var answeredBy: String
    /// When the answer was given (the clock stops).
    public var answeredAt: Date

    public init(
        requestId: String, kind: ResourceCheckRequest.Kind, unit: UnitID, outcome: Outcome, solution: String,
        reservedResources: [String] = [], construction: Construction? = nil, answeredBy: String, answeredAt: Date
    ) {
        self.requestId = requestId
        self.kind = kind
        self.unit = unit
        self.outcome = outcome
        self.solution = solution
        self.reservedResources = reservedResources
        self.construction = construction
        self.answeredBy = answeredBy
        self.answeredAt = answeredAt
    }

    /// The request id.
    public var kafkaKey: String { requestId }
    /// The answering unit.
    public var addressedUnit: UnitID? { unit }
}
