import Foundation
import OnePointDomain
@testable import OnePointFault
import Testing

/// A ticket id's day (`TT-<yyyy>-<MMdd>-…`) is worked out from the zone's offset, not by a
/// `Calendar` per ticket: it must name the day a `Calendar` of that zone names, at every instant.
@Suite("Fault worker: the day in a ticket id")
struct TicketDayTests {
    static func calendarDay(_ instant: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return String(format: "%04d-%02d%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    @Test(
        "every 7 minutes over days around midnight, a summer-time change and year ends, as a Calendar of the zone names it",
        arguments: ["Asia/Shanghai", "America/New_York", "Australia/Lord_Howe", "UTC"])
    func sameAsCalendar(zoneName: String) throws {
        let zone = try #require(TimeZone(identifier: zoneName))
        let starts = [
            "2026-11-29T00:00:00Z", "2026-03-07T00:00:00Z", "2026-10-03T00:00:00Z", "2026-12-30T12:00:00Z", "1969-12-30T00:00:00Z",
            "2099-12-30T00:00:00Z",
        ]
        for start in starts {
            let first = try #require(ISO8601DateFormatter().date(from: start))
            for step in 0..<(3 * 24 * 60 / 7) {
                let instant = first.addingTimeInterval(Double(step * 7 * 60) + 0.5)
                #expect(try FaultLogic.ticketDay(instant, in: zone) == Self.calendarDay(instant, zone), "\(instant) in \(zoneName)")
            }
        }
    }

    @Test("Beijing's midnight is 16:00 UTC: the day turns there, not at UTC midnight")
    func beijingMidnight() throws {
        let zone = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let before = try #require(ISO8601DateFormatter().date(from: "2026-11-30T15:59:59Z"))
        #expect(try FaultLogic.ticketDay(before, in: zone) == "2026-1130")
        #expect(try FaultLogic.ticketDay(before.addingTimeInterval(1), in: zone) == "2026-1201")
    }

    @Test("an instant no calendar holds is an error that names it, not a crash")
    func outOfRange() throws {
        let zone = try #require(TimeZone(identifier: "Asia/Shanghai"))
        #expect(throws: FaultStateError.self) { try FaultLogic.ticketDay(Date(timeIntervalSince1970: .infinity), in: zone) }
        #expect(throws: FaultStateError.self) { try FaultLogic.ticketDay(Date(timeIntervalSince1970: 1e300), in: zone) }
    }
}
