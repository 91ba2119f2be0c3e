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

    /// Whether the id can be part of a Kafka topic name, as each unit's own command topics
    /// (`onepoint.<unit>.ticket-commands`, docs/security.md) need: 1 to 64 ASCII letters,
    /// digits, `_` and `-`. No `.`, so no unit's topic name can be mistaken for another's.
    public var canNameTopic: Bool {
        (1...64).contains(rawValue.count) && rawValue.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }
}
