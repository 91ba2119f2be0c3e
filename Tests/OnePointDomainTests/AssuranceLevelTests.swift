import Foundation
import OnePointDomain
import Testing

@Suite("Business assurance levels")
struct AssuranceLevelTests {
    @Test func encodesTheDocumentedNames() throws {
        let data = try JSONEncoder().encode(AssuranceLevel.allCases)
        #expect(String(decoding: data, as: UTF8.self) == #"["AAA","AA","A","Standard"]"#)
    }

    @Test(arguments: [
        ("AAA", AssuranceLevel.aaa), ("aaa", .aaa), (" Aa ", .aa), ("a", .a), ("STANDARD", .standard), ("standard", .standard),
    ])
    func parsesCaseInsensitively(text: String, level: AssuranceLevel) throws {
        #expect(try AssuranceLevel(parsing: text) == level)
    }

    @Test(arguments: ["AAAA", "", "gold", "B", "Std"])
    func refusesUnknownNamesNamingThem(text: String) {
        let error = #expect(throws: DomainError.self) { try AssuranceLevel(parsing: text) }
        #expect(error?.code == .unknownAssuranceLevel)
        #expect(error?.message.contains("'\(text)'") == true)
        #expect(error?.message.contains("AAA, AA, A, Standard") == true)
    }

    @Test func decodesLenientlyAndRefusesClearly() throws {
        let levels = try JSONDecoder().decode([AssuranceLevel].self, from: Data(#"["aaa","Aa","A","standard"]"#.utf8))
        #expect(levels == [.aaa, .aa, .a, .standard])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([AssuranceLevel].self, from: Data(#"["B"]"#.utf8))
        }
    }

    @Test func ordersFromTheMostDemanding() {
        #expect(AssuranceLevel.allCases.sorted() == [.aaa, .aa, .a, .standard])
        #expect(AssuranceLevel.aaa < .standard)
    }
}

@Suite("Customer level quotas")
struct LevelQuotaTests {
    let quota: LevelQuota

    init() throws { quota = try OrganisationFixtures.levelQuota() }

    private func population(key: Int = 0, diamond: Int = 0, gold: Int = 0, silver: Int = 0, bronze: Int = 0) -> [CustomerLevel] {
        Array(repeating: .key, count: key) + Array(repeating: .diamond, count: diamond)
            + Array(repeating: .gold, count: gold) + Array(repeating: .silver, count: silver)
            + Array(repeating: .bronze, count: bronze)
    }

    @Test func sharesAtTheLimitAreAllowed() {
        #expect(quota.check(population(key: 5, diamond: 10, gold: 15, silver: 20, bronze: 50)).isEmpty)
    }

    @Test func diamondOverQuotaWarns() {
        let warnings = quota.check(population(diamond: 11, silver: 20, bronze: 69))
        #expect(warnings == [LevelQuotaWarning(level: .diamond, count: 11, total: 100, limitPercent: 10)])
        #expect(warnings.first?.sharePercent == 11)
        #expect(warnings.first?.description == "diamond customers are 11 % of all (11 of 100), over the 10 % quota")
    }

    @Test func silverOverQuotaWarns() {
        let warnings = quota.check(population(silver: 3, bronze: 5))
        #expect(warnings == [LevelQuotaWarning(level: .silver, count: 3, total: 8, limitPercent: 20)])
        #expect(warnings.first?.sharePercent == Decimal(string: "37.5"))
    }

    @Test func bothOverQuotaWarnTwice() {
        let warnings = quota.check(population(diamond: 2, silver: 3, bronze: 1))
        #expect(warnings.map(\.level) == [.diamond, .silver])
        #expect(warnings.map(\.count) == [2, 3])
    }

    @Test func goldAndKeyHaveNoQuota() {
        #expect(quota.check(population(key: 50, gold: 50)).isEmpty)
        #expect(quota.check([]).isEmpty)
    }

    @Test func justOverTheLimitWarns() {
        // 101 customers, 11 Diamond: 10.89 % > 10 %.
        let warnings = quota.check(population(diamond: 11, bronze: 90))
        #expect(warnings.count == 1)
        #expect(warnings.first?.description.contains("10.9 %") == true)
    }

    @Test func refusesImpossiblePercentages() {
        let error = #expect(throws: DomainError.self) { try LevelQuota(diamondMaxPercent: 10, silverMaxPercent: 120) }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.contains("silverMaxPercent") == true)
        #expect(error?.message.contains("120") == true)
        #expect(throws: DomainError.self) {
            try JSONDecoder().decode(LevelQuota.self, from: Data(#"{"diamondMaxPercent": -1, "silverMaxPercent": 20}"#.utf8))
        }
        #expect(
            (try? JSONDecoder().decode(LevelQuota.self, from: Data(#"{"diamondMaxPercent": 10, "silverMaxPercent": 20}"#.utf8)))
                == quota)
    }
}
