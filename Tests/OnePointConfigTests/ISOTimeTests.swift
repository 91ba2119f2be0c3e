import Foundation
import OnePointConfig
import OnePointDomain
import Testing

@Suite("ISO-8601 times and command-line names")
struct ISOTimeTests {
    @Test(
        "accepted forms all name the same instant",
        arguments: ["2026-11-20T16:00:00+08:00", "2026-11-20T16:00+08:00", "2026-11-20T08:00:00Z", "2026-11-20t08:00:00z",
                    "2026-11-20T16:00:00.999+0800", "2026-11-20T16:00:00+08", "2026-11-20 16:00:00+08:00", "2026-11-19T19:00:00-13:00"])
    func accepted(_ text: String) throws {
        #expect(try ISOTime.parse(text, role: "start") == (try ConfigFixtures.at("2026-11-20 16:00")))
    }

    @Test("formats in the zone with its offset, whole seconds")
    func format() throws {
        let zone = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let date = try ConfigFixtures.at("2026-12-03 16:00").addingTimeInterval(0.7)
        #expect(ISOTime.format(date, in: zone) == "2026-12-03T16:00:00+08:00")
        let utc = try #require(TimeZone(secondsFromGMT: 0))
        #expect(ISOTime.format(date, in: utc) == "2026-12-03T08:00:00+00:00")
    }

    @Test("a pause FROM/TO")
    func pause() throws {
        let pause = try Pause(parsing: "2026-11-24T09:00+08:00/2026-11-24T15:00+08:00")
        #expect(pause.start == (try ConfigFixtures.at("2026-11-24 09:00")))
        #expect(pause.end == (try ConfigFixtures.at("2026-11-24 15:00")))
        #expect(throws: DomainError.self) { try Pause(parsing: "2026-11-24T09:00+08:00/2026-11-24T15:00+08:00/x") }
    }

    @Test("activity names", arguments: Activity.allCases)
    func activities(_ activity: Activity) throws {
        #expect(try Activity(commandLineName: activity.commandLineName) == activity)
        #expect(try Activity(commandLineName: activity.rawValue) == activity)
    }

    @Test("level lists")
    func levels() throws {
        #expect(try CustomerLevel.parseList("Diamond, silver,diamond") == [.diamond, .silver])
        let error = #expect(throws: DomainError.self) { try CustomerLevel.parseList("gold,platinum") }
        #expect(error?.code == .unknownLevel)
    }
}
