import OnePointDomain

/// What `sla.yaml` holds: the SLA policy (every limit, interval, lead time and ladder) and the
/// quotas on customer levels.
public struct SLAConfiguration: Sendable, Equatable {
    /// The SLA tables of DOMAIN.md §§4–6.
    public let policy: SLAPolicy
    /// The Diamond and Silver quotas of DOMAIN.md §2.
    public let levelQuota: LevelQuota
    /// The complaint clocks (`sla.complaints`).
    public let complaints: ComplaintPolicy

    /// Pairs a policy with the level quotas.
    public init(policy: SLAPolicy, levelQuota: LevelQuota, complaints: ComplaintPolicy) {
        self.policy = policy
        self.levelQuota = levelQuota
        self.complaints = complaints
    }
}
