/// The scoring rules of the monthly unit assessment (DOMAIN.md §7). Every number is
/// configuration: the source's figures belong in the configuration file, not in code.
///
/// The parts this system scores total 85 points with the source's figures (20 pre-sale, 30
/// provisioning, 30 faults and complaints, 5 information notices); the remaining 15 of the
/// source's 100 are its external satisfaction survey, which this system does not score.
///
/// Decoding validates like ``init(existingNetworkSurvey:constructionSurvey:provisioningOnTime:acceptancePass:dataConfiguration:restorationTime:complaintTimeliness:networkQualityPoints:informationNotices:)``.
/// Score facts with ``score(_:)``.
public struct AssessmentPolicy: Sendable, Codable, Equatable {
    /// Existing-network survey: source 10 points, 0.2 off per overrun step of
    /// 20 / 25 / 30 / 40 / 60 working minutes (Key / Diamond / Gold / Silver / Bronze).
    public let existingNetworkSurvey: OverrunRule
    /// Construction survey: source 10 points, 0.2 off per overrun step of 0.25 / 0.5 / 1 / 1.5 / 2
    /// working days, configured in working minutes (120 / 240 / 480 / 720 / 960 with an
    /// 8-hour working day).
    public let constructionSurvey: OverrunRule
    /// Provisioning on-time rate: source 10 points, 0 below 98 %, 6 at 98 % plus 0.2 per full
    /// 0.1 %, full at 100 %.
    public let provisioningOnTime: RateRule
    /// Acceptance pass rate: source 15 points, 0 below 90 %, 10 at 90 % plus 0.1 per full 0.1 %,
    /// full from 95 %.
    public let acceptancePass: RateRule
    /// Data-configuration timeliness: source 5 points, full when started within 30 minutes of
    /// the notice, 0.2 off per overrun step of 5 / 10 / 15 / 20 / 30 minutes.
    public let dataConfiguration: OverrunRule
    /// Restoration time: source 10 points, 2 off for exceeding the limit and 2 more per further
    /// step of 20 / 25 / 30 / 40 / 60 minutes.
    public let restorationTime: OverrunRule
    /// Complaint timeliness: source 10 points, scored like the on-time rate.
    public let complaintTimeliness: RateRule
    /// Network quality: source 10 points, all or nothing.
    public let networkQualityPoints: ScorePoints
    /// Information notices: default 5 points, 1 off per late or missing cutover notice.
    public let informationNotices: CountRule

    /// Validates and keeps the rules.
    /// - Throws: ``DomainError/Code/invalidValue`` naming the key (e.g.
    ///   `restorationTime.stepMinutes.gold`) and the value when a maximum or a deduction is
    ///   negative, a step is not positive, a rate bound lies outside 0–1000 ‰ or the bounds are
    ///   out of order, or a base score exceeds its maximum.
    public init(
        existingNetworkSurvey: OverrunRule, constructionSurvey: OverrunRule, provisioningOnTime: RateRule,
        acceptancePass: RateRule, dataConfiguration: OverrunRule, restorationTime: OverrunRule,
        complaintTimeliness: RateRule, networkQualityPoints: ScorePoints, informationNotices: CountRule
    ) throws(DomainError) {
        try existingNetworkSurvey.validate("existingNetworkSurvey")
        try constructionSurvey.validate("constructionSurvey")
        try provisioningOnTime.validate("provisioningOnTime")
        try acceptancePass.validate("acceptancePass")
        try dataConfiguration.validate("dataConfiguration")
        try restorationTime.validate("restorationTime")
        try complaintTimeliness.validate("complaintTimeliness")
        try Self.requireNonNegative(networkQualityPoints, "networkQualityPoints")
        try informationNotices.validate("informationNotices")
        self.existingNetworkSurvey = existingNetworkSurvey
        self.constructionSurvey = constructionSurvey
        self.provisioningOnTime = provisioningOnTime
        self.acceptancePass = acceptancePass
        self.dataConfiguration = dataConfiguration
        self.restorationTime = restorationTime
        self.complaintTimeliness = complaintTimeliness
        self.networkQualityPoints = networkQualityPoints
        self.informationNotices = informationNotices
    }

    private enum CodingKeys: String, CodingKey {
        case existingNetworkSurvey, constructionSurvey, provisioningOnTime, acceptancePass, dataConfiguration,
            restorationTime, complaintTimeliness, networkQualityPoints, informationNotices
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            existingNetworkSurvey: c.decode(OverrunRule.self, forKey: .existingNetworkSurvey),
            constructionSurvey: c.decode(OverrunRule.self, forKey: .constructionSurvey),
            provisioningOnTime: c.decode(RateRule.self, forKey: .provisioningOnTime),
            acceptancePass: c.decode(RateRule.self, forKey: .acceptancePass),
            dataConfiguration: c.decode(OverrunRule.self, forKey: .dataConfiguration),
            restorationTime: c.decode(OverrunRule.self, forKey: .restorationTime),
            complaintTimeliness: c.decode(RateRule.self, forKey: .complaintTimeliness),
            networkQualityPoints: c.decode(ScorePoints.self, forKey: .networkQualityPoints),
            informationNotices: c.decode(CountRule.self, forKey: .informationNotices))
    }

    /// The maximum of `part`.
    public func maximum(of part: AssessmentPart) -> ScorePoints {
        switch part {
        case .existingNetworkSurvey: existingNetworkSurvey.maxPoints
        case .constructionSurvey: constructionSurvey.maxPoints
        case .provisioningOnTime: provisioningOnTime.maxPoints
        case .acceptancePass: acceptancePass.maxPoints
        case .dataConfiguration: dataConfiguration.maxPoints
        case .restorationTime: restorationTime.maxPoints
        case .complaintTimeliness: complaintTimeliness.maxPoints
        case .networkQuality: networkQualityPoints
        case .informationNotices: informationNotices.maxPoints
        }
    }

    /// The most a unit can score in this system (85 with the source's figures).
    public var maximum: ScorePoints {
        AssessmentPart.allCases.reduce(.zero) { $0 + maximum(of: $1) }
    }

    static func requireNonNegative(_ points: ScorePoints, _ key: String) throws(DomainError) {
        guard points.hundredths >= 0 else {
            throw DomainError(.invalidValue, "assessment policy: \(key) must be 0 or more, got \(points)")
        }
    }
}
