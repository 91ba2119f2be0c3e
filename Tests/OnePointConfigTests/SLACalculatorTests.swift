import Foundation
import OnePointConfig
import OnePointDomain
import Testing

/// The answers behind `onepoint sla deadline`: text, JSON shape and errors.
@Suite("sla deadline")
struct DeadlineAnswerTests {
    let calculator: SLACalculator

    init() throws {
        calculator = try ConfigFixtures.calculator()
    }

    @Test("the DOMAIN.md worked example, as text")
    func workedExample() throws {
        let answer = try calculator.deadline(
            activity: "provisioning", level: "silver", accessPoints: nil, start: "2026-11-20T16:00:00+08:00")
        #expect(answer.deadline == (try ConfigFixtures.at("2026-12-03 16:00")))
        #expect(answer.description == "deadline 2026-12-03T16:00:00+08:00 (limit 9 working days, silver provisioning, 1 access point)")
    }

    @Test("JSON: deadline in +08:00, limit in words, and the rest")
    func json() throws {
        let answer = try calculator.deadline(
            activity: "provisioning", level: "Silver", accessPoints: 7, start: "2026-11-20T08:00:00Z")
        let object = try ConfigFixtures.object(try JSONText.encode(answer))
        #expect(object["deadline"] as? String == "2026-12-09T16:00:00+08:00")
        #expect(object["limit"] as? String == "13 working days")
        #expect(object["limitHalfWorkingDays"] as? Int == 26)
        #expect(object["clock"] as? String == "working")
        #expect(object["activity"] as? String == "provisioning")
        #expect(object["level"] as? String == "silver")
        #expect(object["accessPoints"] as? Int == 7)
        #expect(object["start"] as? String == "2026-11-20T16:00:00+08:00")
        #expect((object["pauses"] as? [Any])?.isEmpty == true)
        #expect(object["stoppedMinutes"] as? Int == 0)
    }

    @Test("restoration runs on the plain clock: limit in hours, no access points")
    func restoration() throws {
        let answer = try calculator.deadline(
            activity: "restoration", level: "key", accessPoints: 12, start: "2026-11-21T23:00:00+08:00")
        #expect(answer.description == "deadline 2026-11-22T00:30:00+08:00 (limit 1.5 hours, key restoration)")
        let object = try ConfigFixtures.object(try JSONText.encode(answer))
        #expect(object["limit"] as? String == "1.5 hours")
        #expect(object["limitMinutes"] as? Int == 90)
        #expect(object["clock"] as? String == "plain")
        #expect(object["accessPoints"] == nil)
        #expect(object["limitHalfWorkingDays"] == nil)
    }

    @Test("data configuration: 30 minutes")
    func dataConfiguration() throws {
        let answer = try calculator.deadline(activity: "data-config", level: "bronze", accessPoints: nil, start: "2026-11-20T17:50:00+08:00")
        #expect(answer.description == "deadline 2026-11-20T18:20:00+08:00 (limit 30 minutes, bronze data-config)")
    }

    @Test("construction survey with 8 access points: 6.5 working days (source example)")
    func scaledSurvey() throws {
        let answer = try calculator.deadline(
            activity: "construction-survey", level: "bronze", accessPoints: 8, start: "2026-11-20T16:00:00+08:00")
        #expect(answer.limit == .workingHalfDays(13))
        #expect(answer.description.contains("(limit 6.5 working days, bronze construction-survey, 8 access points)"))
    }

    @Test("a pause moves the deadline by the working time inside it")
    func pause() throws {
        let answer = try calculator.deadline(
            activity: "provisioning", level: "silver", accessPoints: nil, start: "2026-11-20T16:00:00+08:00",
            pauses: ["2026-11-24T09:00:00+08:00/2026-11-24T15:00:00+08:00"])
        // 5 working hours stopped (09–12, 13–15): Thursday 16:00 + 5 working hours → Friday 2026-12-04 12:00.
        #expect(answer.deadline == (try ConfigFixtures.at("2026-12-04 12:00")))
        #expect(answer.stoppedSeconds == 5 * 3600)
        #expect(answer.description.hasSuffix("; clock stopped for 5 working hours by 1 pause"))
        let object = try ConfigFixtures.object(try JSONText.encode(answer))
        let pauses = object["pauses"] as? [[String: Any]]
        #expect(pauses?.first?["from"] as? String == "2026-11-24T09:00:00+08:00")
        #expect(pauses?.first?["to"] as? String == "2026-11-24T15:00:00+08:00")
        #expect(object["stoppedMinutes"] as? Int == 300)
    }

    @Test("unknown level")
    func unknownLevel() throws {
        let error = #expect(throws: DomainError.self) {
            try calculator.deadline(activity: "provisioning", level: "platinum", accessPoints: nil, start: "2026-11-20T16:00:00+08:00")
        }
        #expect(error?.code == .unknownLevel)
        #expect(error?.message == "unknown customer level 'platinum'; expected one of: key, diamond, gold, silver, bronze")
    }

    @Test("unknown activity")
    func unknownActivity() throws {
        let error = #expect(throws: DomainError.self) {
            try calculator.deadline(activity: "survey", level: "gold", accessPoints: nil, start: "2026-11-20T16:00:00+08:00")
        }
        #expect(error?.message.contains("unknown activity 'survey'; expected one of: existing-survey") == true)
    }

    @Test("no calendar for the year: a provisional deadline, and the answer says so")
    func noCalendar() throws {
        // Silver, 9 working days from Mon 2026-12-28 09:00: Dec 28–31 (4), Fri 2027-01-01 off
        // provisionally, Mon Jan 4 – Fri Jan 8 (9) to 18:00.
        let answer = try calculator.deadline(activity: "provisioning", level: "silver", accessPoints: nil, start: "2026-12-28T09:00:00+08:00")
        #expect(ISOTime.format(answer.deadline, in: answer.timeZone) == "2027-01-08T18:00:00+08:00")
        #expect(answer.provisionalYears == [2027])
        #expect(answer.description.hasSuffix("; provisional: no holiday notice loaded for 2027; counted Monday to Friday except Jan 1, May 1–2, Oct 1–3"))
        let json = try JSONText.encode(answer)
        #expect(json.contains(#""provisional":true"#) || json.contains(#""provisional" : true"#))
        // Inside loaded years, nothing provisional.
        let loaded = try calculator.deadline(activity: "provisioning", level: "silver", accessPoints: nil, start: "2026-11-20T16:00:00+08:00")
        #expect(loaded.provisionalYears.isEmpty)
        #expect(!loaded.description.contains("provisional"))
    }

    @Test("a pause ending before it starts")
    func reversedPause() throws {
        let error = #expect(throws: DomainError.self) {
            try calculator.deadline(
                activity: "provisioning", level: "silver", accessPoints: nil, start: "2026-11-20T16:00:00+08:00",
                pauses: ["2026-11-24T15:00:00+08:00/2026-11-24T09:00:00+08:00"])
        }
        #expect(error?.code == .invalidInterval)
        #expect(error?.message.contains("ends before it starts") == true)
    }

    @Test("a pause that is not FROM/TO")
    func malformedPause() throws {
        let error = #expect(throws: DomainError.self) {
            try calculator.deadline(
                activity: "provisioning", level: "silver", accessPoints: nil, start: "2026-11-20T16:00:00+08:00",
                pauses: ["2026-11-24T15:00:00+08:00"])
        }
        #expect(error?.message.contains("must be FROM/TO") == true)
    }

    @Test("unparsable times", arguments: ["tomorrow", "2026-11-20 16:00", "2026-11-20T16:00", "2026-13-01T09:00+08:00", "2026-11-20T25:00+08:00", "2026-11-20T16:00+8"])
    func unparsableTime(_ text: String) throws {
        let error = #expect(throws: DomainError.self) {
            try calculator.deadline(activity: "provisioning", level: "silver", accessPoints: nil, start: text)
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.hasPrefix("start '\(text)'") == true)
        #expect(error?.message.contains("such as 2026-11-20T16:00:00+08:00") == true)
    }

    @Test("zero access points")
    func zeroPoints() throws {
        #expect(throws: DomainError.self) {
            try calculator.deadline(activity: "provisioning", level: "silver", accessPoints: 0, start: "2026-11-20T16:00:00+08:00")
        }
    }
}

/// The answers behind `onepoint sla notice`.
@Suite("sla notice")
struct NoticeAnswerTests {
    let calculator: SLACalculator

    init() throws {
        calculator = try ConfigFixtures.calculator()
    }

    @Test("DOMAIN.md: a Diamond window on Wednesday 2026-11-25 01:00 needs the notice by Tuesday 2026-11-17")
    func wednesdayWindow() throws {
        let inTime = try calculator.notice(
            windowStart: "2026-11-25T01:00:00+08:00", sent: "2026-11-17T23:59:00+08:00", levels: "diamond", emergency: false)
        #expect(inTime.inTime)
        #expect(inTime.latestSendDay == (try ConfigFixtures.day("2026-11-17")))
        #expect(inTime.requiredWorkingDays == 5)
        let late = try calculator.notice(
            windowStart: "2026-11-25T01:00:00+08:00", sent: "2026-11-18T08:00:00+08:00", levels: "diamond", emergency: false)
        #expect(!late.inTime)
        #expect(late.description.hasPrefix("late: sent 2026-11-18, latest send date 2026-11-17 (lead 5 working days for diamond"))
    }

    @Test("DOMAIN.md: a window on Saturday 2026-11-28 00:30 needs the notice by Sunday 2026-11-22")
    func saturdayWindow() throws {
        let answer = try calculator.notice(
            windowStart: "2026-11-28T00:30:00+08:00", sent: "2026-11-22T20:00:00+08:00", levels: "gold", emergency: false)
        #expect(answer.inTime)
        #expect(answer.latestSendDay == (try ConfigFixtures.day("2026-11-22")))
    }

    @Test("several levels: the longest lead applies")
    func severalLevels() throws {
        let answer = try calculator.notice(
            windowStart: "2026-11-25T01:00:00+08:00", sent: "2026-11-19T10:00:00+08:00", levels: "bronze, silver", emergency: false)
        #expect(answer.requiredWorkingDays == 3)
        #expect(answer.leadSetBy == [.silver])
        #expect(answer.latestSendDay == (try ConfigFixtures.day("2026-11-19")))
        #expect(answer.inTime)
    }

    @Test("JSON: inTime, requiredWorkingDays and latestSendDate as a day")
    func json() throws {
        let answer = try calculator.notice(
            windowStart: "2026-11-25T01:00:00+08:00", sent: "2026-11-17T10:00:00+08:00", levels: "diamond,silver", emergency: false)
        let object = try ConfigFixtures.object(try JSONText.encode(answer))
        #expect(object["inTime"] as? Bool == true)
        #expect(object["emergency"] as? Bool == false)
        #expect(object["requiredWorkingDays"] as? Int == 5)
        #expect(object["latestSendDate"] as? String == "2026-11-17")
        #expect(object["levels"] as? [String] == ["diamond", "silver"])
        #expect(object["leadSetBy"] as? [String] == ["diamond"])
        #expect(object["windowStart"] as? String == "2026-11-25T01:00:00+08:00")
        #expect(object["sent"] as? String == "2026-11-17T10:00:00+08:00")
        #expect(object["requiredHours"] == nil)
    }

    @Test("emergency: 24 clock hours; JSON has no requiredWorkingDays and latestSendDate is an instant")
    func emergency() throws {
        let exactly = try calculator.notice(
            windowStart: "2026-11-25T01:00:00+08:00", sent: "2026-11-24T01:00:00+08:00", levels: "bronze", emergency: true)
        #expect(exactly.inTime)
        let late = try calculator.notice(
            windowStart: "2026-11-25T01:00:00+08:00", sent: "2026-11-24T01:01:00+08:00", levels: "bronze", emergency: true)
        #expect(!late.inTime)
        let object = try ConfigFixtures.object(try JSONText.encode(exactly))
        #expect(object["inTime"] as? Bool == true)
        #expect(object["emergency"] as? Bool == true)
        #expect(object["requiredWorkingDays"] == nil)
        #expect(object["requiredHours"] as? Int == 24)
        #expect(object["latestSendDate"] as? String == "2026-11-24T01:00:00+08:00")
        #expect(exactly.description.hasPrefix("in time: sent 2026-11-24T01:00:00+08:00, latest send time 2026-11-24T01:00:00+08:00"))
    }

    @Test("a notice sent after the window started is late")
    func afterWindow() throws {
        let answer = try calculator.notice(
            windowStart: "2026-11-25T01:00:00+08:00", sent: "2026-11-25T02:00:00+08:00", levels: "bronze", emergency: false)
        #expect(!answer.inTime)
        #expect(answer.description.contains("sent after the window started"))
    }

    @Test("errors: unknown level, empty list, unparsable time, year with no calendar")
    func errors() throws {
        let unknown = #expect(throws: DomainError.self) {
            try calculator.notice(windowStart: "2026-11-25T01:00:00+08:00", sent: "2026-11-17T10:00:00+08:00", levels: "gold,platinum", emergency: false)
        }
        #expect(unknown?.code == .unknownLevel)
        #expect(throws: DomainError.self) {
            try calculator.notice(windowStart: "2026-11-25T01:00:00+08:00", sent: "2026-11-17T10:00:00+08:00", levels: " , ", emergency: false)
        }
        let time = #expect(throws: DomainError.self) {
            try calculator.notice(windowStart: "next Wednesday", sent: "2026-11-17T10:00:00+08:00", levels: "gold", emergency: false)
        }
        #expect(time?.message.hasPrefix("window start 'next Wednesday'") == true)
        // Window Tue 2027-01-05, gold lead 5: Mon Jan 4 (1), Fri Jan 1 off provisionally, Dec 31,
        // 30, 29, 28 (5) → latest Sun 2026-12-27; sent Dec 20 is in time, provisionally.
        let year = try calculator.notice(windowStart: "2027-01-05T01:00:00+08:00", sent: "2026-12-20T10:00:00+08:00", levels: "gold", emergency: false)
        #expect(year.inTime)
        #expect(year.latestSendDay == (try CivilDate(year: 2026, month: 12, day: 27)))
        #expect(year.provisionalYears == [2027])
        #expect(year.description.contains("; provisional: no holiday notice loaded for 2027"))
    }
}

/// The answers behind `onepoint sla score`.
@Suite("sla score")
struct ScoreAnswerTests {
    let calculator: SLACalculator

    init() throws {
        calculator = try ConfigFixtures.calculator()
    }

    static let exampleFile = ConfigFixtures.shippedDirectory + "/examples/score-facts.json"

    @Test("the shipped example scores 74.8 of 85, part by part")
    func example() throws {
        let answer = try calculator.score(factsFile: Self.exampleFile)
        let card = answer.scorecard
        #expect(card.unit == "GD-GZ")
        #expect(card.month == "2026-11")
        #expect(card.total == (try ScorePoints(Decimal(string: "74.8") ?? 0)))
        #expect(card.maximum == 85)
        #expect(card[.existingNetworkSurvey] == ScorePoints(hundredths: 960))  // bronze 75 min over, 60-min steps: 2 steps
        #expect(card[.constructionSurvey] == ScorePoints(hundredths: 980))  // gold 130 working min over, 480-min steps: 1
        #expect(card[.provisioningOnTime] == ScorePoints(hundredths: 680))  // 98.4 %: 6 + 4 × 0.2
        #expect(card[.acceptancePass] == 14)  // 94.0 %: 10 + 40 × 0.1
        #expect(card[.dataConfiguration] == ScorePoints(hundredths: 460))  // key 6 min over, 5-min steps: 2
        #expect(card[.restorationTime] == 6)  // diamond 30 min over, 25-min steps: 2 + 2
        #expect(card[.complaintTimeliness] == 10)
        #expect(card[.networkQuality] == 10)
        #expect(card[.informationNotices] == 4)
        #expect(answer.description.hasPrefix("GD-GZ Guangzhou 广州, 2026-11: 74.8 of 85 points\n 19.4 / 20   pre-sale response 售前响应支撑"))
    }

    @Test("JSON: total, maximum, groups with their parts")
    func json() throws {
        let answer = try calculator.score(factsFile: Self.exampleFile)
        let object = try ConfigFixtures.object(try JSONText.encode(answer))
        #expect(object["unit"] as? String == "GD-GZ")
        #expect(object["unitName"] as? String == "Guangzhou")
        #expect(object["unitChineseName"] as? String == "广州")
        #expect(object["month"] as? String == "2026-11")
        #expect((object["total"] as? NSNumber)?.doubleValue == 74.8)
        #expect(object["maximum"] as? Int == 85)
        let groups = object["groups"] as? [[String: Any]] ?? []
        #expect(groups.map { $0["group"] as? String } == ["preSale", "provisioning", "faultsAndComplaints", "informationNotices"])
        #expect(groups.map { $0["maximum"] as? Int } == [20, 30, 30, 5])
        let parts = groups.flatMap { $0["parts"] as? [[String: Any]] ?? [] }
        #expect(parts.count == 9)
        #expect(parts.first?["part"] as? String == "existingNetworkSurvey")
        #expect((parts.first?["points"] as? NSNumber)?.doubleValue == 9.6)
        #expect(parts.first?["detail"] as? String == "5 item(s), 1 over the limit, 2 step(s), 0.4 off")
        #expect((object["notScored"] as? [String])?.count == 1)
    }

    @Test("facts with an unknown level name the file and key")
    func unknownLevel() throws {
        let json = #"{"unit": "GD-GZ", "month": "2026-11", "restorations": [{"level": "platinum", "overrunMinutes": 5}]}"#
        let error = #expect(throws: ConfigError.self) { try ConfigReader.assessmentFacts(json: Data(json.utf8), file: "facts.json") }
        #expect(error?.code == .unknownLevel)
        #expect(error?.keyPath == "restorations[0].level")
        #expect(error?.description == "facts.json: restorations[0].level: unknown customer level 'platinum'; expected one of: key, diamond, gold, silver, bronze")
    }

    @Test("facts with a misspelt key are refused, not ignored")
    func unknownKey() throws {
        let json = #"{"unit": "GD-GZ", "month": "2026-11", "restoration": [{"overrunMinutes": 500}]}"#
        let error = #expect(throws: ConfigError.self) { try ConfigReader.assessmentFacts(json: Data(json.utf8), file: "facts.json") }
        #expect(error?.code == .unknownKey)
        #expect(error?.keyPath == "restoration")
    }

    @Test("facts: met above total, bad month, wrong type, bad JSON")
    func badFacts() throws {
        let cases: [(String, String, ConfigError.Code)] = [
            (#"{"unit": "GD-GZ", "month": "2026-11", "acceptance": {"met": 5, "total": 4}}"#, "acceptance", .invalidValue),
            (#"{"unit": "GD-GZ", "month": "2026-13"}"#, "month", .invalidValue),
            (#"{"unit": "GD-GZ", "month": "2026-11", "lateCutoverNotices": "two"}"#, "lateCutoverNotices", .wrongType),
            (#"{"month": "2026-11"}"#, "unit", .missingKey),
            ("{\"unit\": \"GD-GZ\",\n \"month\": x}", "", .invalidSyntax),
        ]
        for (json, keyPath, code) in cases {
            let error = #expect(throws: ConfigError.self) { try ConfigReader.assessmentFacts(json: Data(json.utf8), file: "facts.json") }
            #expect(error?.keyPath == keyPath, "\(json)")
            #expect(error?.code == code, "\(json)")
        }
    }

    @Test("a unit not in the topology")
    func unknownUnit() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-facts-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try #"{"unit": "GD-XX", "month": "2026-11"}"#.write(toFile: directory, atomically: true, encoding: .utf8)
        let error = #expect(throws: ConfigError.self) { try calculator.score(factsFile: directory) }
        #expect(error?.keyPath == "unit")
        #expect(error?.message.contains("unit 'GD-XX' is not in the topology") == true)
    }

    @Test("a facts file that does not exist")
    func missingFile() throws {
        let error = #expect(throws: ConfigError.self) { try calculator.score(factsFile: "/nonexistent/facts.json") }
        #expect(error?.code == .fileNotFound)
    }
}
