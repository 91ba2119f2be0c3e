/// The tier of a unit in the three-tier organisation (DOMAIN.md §1).
///
/// `Comparable` follows the tree from the top: `.hq < .province < .city`.
public enum Tier: String, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    /// Headquarters (集团/总部): cross-province and international circuits, the inter-province
    /// backbone, the final end-to-end test report of a cross-province circuit.
    case hq
    /// Province (省级分公司): in-province cross-city circuits and the provincial backbone.
    case province
    /// City (地市分公司): local access, local tests, local cutover notices, on-site fault work.
    case city

    /// Distance from the top of the tree: 0 for ``hq``, 1 for ``province``, 2 for ``city``.
    public var depth: Int {
        switch self {
        case .hq: 0
        case .province: 1
        case .city: 2
        }
    }

    /// The Chinese name the response centres use.
    public var chineseName: String {
        switch self {
        case .hq: "集团/总部"
        case .province: "省级分公司"
        case .city: "地市分公司"
        }
    }

    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.depth < rhs.depth }

    public var description: String { rawValue }
}
