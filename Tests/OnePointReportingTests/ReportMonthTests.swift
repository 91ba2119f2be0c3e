import Foundation
import OnePointReporting
import Testing

@Suite("Report months")
struct ReportMonthTests {
    let zone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt

    @Test("a month's end and due time are in China Standard Time")
    func boundaries() throws {
        let november = try ReportMonth(parsing: "2026-11")
        #expect(november.end(in: zone) == at("2026-12-01T00:00:00+08:00"))
        #expect(november.finalAt(in: zone) == at("2026-12-05T18:00:00+08:00"))
        #expect(try ReportMonth(parsing: "2026-12").next.description == "2027-01")
        #expect(try ReportMonth(parsing: "2027-01").previous.description == "2026-12")
        #expect(try ReportMonth(of: at("2026-11-30T23:59:59+08:00"), in: zone).description == "2026-11")
        #expect(try ReportMonth(of: at("2026-11-30T16:00:00Z"), in: zone).description == "2026-12")
    }

    @Test("a bad month is refused with a clear message")
    func badMonth() {
        for text in ["2026-13", "2026-1", "26-11", "2026/11", "abcd-ef"] {
            #expect(throws: ReportingError.self) { try ReportMonth(parsing: text) }
        }
    }
}
