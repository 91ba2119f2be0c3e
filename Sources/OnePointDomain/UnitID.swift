/// The identifier of a unit, such as `"HQ"`, `"GD"` or `"GD-GZ"`.
///
/// Encoded and decoded as a plain JSON string, and usable as a JSON object key.
public struct UnitID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CodingKeyRepresentable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    /// The identifier text, exactly as configured.
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// Wraps `rawValue` as an identifier.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (lhs: UnitID, rhs: UnitID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { rawValue }
}
