import Foundation
import OnePointTestSupport
import Testing

@Suite("onepoint report against onepoint dev on an accelerated clock")
struct ReportCommandTests {
    @Test("the documented walk-through: a month ends on the accelerated clock, every unit's report is drafted and readable")
    func walkThrough() async throws {
        // A minute a second, twenty minutes before November ends: the month ends about 20 s in.
        let dev = try FaultCommandTests.Dev(arguments: ["--clock", "accelerated", "--clock-start", "2026-11-30T23:40:00+08:00", "--clock-factor", "60"])
        defer { dev.stop() }
        try await dev.waitUntilReady()

        let list = try await CutoverCommandTests().poll(dev, ["report", "list"], timeout: .seconds(120)) {
            $0.split(separator: "\n").filter { $0.hasPrefix("2026-11  ") }.count == 15
        }
        #expect(list.contains("2026-11  GD-GZ  draft  r1  75 / 75"), "\(list)")

        let show = try await dev.onepoint(["report", "show", "--unit", "GD", "--month", "2026-11"])
        #expect(show.status == 0, "\(show.output)")
        #expect(show.output.contains("GD 2026-11  draft  revision 1  due 2026-12-05 18:00"))
        #expect(show.output.contains("provisioningOnTime     10    / 10  no cases"))
        #expect(show.output.contains("not scored: networkQuality (网络质量): not measured"))
        #expect(show.output.contains("below: GD-GZ 75 / 75"))

        let page = dev.stateDir + "/gz.html"
        #expect(try await dev.onepoint(["report", "html", "--unit", "GD-GZ", "--month", "2026-11", "-o", page]).status == 0)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("data-chart=\"score\""))
        let csv = try await dev.onepoint(["report", "csv", "--unit", "GD-GZ", "--month", "2026-11"])
        #expect(csv.status == 0 && csv.output.hasPrefix("unit,month,status,revision,part,part_zh,points,maximum,detail,facts"))

        let bad = try await dev.onepoint(["report", "show", "--unit", "GD-GZ", "--month", "2026-13"])
        #expect(bad.status != 0 && bad.output.contains("month 2026-13 does not exist"), "\(bad.output)")
    }
}
