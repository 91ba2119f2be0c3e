/// Who coordinates (主调方) business that is **not** cross-domain (DOMAIN.md §1).
///
/// Cross-domain business is always coordinated by the initiating unit (source); for single-unit
/// business the province decides, which this policy expresses.
public enum CoordinationPolicy: String, Sendable, Codable, CaseIterable {
    /// The city that owns the single access point coordinates (the default).
    case accessPointCity
    /// The unit where the requirement was raised coordinates, as for cross-domain business.
    case initiatingUnit

    /// The default rule of DOMAIN.md §1.
    public static let `default`: CoordinationPolicy = .accessPointCity
}
