import Foundation
import OnePointContracts
import OnePointDomain
import OnePointReporting
import OnePointTestSupport
import Testing

/// The report as HTML (charts, no external fetches), JSON and CSV, as `/reports/<unit>/<month>`
/// and `onepoint report` render it from the worker's state.
@Suite("Report pages", .serialized)
struct ReportPageTests {
    @Test("the HTML page has every chart with one mark per data point, Chinese first, and fetches nothing; JSON and CSV agree")
    func page() async throws {
        let (_, routes) = try await ReportPageFixture.make()
        let html = try routes.render(unit: "GD-GZ", month: "2026-11", format: "html")
        #expect(html.contentType.hasPrefix("text/html"))
        #expect(ReportPageFixture.marks(in: html.body) == ReportPageFixture.expectedMarks)
        #expect(html.body.contains("广州 Guangzhou 2026-11 月度运行分析报告"))
        #expect(html.body.contains("业务开通及时率"))
        // Nothing fetched: no scripts, images, stylesheets or fonts from anywhere.
        for fetch in ["<script", "<img", "<link", "@import", "url(", "src="] { #expect(!html.body.contains(fetch), "\(fetch)") }

        let csv = try routes.render(unit: "GD-GZ", month: "2026-11", format: "csv").body
        let rows = csv.split(separator: "\r\n")
        #expect(rows.count == 9)  // header, 7 parts, total
        #expect(rows.contains { $0.hasPrefix("GD-GZ,2026-11,draft,1,provisioningOnTime,业务开通及时率,6,10,49 of 50 (98.0 %),") })
        #expect(rows.last?.hasPrefix("GD-GZ,2026-11,draft,1,total,合计,") == true)

        let json = try routes.render(unit: "GD-GZ", month: "2026-11", format: "json").body
        let report = try JSONDecoder.iso.decode(MonthlyReport.self, from: Data(json.utf8))
        #expect(report.scorecard[.restorationTime] == 8)  // Key 20 over: 2 off; the others in time
        #expect(report.cutoverNotices == .init(met: 2, total: 3))

        #expect(throws: ReportingError.self) { try routes.render(unit: "GD-GZ", month: "2026-12", format: "html") }
        #expect(throws: ReportingError.self) { try routes.render(unit: "GD-GZ", month: "2026-13", format: "html") }
    }
}

extension JSONDecoder {
    static var iso: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
