import Foundation
import OnePointDomain
import Testing

@Suite struct SLAPolicyTests {
    typealias F = TimeFixtures

    @Test func sourceExamplesForMoreThanFiveAccessPoints() throws {
        let policy = try F.policy()
        let bronzeSurvey = try policy.limit(for: .constructionSurvey, level: .bronze, accessPoints: 8)
        #expect(bronzeSurvey == .workingHalfDays(13) && bronzeSurvey.description == "6.5 working days")
        let silver7 = try policy.limit(for: .provisioning, level: .silver, accessPoints: 7)
        #expect(silver7 == .workingHalfDays(26) && silver7.description == "13 working days")
        let silver10 = try policy.limit(for: .provisioning, level: .silver, accessPoints: 10)
        #expect(silver10 == .workingHalfDays(36) && silver10.description == "18 working days")
    }

    @Test func baseAppliesUpToFivePoints() throws {
        let policy = try F.policy()
        for points in 1...5 {
            #expect(try policy.limit(for: .provisioning, level: .silver, accessPoints: points) == .workingHalfDays(18))
            #expect(try policy.limit(for: .existingSurvey, level: .bronze, accessPoints: points).description == "2.5 working days")
        }
        #expect(try policy.limit(for: .provisioning, level: .silver, accessPoints: 6) == .workingHalfDays(22))  // 10.8 → 11
    }

    @Test func tablesPerLevel() throws {
        let policy = try F.policy()
        let expected: [(CustomerLevel, String, String, String, String)] = [
            (.key, "1 working day", "2 working days", "5 working days", "1.5 hours"),
            (.diamond, "1.5 working days", "2.5 working days", "6 working days", "2 hours"),
            (.gold, "2 working days", "3 working days", "7 working days", "4 hours"),
            (.silver, "2 working days", "3.5 working days", "9 working days", "6 hours"),
            (.bronze, "2.5 working days", "4 working days", "10 working days", "8 hours"),
        ]
        for (level, existing, construction, provisioning, restoration) in expected {
            #expect(try policy.limit(for: .existingSurvey, level: level).description == existing)
            #expect(try policy.limit(for: .constructionSurvey, level: level).description == construction)
            #expect(try policy.limit(for: .provisioning, level: level).description == provisioning)
            #expect(try policy.limit(for: .restoration, level: level, accessPoints: 40).description == restoration)
        }
    }

    @Test func accessPointsBelowOneIsAnError() throws {
        let policy = try F.policy()
        for points in [0, -3] {
            let error = #expect(throws: DomainError.self) { try policy.limit(for: .provisioning, level: .gold, accessPoints: points) }
            #expect(error?.code == .invalidValue)
            #expect(error?.message.contains("\(points)") == true)
        }
        #expect(throws: DomainError.self) { try SLAPolicy.scaledHalfDays(base: 18, accessPoints: Int.max) }
        #expect(throws: DomainError.self) { try SLAPolicy.scaledHalfDays(base: -1, accessPoints: 3) }
    }

    @Test func validatesTables() throws {
        let good = try F.policy()
        let error = #expect(throws: DomainError.self) {
            try SLAPolicy(
                existingSurveyHalfDays: good.existingSurveyHalfDays, constructionSurveyHalfDays: good.constructionSurveyHalfDays,
                provisioningHalfDays: good.provisioningHalfDays, restorationMinutes: F.table(90, 120, 0, 360, 480),
                dataConfigurationMinutes: 30, feedbackIntervalMinutes: good.feedbackIntervalMinutes,
                noticeLeadWorkingDays: good.noticeLeadWorkingDays, emergencyNoticeLeadHours: 24,
                provisioningLadder: good.provisioningLadder, faultLadder: good.faultLadder)
        }
        #expect(error?.message.contains("restorationMinutes for gold") == true)
        #expect(throws: DomainError.self) {
            try SLAPolicy(
                existingSurveyHalfDays: good.existingSurveyHalfDays, constructionSurveyHalfDays: good.constructionSurveyHalfDays,
                provisioningHalfDays: good.provisioningHalfDays, restorationMinutes: good.restorationMinutes,
                dataConfigurationMinutes: 30, feedbackIntervalMinutes: good.feedbackIntervalMinutes,
                noticeLeadWorkingDays: F.table(5, 5, 5, -3, 2), emergencyNoticeLeadHours: 24,
                provisioningLadder: good.provisioningLadder, faultLadder: good.faultLadder)
        }
    }

    @Test func codableRoundTripValidates() throws {
        let policy = try F.policy()
        let data = try JSONEncoder().encode(policy)
        #expect(try JSONDecoder().decode(SLAPolicy.self, from: data) == policy)
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: #""dataConfigurationMinutes":30"#, with: #""dataConfigurationMinutes":0"#)
        #expect(text != String(decoding: data, as: UTF8.self))
        #expect(throws: DomainError.self) { try JSONDecoder().decode(SLAPolicy.self, from: Data(text.utf8)) }
    }

    @Test func activitiesThatScale() {
        #expect(Activity.allCases.filter(\.scalesWithAccessPoints) == [.existingSurvey, .constructionSurvey, .provisioning])
    }
}
