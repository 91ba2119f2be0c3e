/// A unit of the organisation (单位): HQ, a province or a city, each with its own group-customer
/// response centre (集团客户响应中心), the single point that receives work (DOMAIN.md §1).
///
/// Named `OrgUnit` rather than `Unit` because Foundation already declares `Unit` (units of
/// measure), which would make the shorter name ambiguous in every module importing Foundation.
public struct OrgUnit: Sendable, Codable, Equatable, Hashable, Identifiable, CustomStringConvertible {
    /// The unit's identifier, unique in a ``Topology``.
    public var id: UnitID
    /// Its tier.
    public var tier: Tier
    /// Its name, e.g. `"Guangzhou"`.
    public var name: String
    /// Its Chinese name, e.g. `"广州"`, when configured.
    public var chineseName: String?
    /// Its parent: `nil` for HQ, HQ for a province, a province for a city.
    public var parent: UnitID?

    public init(id: UnitID, tier: Tier, name: String, chineseName: String? = nil, parent: UnitID?) {
        self.id = id
        self.tier = tier
        self.name = name
        self.chineseName = chineseName
        self.parent = parent
    }

    public var description: String { "\(tier) '\(id)' (\(name))" }
}
