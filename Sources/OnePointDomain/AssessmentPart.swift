/// A scored part of the monthly unit assessment (DOMAIN.md §7), in the source's order.
///
/// The source's external satisfaction survey (外部满意度评价) makes up the rest of its
/// 100 points and is **not** scored by this system, so it has no case here.
public enum AssessmentPart: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Existing-network survey and solution (现网资源勘查及方案制定), 10.
    case existingNetworkSurvey
    /// Construction survey (施工资源勘查), 10.
    case constructionSurvey
    /// Provisioning on-time rate (业务开通及时率), 10.
    case provisioningOnTime
    /// Acceptance pass rate (业务验收通过率), 15.
    case acceptancePass
    /// Data-configuration timeliness (数据配置及时率), 5.
    case dataConfiguration
    /// Restoration time (业务故障处理时长), 10.
    case restorationTime
    /// Complaint timeliness (投诉处理及时率), 10.
    case complaintTimeliness
    /// Network quality (网络质量), 10, a yearly figure.
    case networkQuality
    /// Information notices (信息通告), 5.
    case informationNotices

    /// The section of the assessment a part belongs to.
    public enum Group: String, Sendable, Codable, CaseIterable {
        /// Pre-sale response (售前响应支撑), 20.
        case preSale
        /// Provisioning (业务开通服务), 30.
        case provisioning
        /// Faults and complaints (投诉故障处理), 30.
        case faultsAndComplaints
        /// Information notices (信息通告), 5.
        case informationNotices
    }

    /// The section this part belongs to.
    public var group: Group {
        switch self {
        case .existingNetworkSurvey, .constructionSurvey: .preSale
        case .provisioningOnTime, .acceptancePass, .dataConfiguration: .provisioning
        case .restorationTime, .complaintTimeliness, .networkQuality: .faultsAndComplaints
        case .informationNotices: .informationNotices
        }
    }

    /// The Chinese name used in the rulebooks.
    public var chineseName: String {
        switch self {
        case .existingNetworkSurvey: "现网资源勘查及方案制定"
        case .constructionSurvey: "施工资源勘查"
        case .provisioningOnTime: "业务开通及时率"
        case .acceptancePass: "业务验收通过率"
        case .dataConfiguration: "数据配置及时率"
        case .restorationTime: "业务故障处理时长"
        case .complaintTimeliness: "投诉处理及时率"
        case .networkQuality: "网络质量"
        case .informationNotices: "信息通告"
        }
    }

    public var description: String { rawValue }
}
