import Foundation
import OnePointDomain
import Testing

/// DOMAIN.md §5: provisioning counts the access points of one customer **in one city**
/// (同一地市同一客户). Expected values worked by hand with the Silver base of 9 working days
/// (18 half days) and Bronze 10 (20).
@Suite("provisioning limit: access points counted per city")
struct ProvisioningLimitTests {
    typealias F = TimeFixtures

    @Test("3 + 3 points in two cities keep the base limit (counting all 6 would give 11 working days)")
    func threePlusThree() throws {
        let policy = try F.policy()
        let cities: [UnitID] = ["GD-GZ", "GD-SZ", "GD-GZ", "GD-SZ", "GD-GZ", "GD-SZ"]
        #expect(try policy.provisioningLimit(level: .silver, accessPointCities: cities) == .workingHalfDays(18))
        #expect(try policy.provisioningLimit(level: .silver, accessPointsPerCity: [3, 3]).description == "9 working days")
        // Five in each of three cities: still the base, however many cities.
        #expect(try policy.provisioningLimit(level: .silver, accessPointsPerCity: [5, 5, 5]) == .workingHalfDays(18))
    }

    @Test("7 points in one city and 2 in another: scaled for 7 (9 × 7 / 5 = 12.6 → 13 working days), not for 9")
    func sevenPlusTwo() throws {
        let policy = try F.policy()
        let cities: [UnitID] = Array(repeating: "GD-GZ", count: 7) + ["GD-SZ", "GD-SZ"]
        #expect(try policy.provisioningLimit(level: .silver, accessPointCities: cities) == .workingHalfDays(26))
        // All 9 counted together would be ceil(18 × 9 / 5) = ceil(32.4) = 33 half days.
        #expect(try policy.provisioningLimit(level: .silver, accessPointsPerCity: [2, 7]) == .workingHalfDays(26))
    }

    @Test("the largest of the cities' scaled limits")
    func largestCity() throws {
        #expect(try SLAPolicy.provisioningHalfDays(base: 18, accessPointsPerCity: [6, 7]) == 26)  // max(21.6 → 22, 25.2 → 26)
        #expect(try SLAPolicy.provisioningHalfDays(base: 18, accessPointsPerCity: [6, 6]) == 22)  // 21.6 → 22, not 12 points' 43.2 → 44
        #expect(try SLAPolicy.provisioningHalfDays(base: 20, accessPointsPerCity: [8, 1, 5]) == 32)  // 20 × 8 / 5 exactly
        #expect(try SLAPolicy.provisioningHalfDays(base: 18, accessPointsPerCity: [10]) == 36)  // exactly 18 days, not 18.5
        let policy = try F.policy()
        #expect(try policy.provisioningLimit(level: .bronze, accessPointsPerCity: [1, 8, 5]).description == "16 working days")
    }

    @Test("one city: the same limit as the single-count rule")
    func oneCity() throws {
        let policy = try F.policy()
        for points in 1...12 {
            #expect(
                try policy.provisioningLimit(level: .gold, accessPointsPerCity: [points])
                    == policy.limit(for: .provisioning, level: .gold, accessPoints: points))
        }
        #expect(try policy.limit(for: .provisioning, level: .silver, accessPoints: 7) == .workingHalfDays(26))
    }

    @Test("points per city are counted from each point's city, sorted by city")
    func counting() {
        let counted = SLAPolicy.accessPointsPerCity(["JS-NJ", "GD-GZ", "JS-NJ", "GD-SZ", "JS-NJ"])
        #expect(counted.map(\.city) == ["GD-GZ", "GD-SZ", "JS-NJ"])
        #expect(counted.map(\.count) == [1, 1, 3])
        #expect(SLAPolicy.accessPointsPerCity([]).isEmpty)
    }

    @Test("no city, or a city with no point, is an error naming it")
    func errors() throws {
        let policy = try F.policy()
        let none = #expect(throws: DomainError.self) { try policy.provisioningLimit(level: .silver, accessPointCities: []) }
        #expect(none?.code == .invalidValue)
        let zero = #expect(throws: DomainError.self) { try policy.provisioningLimit(level: .silver, accessPointsPerCity: [3, 0]) }
        #expect(zero?.code == .invalidValue)
        #expect(zero?.message.contains("city 2 of 2") == true)
    }
}
