import Foundation
import OnePointDomain
import Testing

@Suite("Assessment score")
struct AssessmentTests {
    let policy: AssessmentPolicy

    init() throws { policy = try OrganisationFixtures.assessmentPolicy() }

    private func facts(_ edit: (inout AssessmentFacts) -> Void) -> AssessmentFacts {
        var facts = AssessmentFacts(unit: "GD-GZ", month: "2026-11")
        edit(&facts)
        return facts
    }

    private func score(_ part: AssessmentPart, _ edit: (inout AssessmentFacts) -> Void) throws -> Int {
        try policy.score(facts(edit))[part].hundredths
    }

    // MARK: maxima

    @Test func maximaFollowTheSourceAndTotal85() throws {
        let maxima = AssessmentPart.allCases.map { policy.maximum(of: $0).hundredths / 100 }
        #expect(maxima == [10, 10, 10, 15, 5, 10, 10, 10, 5])
        #expect(policy.maximum == 85)
        let card = try policy.score(facts { _ in })
        #expect(card.total == 85)
        #expect(card.maximum == 85)
        #expect(card.subtotal(.preSale) == 20)
        #expect(card.subtotal(.provisioning) == 30)
        #expect(card.subtotal(.faultsAndComplaints) == 30)
        #expect(card.subtotal(.informationNotices) == 5)
        #expect(card.notScored.first?.contains("satisfaction survey") == true)
    }

    // MARK: rates

    @Test(arguments: [
        (0, 10, 0), (979, 1000, 0), (1959, 2000, 0), (980, 1000, 600), (1961, 2000, 600), (981, 1000, 620),
        (983, 1000, 660), (995, 1000, 900), (999, 1000, 980), (1999, 2000, 980), (9999, 10000, 980), (1000, 1000, 1000),
        (49, 50, 600), (50, 50, 1000),
    ])
    func onTimeRate(met: Int, total: Int, hundredths: Int) throws {
        #expect(try score(.provisioningOnTime) { $0.provisioningOnTime = .init(met: met, total: total) } == hundredths)
        #expect(try score(.complaintTimeliness) { $0.complaints = .init(met: met, total: total) } == hundredths)
    }

    @Test(arguments: [
        (899, 1000, 0), (1799, 2000, 0), (900, 1000, 1000), (1801, 2000, 1000), (901, 1000, 1010), (949, 1000, 1490),
        (1899, 2000, 1490), (950, 1000, 1500), (951, 1000, 1500), (1000, 1000, 1500), (9, 10, 1000), (19, 20, 1500),
    ])
    func acceptancePassRate(met: Int, total: Int, hundredths: Int) throws {
        #expect(try score(.acceptancePass) { $0.acceptance = .init(met: met, total: total) } == hundredths)
    }

    @Test func aMonthWithoutCasesScoresFull() throws {
        let card = try policy.score(facts { _ in })
        #expect(card[.provisioningOnTime] == 10)
        #expect(card[.acceptancePass] == 15)
        #expect(card[.complaintTimeliness] == 10)
        #expect(card.parts.first { $0.part == .acceptancePass }?.detail == "no cases")
    }

    @Test func rateDetailShowsTheCountedPerMille() throws {
        let card = try policy.score(facts { $0.provisioningOnTime = .init(met: 1961, total: 2000) })
        #expect(card.parts.first { $0.part == .provisioningOnTime }?.detail == "1961 of 2000 (98.0 %)")
    }

    // MARK: overrun steps

    @Test(arguments: CustomerLevel.allCases)
    func existingNetworkSurveySteps(level: CustomerLevel) throws {
        let step = OrganisationFixtures.surveySteps[level]
        func points(_ overrun: Int) throws -> Int {
            try score(.existingNetworkSurvey) { $0.existingNetworkSurveys = [.init(level: level, overrunMinutes: overrun)] }
        }
        #expect(try points(-30) == 1000)
        #expect(try points(0) == 1000)
        #expect(try points(1) == 980)
        #expect(try points(step) == 980)
        #expect(try points(step + 1) == 960)
        #expect(try points(2 * step) == 960)
        #expect(try points(50 * step) == 0)
        #expect(try points(50 * step + 1) == 0)
        #expect(try points(1_000_000) == 0)
        #expect(try points(Int.max) == 0)
    }

    @Test(arguments: CustomerLevel.allCases)
    func constructionSurveySteps(level: CustomerLevel) throws {
        let step = OrganisationFixtures.constructionSteps[level]
        func points(_ overrun: Int) throws -> Int {
            try score(.constructionSurvey) { $0.constructionSurveys = [.init(level: level, overrunMinutes: overrun)] }
        }
        #expect(try points(0) == 1000)
        #expect(try points(step) == 980)
        #expect(try points(step + 1) == 960)
        #expect(try points(49 * step) == 20)
        #expect(try points(500 * step) == 0)
    }

    @Test(arguments: CustomerLevel.allCases)
    func dataConfigurationSteps(level: CustomerLevel) throws {
        let step = OrganisationFixtures.dataConfigurationSteps[level]
        func points(_ overrun: Int) throws -> Int {
            try score(.dataConfiguration) { $0.dataConfigurations = [.init(level: level, overrunMinutes: overrun)] }
        }
        #expect(try points(0) == 500)
        #expect(try points(step) == 480)
        #expect(try points(step + 1) == 460)
        #expect(try points(24 * step) == 20)
        #expect(try points(25 * step) == 0)
        #expect(try points(100 * step) == 0)
    }

    @Test(arguments: CustomerLevel.allCases)
    func restorationTimeSteps(level: CustomerLevel) throws {
        let step = OrganisationFixtures.surveySteps[level]  // 20 / 25 / 30 / 40 / 60 as for the survey
        func points(_ overrun: Int) throws -> Int {
            try score(.restorationTime) { $0.restorations = [.init(level: level, overrunMinutes: overrun)] }
        }
        #expect(try points(0) == 1000)
        #expect(try points(1) == 800)
        #expect(try points(step) == 800)
        #expect(try points(step + 1) == 600)
        #expect(try points(2 * step) == 600)
        #expect(try points(2 * step + 1) == 400)
        #expect(try points(4 * step + 1) == 0)
        #expect(try points(5 * step) == 0)
        #expect(try points(10_000) == 0)
    }

    @Test func deductionsAccumulateOverTheMonthAndFloorAtZero() throws {
        let card = try policy.score(facts {
            $0.existingNetworkSurveys = [
                .init(level: .key, overrunMinutes: 20), .init(level: .gold, overrunMinutes: 31),
                .init(level: .bronze, overrunMinutes: -100),
            ]
            $0.restorations = [.init(level: .diamond, overrunMinutes: 1), .init(level: .silver, overrunMinutes: 41)]
            $0.dataConfigurations = Array(repeating: .init(level: .key, overrunMinutes: 6), count: 13)
        })
        #expect(card[.existingNetworkSurvey] == ScorePoints(hundredths: 940))
        #expect(card[.restorationTime] == 4)
        #expect(card[.dataConfiguration] == 0)
        #expect(card.parts.first { $0.part == .existingNetworkSurvey }?.detail == "3 item(s), 2 over the limit, 3 step(s), 0.6 off")
    }

    @Test func aMissingLevelCountsAsBronze() throws {
        let json = #"{"unit": "GD-GZ", "month": "2026-11", "existingNetworkSurveys": [{"overrunMinutes": 60}, {"overrunMinutes": 61}]}"#
        let facts = try JSONDecoder().decode(AssessmentFacts.self, from: Data(json.utf8))
        #expect(facts.existingNetworkSurveys.map(\.level) == [.bronze, .bronze])
        #expect(try policy.score(facts)[.existingNetworkSurvey] == ScorePoints(hundredths: 940))
    }

    // MARK: network quality and notices

    @Test func networkQualityIsAllOrNothing() throws {
        #expect(try score(.networkQuality) { $0.networkQualityBreaches = 0 } == 1000)
        #expect(try score(.networkQuality) { $0.networkQualityBreaches = 1 } == 0)
        #expect(try score(.networkQuality) { $0.networkQualityBreaches = 12 } == 0)
    }

    @Test(arguments: [(0, 0, 500), (1, 0, 400), (0, 1, 400), (2, 1, 200), (5, 0, 0), (4, 9, 0), (Int.max, Int.max, 0)])
    func informationNotices(late: Int, missing: Int, hundredths: Int) throws {
        #expect(try score(.informationNotices) {
            $0.lateCutoverNotices = late
            $0.missingCutoverNotices = missing
        } == hundredths)
    }

    // MARK: a whole month

    @Test func aWholeMonth() throws {
        let json = """
            {"unit": "GD-GZ", "month": "2026-11",
             "existingNetworkSurveys": [{"level": "gold", "overrunMinutes": 45, "reference": "PS-1"}],
             "constructionSurveys": [{"level": "silver", "overrunMinutes": 130}],
             "provisioningOnTime": {"met": 983, "total": 1000},
             "acceptance": {"met": 19, "total": 20},
             "dataConfigurations": [{"level": "key", "overrunMinutes": 6}],
             "restorations": [{"level": "diamond", "overrunMinutes": 30}],
             "complaints": {"met": 1999, "total": 2000},
             "networkQualityBreaches": 0, "lateCutoverNotices": 1}
            """
        let card = try policy.score(JSONDecoder().decode(AssessmentFacts.self, from: Data(json.utf8)))
        #expect(card.parts.map(\.points.description) == ["9.6", "9.8", "6.6", "15", "4.6", "6", "9.8", "10", "4"])
        #expect(card.total == ScorePoints(hundredths: 7540))
        #expect(card.subtotal(.preSale) == ScorePoints(hundredths: 1940))
        let encoded = String(decoding: try JSONEncoder().encode(card), as: UTF8.self)
        #expect(encoded.contains(#""total":75.4"#))
        #expect(encoded.contains(#""maximum":85"#))
        #expect(try JSONDecoder().decode(Scorecard.self, from: Data(encoded.utf8)) == card)
    }

    // MARK: validation

    @Test(arguments: ["2026-13", "2026-1", "26-11", "2026/11", "", "2026-00", "２０２６-11"])
    func refusesABadMonth(month: String) {
        let error = #expect(throws: DomainError.self) {
            try policy.score(AssessmentFacts(unit: "GD-GZ", month: month))
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.contains("'\(month)'") == true)
    }

    @Test func refusesImpossibleCounts() {
        let tooMany = #expect(throws: DomainError.self) {
            try policy.score(facts { $0.acceptance = .init(met: 11, total: 10) })
        }
        #expect(tooMany?.code == .invalidValue)
        #expect(tooMany?.message.contains("acceptance needs 0 ≤ met ≤ total, got met 11, total 10") == true)
        let negative = #expect(throws: DomainError.self) {
            try policy.score(facts { $0.complaints = .init(met: -1, total: 10) })
        }
        #expect(negative?.message.contains("complaints") == true)
        let notices = #expect(throws: DomainError.self) {
            try policy.score(facts { $0.missingCutoverNotices = -2 })
        }
        #expect(notices?.message.contains("missingCutoverNotices must be 0 or more, got -2") == true)
    }

    @Test func refusesABadPolicyNamingTheKey() throws {
        let zeroStep = OrganisationFixtures.assessmentPolicyJSON.replacingOccurrences(
            of: #""gold": 30, "silver": 40, "bronze": 60}},"#, with: #""gold": 0, "silver": 40, "bronze": 60}},"#)
        #expect(zeroStep != OrganisationFixtures.assessmentPolicyJSON)
        let error = #expect(throws: DomainError.self) {
            try JSONDecoder().decode(AssessmentPolicy.self, from: Data(zeroStep.utf8))
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.contains("existingNetworkSurvey.stepMinutes.gold must be a positive number of minutes, got 0") == true)

        let reversed = OrganisationFixtures.assessmentPolicyJSON.replacingOccurrences(
            of: #""zeroBelowPermille": 900, "fullAtPermille": 950"#, with: #""zeroBelowPermille": 960, "fullAtPermille": 950"#)
        let rateError = #expect(throws: DomainError.self) {
            try JSONDecoder().decode(AssessmentPolicy.self, from: Data(reversed.utf8))
        }
        #expect(rateError?.message.contains("acceptancePass") == true)

        let baseTooHigh = OrganisationFixtures.assessmentPolicyJSON.replacingOccurrences(
            of: #""basePoints": 10,"#, with: #""basePoints": 16,"#)
        let baseError = #expect(throws: DomainError.self) {
            try JSONDecoder().decode(AssessmentPolicy.self, from: Data(baseTooHigh.utf8))
        }
        #expect(baseError?.message.contains("acceptancePass.basePoints (16) must not exceed maxPoints (15)") == true)

        let negative = OrganisationFixtures.assessmentPolicyJSON.replacingOccurrences(
            of: #""networkQualityPoints": 10"#, with: #""networkQualityPoints": -10"#)
        let negativeError = #expect(throws: DomainError.self) {
            try JSONDecoder().decode(AssessmentPolicy.self, from: Data(negative.utf8))
        }
        #expect(negativeError?.message.contains("networkQualityPoints must be 0 or more, got -10") == true)

        let tooFine = OrganisationFixtures.assessmentPolicyJSON.replacingOccurrences(
            of: #""pointsPerItem": 1"#, with: #""pointsPerItem": 0.005"#)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(AssessmentPolicy.self, from: Data(tooFine.utf8))
        }
    }
}

@Suite("Score points")
struct ScorePointsTests {
    @Test func printAndEncodeAsPlainDecimals() throws {
        #expect(ScorePoints(hundredths: 980).description == "9.8")
        #expect(ScorePoints(10).description == "10")
        #expect(ScorePoints(hundredths: 20).description == "0.2")
        #expect(ScorePoints.zero.description == "0")
        #expect(ScorePoints(hundredths: 1490).description == "14.9")
        let data = try JSONEncoder().encode([ScorePoints(hundredths: 980), 15, ScorePoints(hundredths: 5)])
        #expect(String(decoding: data, as: UTF8.self) == "[9.8,15,0.05]")
        #expect(try JSONDecoder().decode([ScorePoints].self, from: data) == [ScorePoints(hundredths: 980), 15, ScorePoints(hundredths: 5)])
    }

    @Test func decimalsConvertExactlyOrNotAtAll() throws {
        #expect(try ScorePoints(OrganisationFixtures.dec("0.2")) == ScorePoints(hundredths: 20))
        #expect(try ScorePoints(OrganisationFixtures.dec("-1.25")) == ScorePoints(hundredths: -125))
        let error = #expect(throws: DomainError.self) { try ScorePoints(OrganisationFixtures.dec("0.125")) }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.contains("0.125") == true)
        #expect(throws: DomainError.self) { try ScorePoints(OrganisationFixtures.dec("1e30")) }
        #expect(throws: DomainError.self) { try ScorePoints(Decimal.nan) }
    }

    @Test func clampFloorsAndCaps() {
        #expect(ScorePoints(-3).clamped(to: 10) == 0)
        #expect(ScorePoints(12).clamped(to: 10) == 10)
        #expect(ScorePoints(hundredths: 980).clamped(to: 10) == ScorePoints(hundredths: 980))
    }
}
