import Foundation

/// The registry quotas on customer service levels (DOMAIN.md §2): Diamond at most 10 % and
/// Silver at most 20 % of all group customers (source figures; the percentages are configuration).
///
/// A breach is a warning for the registry, never a rejection: ``check(_:)`` does not throw.
public struct LevelQuota: Sendable, Codable, Equatable {
    /// The largest share of Diamond customers allowed, in percent (0–100).
    public let diamondMaxPercent: Int
    /// The largest share of Silver customers allowed, in percent (0–100).
    public let silverMaxPercent: Int

    /// - Throws: ``DomainError/Code/invalidValue`` naming a percentage outside 0–100.
    public init(diamondMaxPercent: Int, silverMaxPercent: Int) throws(DomainError) {
        for (key, value) in [("diamondMaxPercent", diamondMaxPercent), ("silverMaxPercent", silverMaxPercent)]
        where !(0...100).contains(value) {
            throw DomainError(.invalidValue, "level quota: \(key) must be between 0 and 100, got \(value)")
        }
        self.diamondMaxPercent = diamondMaxPercent
        self.silverMaxPercent = silverMaxPercent
    }

    private enum CodingKeys: String, CodingKey { case diamondMaxPercent, silverMaxPercent }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            diamondMaxPercent: container.decode(Int.self, forKey: .diamondMaxPercent),
            silverMaxPercent: container.decode(Int.self, forKey: .silverMaxPercent))
    }

    /// The quota breaches in a population of customers, one level each (map a customer with
    /// no level to ``CustomerLevel/unset``). A share exactly at the limit is allowed.
    /// An empty population has no breaches.
    public func check(_ levels: some Sequence<CustomerLevel>) -> [LevelQuotaWarning] {
        var counts: [CustomerLevel: Int] = [:]
        var total = 0
        for level in levels {
            counts[level, default: 0] += 1
            total += 1
        }
        var warnings: [LevelQuotaWarning] = []
        for (level, limit) in [(CustomerLevel.diamond, diamondMaxPercent), (.silver, silverMaxPercent)] {
            let count = counts[level] ?? 0
            if count * 100 > limit * total {
                warnings.append(LevelQuotaWarning(level: level, count: count, total: total, limitPercent: limit))
            }
        }
        return warnings
    }
}

/// One level whose share of customers exceeds its quota.
public struct LevelQuotaWarning: Sendable, Codable, Equatable, CustomStringConvertible {
    /// The level over quota.
    public var level: CustomerLevel
    /// How many customers have that level.
    public var count: Int
    /// How many customers there are in all.
    public var total: Int
    /// The quota, in percent.
    public var limitPercent: Int

    /// The level's share of all customers, in percent (e.g. 12.5; 38 significant digits for
    /// shares such as 1/3).
    public var sharePercent: Decimal

    /// A warning for `count` of `total` customers at `level`; the share is computed.
    public init(level: CustomerLevel, count: Int, total: Int, limitPercent: Int) {
        self.level = level
        self.count = count
        self.total = total
        self.limitPercent = limitPercent
        self.sharePercent = total == 0 ? 0 : Decimal(count) * 100 / Decimal(total)
    }

    public var description: String {
        var share = sharePercent
        var rounded = Decimal()
        NSDecimalRound(&rounded, &share, 2, .up)
        return "\(level) customers are \(rounded) % of all (\(count) of \(total)), over the \(limitPercent) % quota"
    }
}
