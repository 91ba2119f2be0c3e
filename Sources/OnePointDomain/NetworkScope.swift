/// How far a piece of business reaches across the organisation.
public enum NetworkScope: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Every access point in one city: local business, not cross-domain.
    case local
    /// Access points in several cities of one province: the provincial backbone is involved.
    case crossCity
    /// Access points in more than one province: the inter-province trunk is involved.
    case crossProvince

    /// Whether the business stays inside one province (``local`` or ``crossCity``), the
    /// distinction the MPLS VPN delay threshold makes.
    public var isInProvince: Bool { self != .crossProvince }

    public var description: String { rawValue }
}
