import Foundation
import OnePointDomain

/// Shared test data: a realistic three-tier topology and the configuration values of
/// DOMAIN.md §2, §3 and §7, given here as the JSON a configuration file would hold.
enum OrganisationFixtures {
    /// HQ; Guangdong (Guangzhou, Shenzhen); Jiangsu (Nanjing, Suzhou); Zhejiang (Hangzhou, Ningbo).
    static let units: [OrgUnit] = [
        OrgUnit(id: "HQ", tier: .hq, name: "Headquarters", chineseName: "集团总部", parent: nil),
        OrgUnit(id: "GD", tier: .province, name: "Guangdong", chineseName: "广东", parent: "HQ"),
        OrgUnit(id: "GD-GZ", tier: .city, name: "Guangzhou", chineseName: "广州", parent: "GD"),
        OrgUnit(id: "GD-SZ", tier: .city, name: "Shenzhen", chineseName: "深圳", parent: "GD"),
        OrgUnit(id: "JS", tier: .province, name: "Jiangsu", chineseName: "江苏", parent: "HQ"),
        OrgUnit(id: "JS-NJ", tier: .city, name: "Nanjing", chineseName: "南京", parent: "JS"),
        OrgUnit(id: "JS-SZ", tier: .city, name: "Suzhou", chineseName: "苏州", parent: "JS"),
        OrgUnit(id: "ZJ", tier: .province, name: "Zhejiang", chineseName: "浙江", parent: "HQ"),
        OrgUnit(id: "ZJ-HZ", tier: .city, name: "Hangzhou", chineseName: "杭州", parent: "ZJ"),
        OrgUnit(id: "ZJ-NB", tier: .city, name: "Ningbo", parent: "ZJ"),
    ]

    static func topology() throws -> Topology { try Topology(units: units) }

    /// The default pass thresholds of DOMAIN.md §3.
    static let thresholdsJSON = """
        {"thresholds": [
          {"service": "2M", "metric": "ES", "bound": "atMost", "value": 0},
          {"service": "2M", "metric": "SES", "bound": "atMost", "value": 0},
          {"service": "2M", "metric": "RTD", "bound": "atMost", "value": 50},
          {"service": "2M", "metric": "attenuation", "bound": "atMost", "value": 25},
          {"service": "DDN-ATM-FR", "metric": "BER", "bound": "atMost", "value": 1e-9},
          {"service": "DDN-ATM-FR", "metric": "ES", "bound": "atMost", "value": 0},
          {"service": "DDN-ATM-FR", "metric": "SES", "bound": "atMost", "value": 0},
          {"service": "DDN-ATM-FR", "metric": "LOSS", "bound": "atMost", "value": 0},
          {"service": "DDN-ATM-FR", "metric": "throughput", "bound": "atLeast", "value": 99},
          {"service": "MPLS-VPN", "metric": "ES", "bound": "atMost", "value": 0},
          {"service": "MPLS-VPN", "metric": "avgRTD", "bound": "atMost", "value": 50, "scopes": ["local", "crossCity"]},
          {"service": "MPLS-VPN", "metric": "avgRTD", "bound": "atMost", "value": 100, "scopes": ["crossProvince"]},
          {"service": "MPLS-VPN", "metric": "packetLoss", "bound": "atMost", "value": 0.1},
          {"service": "ETHERNET", "metric": "throughput", "bound": "atLeast", "value": 99},
          {"service": "ETHERNET", "metric": "frameLoss", "bound": "atMost", "value": 0.01}
        ]}
        """

    static func thresholds() throws -> TestThresholds {
        try JSONDecoder().decode(TestThresholds.self, from: Data(thresholdsJSON.utf8))
    }

    /// The assessment figures of DOMAIN.md §7 (construction-survey steps in working minutes of
    /// an 8-hour working day: 0.25 / 0.5 / 1 / 1.5 / 2 days).
    static let assessmentPolicyJSON = """
        {
          "existingNetworkSurvey": {"maxPoints": 10, "firstStepPoints": 0.2, "furtherStepPoints": 0.2,
            "stepMinutes": {"key": 20, "diamond": 25, "gold": 30, "silver": 40, "bronze": 60}},
          "constructionSurvey": {"maxPoints": 10, "firstStepPoints": 0.2, "furtherStepPoints": 0.2,
            "stepMinutes": {"key": 120, "diamond": 240, "gold": 480, "silver": 720, "bronze": 960}},
          "provisioningOnTime": {"maxPoints": 10, "zeroBelowPermille": 980, "fullAtPermille": 1000,
            "basePoints": 6, "pointsPerStep": 0.2, "stepPermille": 1},
          "acceptancePass": {"maxPoints": 15, "zeroBelowPermille": 900, "fullAtPermille": 950,
            "basePoints": 10, "pointsPerStep": 0.1, "stepPermille": 1},
          "dataConfiguration": {"maxPoints": 5, "firstStepPoints": 0.2, "furtherStepPoints": 0.2,
            "stepMinutes": {"key": 5, "diamond": 10, "gold": 15, "silver": 20, "bronze": 30}},
          "restorationTime": {"maxPoints": 10, "firstStepPoints": 2, "furtherStepPoints": 2,
            "stepMinutes": {"key": 20, "diamond": 25, "gold": 30, "silver": 40, "bronze": 60}},
          "complaintTimeliness": {"maxPoints": 10, "zeroBelowPermille": 980, "fullAtPermille": 1000,
            "basePoints": 6, "pointsPerStep": 0.2, "stepPermille": 1},
          "networkQualityPoints": 10,
          "informationNotices": {"maxPoints": 5, "pointsPerItem": 1}
        }
        """

    static func assessmentPolicy() throws -> AssessmentPolicy {
        try JSONDecoder().decode(AssessmentPolicy.self, from: Data(assessmentPolicyJSON.utf8))
    }

    /// The survey step lengths of the policy above, for parameterised tests.
    static let surveySteps = LevelTable(key: 20, diamond: 25, gold: 30, silver: 40, bronze: 60)
    static let constructionSteps = LevelTable(key: 120, diamond: 240, gold: 480, silver: 720, bronze: 960)
    static let dataConfigurationSteps = LevelTable(key: 5, diamond: 10, gold: 15, silver: 20, bronze: 30)

    /// Diamond at most 10 %, Silver at most 20 % (DOMAIN.md §2).
    static func levelQuota() throws -> LevelQuota { try LevelQuota(diamondMaxPercent: 10, silverMaxPercent: 20) }

    /// Measurements that pass every default threshold of `service`.
    static func passingMeasurements(_ service: ServiceType) -> [TestMetric: Decimal] {
        switch service {
        case .e1Digital: [.erroredSeconds: 0, .severelyErroredSeconds: 0, .roundTripDelay: 12, .fibreAttenuation: 18]
        case .ddnAtmFrameRelay:
            [
                .bitErrorRatio: Decimal(string: "1e-10") ?? 0, .erroredSeconds: 0, .severelyErroredSeconds: 0,
                .lossOfSync: 0, .fibreAttenuation: 20, .throughput: Decimal(string: "99.5") ?? 0,
            ]
        case .mplsVpn: [.erroredSeconds: 0, .averageRoundTripDelay: 35, .packetLoss: Decimal(string: "0.05") ?? 0]
        case .ethernetPrivateLine: [.throughput: 100, .frameLoss: 0]
        }
    }

    static let testStart = Date(timeIntervalSince1970: 1_795_000_000)

    /// A complete report (tester named, confirmed, 24-hour period) with the given measurements.
    static func report(
        _ service: ServiceType, scope: NetworkScope = .local, measurements: [TestMetric: Decimal]? = nil,
        tester: String? = "Li Wei", confirmation: TestReport.Confirmation? = .init(by: .customerManager, name: "Zhang Min")
    ) -> TestReport {
        TestReport(
            service: service, scope: scope, measurements: measurements ?? passingMeasurements(service), tester: tester,
            confirmation: confirmation,
            period: .init(start: testStart, end: testStart.addingTimeInterval(24 * 3600)))
    }

    /// Decimal from text, exactly.
    static func dec(_ text: String) -> Decimal { Decimal(string: text) ?? .nan }
}
