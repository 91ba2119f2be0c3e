/// A timed activity with a limit in the ``SLAPolicy``.
public enum Activity: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Existing-network survey and solution (现网资源勘查及方案制定); working days.
    case existingSurvey
    /// Construction survey (施工资源勘查); working days, from the customer manager's work order.
    case constructionSurvey
    /// Provisioning (业务开通), from the work order to completion reported back; working days.
    case provisioning
    /// Start of data configuration after its notice; plain minutes.
    case dataConfiguration
    /// Fault restoration (业务恢复), from report or alarm to restored service; plain 24×7 time.
    case restoration

    /// Whether the limit grows with more than 5 access points (surveys and provisioning).
    public var scalesWithAccessPoints: Bool {
        switch self {
        case .existingSurvey, .constructionSurvey, .provisioning: true
        case .dataConfiguration, .restoration: false
        }
    }

    public var description: String { rawValue }
}
