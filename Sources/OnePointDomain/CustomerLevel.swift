/// A customer's service level (客户服务等级), one per customer.
///
/// Ordered from the most demanding (``key``) to the least (``bronze``); `Comparable` follows
/// that order, so `.key < .diamond` reads "Key is stricter than Diamond".
/// A customer with no level set is treated as ``bronze`` (DOMAIN.md §2, source).
public enum CustomerLevel: String, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    /// Key-assurance (重点保障级 / 重要级): production runs on the network; above Diamond.
    case key
    /// Diamond (钻石).
    case diamond
    /// Gold (金牌).
    case gold
    /// Silver (银牌).
    case silver
    /// Bronze (铜牌); also the level of a customer with none set.
    case bronze

    /// The level to use when a customer has none set.
    public static let unset: CustomerLevel = .bronze

    /// Parses a level name as people and flags write it (`key`, `Diamond`, `GOLD`, …).
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/unknownLevel`` naming the text.
    public init(parsing text: String) throws(DomainError) {
        let normalized = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let level = CustomerLevel(rawValue: normalized) else {
            throw DomainError(
                .unknownLevel,
                "unknown customer level '\(text)'; expected one of: key, diamond, gold, silver, bronze")
        }
        self = level
    }

    /// Position in strictness order: 0 for ``key`` … 4 for ``bronze``.
    public var rank: Int {
        switch self {
        case .key: 0
        case .diamond: 1
        case .gold: 2
        case .silver: 3
        case .bronze: 4
        }
    }

    public static func < (lhs: CustomerLevel, rhs: CustomerLevel) -> Bool { lhs.rank < rhs.rank }

    public var description: String { rawValue }
}

/// A per-level table of values: one value for each ``CustomerLevel``.
///
/// Used for every SLA table in DOMAIN.md (survey limits, provisioning limits, restoration
/// limits, feedback intervals, notice lead times, scoring steps).
public struct LevelTable<Value: Sendable>: Sendable {
    public var key: Value
    public var diamond: Value
    public var gold: Value
    public var silver: Value
    public var bronze: Value

    public init(key: Value, diamond: Value, gold: Value, silver: Value, bronze: Value) {
        self.key = key
        self.diamond = diamond
        self.gold = gold
        self.silver = silver
        self.bronze = bronze
    }

    /// The value for `level`.
    public subscript(level: CustomerLevel) -> Value {
        get {
            switch level {
            case .key: key
            case .diamond: diamond
            case .gold: gold
            case .silver: silver
            case .bronze: bronze
            }
        }
        set {
            switch level {
            case .key: key = newValue
            case .diamond: diamond = newValue
            case .gold: gold = newValue
            case .silver: silver = newValue
            case .bronze: bronze = newValue
            }
        }
    }
}

extension LevelTable: Equatable where Value: Equatable {}
extension LevelTable: Codable where Value: Codable {}
