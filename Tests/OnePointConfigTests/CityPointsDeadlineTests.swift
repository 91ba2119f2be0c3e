import Foundation
import OnePointConfig
import OnePointDomain
import Testing

/// `onepoint sla deadline --points 7,2`: provisioning counts the points city by city; a survey
/// counts every point of the request. Silver provisioning from Friday 2026-11-20 16:00.
@Suite("sla deadline: access points per city")
struct CityPointsDeadlineTests {
    let calculator: SLACalculator

    init() throws {
        calculator = try ConfigFixtures.calculator()
    }

    @Test("3,3: the base 9 working days, due Thursday 12-03 16:00 (the DOMAIN.md worked example)")
    func threePlusThree() throws {
        let answer = try calculator.deadline(activity: "provisioning", level: "silver", points: "3,3", start: "2026-11-20T16:00:00+08:00")
        #expect(answer.limit == .workingHalfDays(18))
        #expect(answer.deadline == (try ConfigFixtures.at("2026-12-03 16:00")))
        #expect(
            answer.description
                == "deadline 2026-12-03T16:00:00+08:00 (limit 9 working days, silver provisioning, 6 access points (3 + 3 by city))")
    }

    @Test("7,2: scaled for 7 to 13 working days, due Wednesday 12-09 16:00; JSON names each city's count")
    func sevenPlusTwo() throws {
        let answer = try calculator.deadline(activity: "provisioning", level: "silver", points: "7, 2", start: "2026-11-20T16:00:00+08:00")
        #expect(answer.limit == .workingHalfDays(26))
        #expect(answer.deadline == (try ConfigFixtures.at("2026-12-09 16:00")))
        let object = try ConfigFixtures.object(try JSONText.encode(answer))
        #expect(object["accessPoints"] as? Int == 9)
        #expect((object["accessPointsPerCity"] as? [Any])?.compactMap { $0 as? Int } == [7, 2])
        #expect(object["limitHalfWorkingDays"] as? Int == 26)
    }

    @Test("a survey counts the request's points: 3,3 is 6 points, Bronze construction survey 4 × 6 / 5 = 4.8 → 5 working days")
    func surveyCountsTheRequest() throws {
        // 40 working hours from Friday 16:00: 2 h Friday, 32 h Monday–Thursday, 6 h of Friday 11-27.
        let answer = try calculator.deadline(
            activity: "construction-survey", level: "bronze", points: "3,3", start: "2026-11-20T16:00:00+08:00")
        #expect(answer.limit == .workingHalfDays(10))
        #expect(answer.deadline == (try ConfigFixtures.at("2026-11-27 16:00")))
        #expect(answer.accessPointsPerCity == nil)
    }

    @Test("a bad count names itself")
    func badCounts() throws {
        for text in ["3,0", "3,,2", "seven", ""] {
            let error = #expect(throws: DomainError.self) {
                try calculator.deadline(activity: "provisioning", level: "silver", points: text, start: "2026-11-20T16:00:00+08:00")
            }
            #expect(error?.code == .invalidValue)
            #expect(error?.message.contains("comma-separated") == true)
        }
    }
}
