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
        #expect(rows.count == 10)  // header, 8 parts, total
        #expect(rows.contains { $0.hasPrefix("GD-GZ,2026-11,draft,1,provisioningOnTime,业务开通及时率,6,10,49 of 50 (98.0 %),") })
        #expect(rows.last?.hasPrefix("GD-GZ,2026-11,draft,1,total,合计,") == true)

        let json = try routes.render(unit: "GD-GZ", month: "2026-11", format: "json").body
        #expect(json.contains("\"generatedAt\" : \"2026-12-01T00:00:00+08:00\""))
        let report = try JSONDecoder.iso.decode(MonthlyReport.self, from: Data(json.utf8))
        #expect(report.scorecard[.restorationTime] == 8)  // Key 20 over: 2 off; the others in time
        #expect(report.cutoverNotices == .init(met: 2, total: 3))

        // The Key customer's operation report: 140 minutes of outage on its one circuit in a
        // 30-day month: (43200 − 140) / 43200 = 99.67 %.
        let customerJSON = try routes.renderCustomer("C-TT-1", month: "2026-11", format: "json").body
        let customer = try JSONDecoder().decode(CustomerReport.self, from: Data(customerJSON.utf8))
        #expect(customer.availabilityPercent == "99.67" && customer.outageMinutes == 140 && customer.circuits == 1)
        #expect(customer.faults == [.init(ticketId: "TT-1", level: .key, restorationMinutes: 140, overrunMinutes: 20, open: false)])
        #expect(try routes.renderCustomer("C-TT-1", month: "2026-11", format: "html").body.contains("99.67 %"))
        // A Silver customer gets none.
        #expect(throws: ReportingError.self) { try routes.renderCustomer("C-TT-3", month: "2026-11", format: "json") }

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
