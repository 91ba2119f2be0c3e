import Foundation

extension SLAPolicy {
    /// The provisioning limit of an order for a `level` customer whose access points lie in the
    /// cities `accessPointCities` (one entry per access point; repeats are the point).
    ///
    /// DOMAIN.md §5: the points that count are one customer's **in one city** (同一地市同一客户).
    /// An order whose every city has 5 points or fewer keeps the base limit, however many cities
    /// it spans; otherwise its limit is the largest of its cities' scaled limits
    /// (``provisioningHalfDays(base:accessPointsPerCity:)``). Silver (base 9 working days):
    /// 3 + 3 points in two cities → 9 working days; 7 in one city and 2 in another → 13.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when
    ///   `accessPointCities` is empty.
    public func provisioningLimit(level: CustomerLevel, accessPointCities: [UnitID]) throws(DomainError) -> Limit {
        try provisioningLimit(level: level, accessPointsPerCity: Self.accessPointsPerCity(accessPointCities).map(\.count))
    }

    /// The provisioning limit of an order for a `level` customer with `accessPointsPerCity`
    /// access points in each of its cities (`[7, 2]`: 7 in one city, 2 in another).
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when the list is
    ///   empty or a count is below 1.
    public func provisioningLimit(level: CustomerLevel, accessPointsPerCity: [Int]) throws(DomainError) -> Limit {
        .workingHalfDays(try Self.provisioningHalfDays(base: provisioningHalfDays[level], accessPointsPerCity: accessPointsPerCity))
    }

    /// The provisioning rule on half working days: the largest of
    /// ``scaledHalfDays(base:accessPoints:)`` over the cities, so `base` whenever every city has
    /// 5 points or fewer. Integers only: base 18 (Silver), `[3, 3]` → 18; `[7, 2]` →
    /// ceil(18 × 7 / 5) = 26; `[6, 7]` → max(22, 26) = 26.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when
    ///   `accessPointsPerCity` is empty, a count is below 1, `base` is negative or the result
    ///   would overflow.
    public static func provisioningHalfDays(base: Int, accessPointsPerCity: [Int]) throws(DomainError) -> Int {
        guard !accessPointsPerCity.isEmpty else {
            throw DomainError(.invalidValue, "a provisioning limit needs the access points of at least one city; none given")
        }
        var largest = 0
        for (index, count) in accessPointsPerCity.enumerated() {
            guard count >= 1 else {
                throw DomainError(
                    .invalidValue, "access point count \(count) of city \(index + 1) of \(accessPointsPerCity.count) must be at least 1")
            }
            largest = max(largest, try scaledHalfDays(base: base, accessPoints: count))
        }
        return largest
    }

    /// How many access points each city holds, from the city of every access point: one entry
    /// per city, sorted by city id (`[GD-GZ, GD-SZ, GD-GZ]` → `[(GD-GZ, 2), (GD-SZ, 1)]`).
    public static func accessPointsPerCity(_ accessPointCities: [UnitID]) -> [(city: UnitID, count: Int)] {
        var counts: [UnitID: Int] = [:]
        for city in accessPointCities { counts[city, default: 0] += 1 }
        return counts.keys.sorted().map { (city: $0, count: counts[$0] ?? 0) }
    }
}
