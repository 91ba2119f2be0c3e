import Foundation

/// A service's business assurance level (业务保障等级, DOMAIN.md §2): per service, not per
/// customer. It drives restoration targets, availability, proactive monitoring, protection,
/// contingency plans and inspection frequency.
///
/// Encoded as `"AAA"`, `"AA"`, `"A"`, `"Standard"`; decoded and parsed case-insensitively.
/// `Comparable` runs from the most demanding: `.aaa < .aa < .a < .standard`.
public enum AssuranceLevel: String, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case aaa = "AAA"
    case aa = "AA"
    case a = "A"
    case standard = "Standard"

    /// Parses `AAA`, `aa`, `Standard`, `STANDARD`, … (surrounding spaces ignored).
    /// - Throws: ``DomainError`` with code ``DomainError/Code/unknownAssuranceLevel`` naming the text.
    public init(parsing text: String) throws(DomainError) {
        let wanted = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let level = Self.allCases.first(where: { $0.rawValue.lowercased() == wanted }) else {
            throw DomainError(
                .unknownAssuranceLevel,
                "unknown assurance level '\(text)'; expected one of: AAA, AA, A, Standard")
        }
        self = level
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try AssuranceLevel(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    /// Position in strictness order: 0 for ``aaa`` … 3 for ``standard``.
    public var rank: Int {
        switch self {
        case .aaa: 0
        case .aa: 1
        case .a: 2
        case .standard: 3
        }
    }

    public static func < (lhs: AssuranceLevel, rhs: AssuranceLevel) -> Bool { lhs.rank < rhs.rank }

    public var description: String { rawValue }
}
