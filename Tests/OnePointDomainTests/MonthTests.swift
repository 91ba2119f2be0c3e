import Foundation
import OnePointDomain
import Testing

/// DOMAIN.md §7: a fact belongs to the month of the instant it is decided, on the wall clock of
/// the calendar's time zone (configuration), not a fixed offset.
@Suite("the month of an instant follows the calendar's time zone")
struct MonthTests {
    typealias F = TimeFixtures

    static func calendar(_ zone: String) throws -> WorkingCalendar {
        guard let timeZone = TimeZone(identifier: zone) else { throw F.FixtureError(description: "no zone \(zone)") }
        return try WorkingCalendar(years: [F.year2026()], timeZone: timeZone)
    }

    @Test("2026-12-01 04:00 in Shanghai is 2026-11-30 20:00 UTC: December there, November in UTC")
    func acrossTheMonthEnd() throws {
        let instant = try F.at("2026-12-01 04:00")
        #expect(try Self.calendar("Asia/Shanghai").month(of: instant) == "2026-12")
        #expect(try Self.calendar("UTC").month(of: instant) == "2026-11")
        // West of UTC it is earlier still: 2026-11-30 12:00 in Los Angeles.
        #expect(try Self.calendar("America/Los_Angeles").month(of: instant) == "2026-11")
    }

    @Test("inside a month every zone agrees, and months below 10 are written with two digits")
    func padding() throws {
        #expect(try Self.calendar("UTC").month(of: F.at("2026-03-15 12:00")) == "2026-03")
        #expect(try Self.calendar("Asia/Shanghai").month(of: F.at("2026-10-31 23:59")) == "2026-10")
        #expect(try Self.calendar("Asia/Shanghai").month(of: F.at("2027-01-01 00:00")) == "2027-01")
    }
}
