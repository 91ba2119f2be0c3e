/// Who coordinates business that is not cross-domain, province by province (DOMAIN.md §1:
/// "for business that is not cross-domain the province decides who coordinates").
///
/// Configuration (`topology.yaml`, `topology.coordination`) sets a policy for every province
/// (``defaultPolicy``) and, where a province decided otherwise, its own (``byProvince``).
public struct CoordinationPolicies: Sendable, Equatable, Codable {
    /// The policy of a province that set none of its own.
    public let defaultPolicy: CoordinationPolicy
    /// The provinces that decided their own policy.
    public let byProvince: [UnitID: CoordinationPolicy]

    /// Makes the table.
    /// - Parameters:
    ///   - defaultPolicy: for every province not in `byProvince`.
    ///   - byProvince: a province's own choice, by province id.
    public init(defaultPolicy: CoordinationPolicy = .default, byProvince: [UnitID: CoordinationPolicy] = [:]) {
        self.defaultPolicy = defaultPolicy
        self.byProvince = byProvince
    }

    /// DOMAIN.md's default: the city owning the single access point coordinates, in every province.
    public static let `default` = CoordinationPolicies()

    /// The policy `province` applies.
    public func policy(forProvince province: UnitID) -> CoordinationPolicy {
        byProvince[province] ?? defaultPolicy
    }
}
