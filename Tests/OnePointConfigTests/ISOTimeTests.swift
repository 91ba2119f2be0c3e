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

    @Test("formats as a Gregorian calendar in the zone does, across years, daylight saving and before 1970")
    func formatMatchesCalendar() throws {
        let zones = try ["Asia/Shanghai", "America/New_York", "Europe/London", "Asia/Kolkata", "Pacific/Chatham"].map { try #require(TimeZone(identifier: $0)) }
        var generator = SystemRandomNumberGenerator()
        for zone in zones {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            for _ in 0..<2000 {
                // 1900 … 2200, and the edges of a day.
                let date = Date(timeIntervalSince1970: Double(Int64.random(in: -2_208_988_800...7_258_118_400, using: &generator)) + 0.5)
                let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
                let offset = zone.secondsFromGMT(for: date)
                let expected =
                    String(
                        format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0,
                        parts.second ?? 0) + (offset < 0 ? "-" : "+") + String(format: "%02d:%02d", abs(offset) / 3600, abs(offset) % 3600 / 60)
                #expect(ISOTime.format(date, in: zone) == expected, "\(date.timeIntervalSince1970) in \(zone.identifier)")
            }
        }
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
