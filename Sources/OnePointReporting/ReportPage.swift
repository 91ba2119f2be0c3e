import Foundation
import Mustache
import OnePointConfig
import OnePointContracts
import OnePointDomain

/// A report as a printable HTML page (Chinese first, with English; inline SVG charts, no
/// external fetches), rendered from the operator's templates in `config/reports/`
/// (`monthly-report.html.mustache`, `report-index.html.mustache`). The templates see the fields
/// listed in ``fields(of:topology:zone:)``.
public struct ReportPage: Sendable {
    /// The report page's template file.
    public static let reportTemplate = "monthly-report.html.mustache"
    /// The index page's template file.
    public static let indexTemplate = "report-index.html.mustache"
    /// The customer operation report's template file.
    public static let customerTemplate = "customer-report.html.mustache"

    private let report: MustacheTemplate
    private let index: MustacheTemplate
    private let customer: MustacheTemplate
    private let topology: Topology
    private let zone: TimeZone

    /// Loads both templates from `directory` (e.g. `config/reports`).
    ///
    /// - Throws: ``ReportingError`` with code ``ReportingError/Code/badTemplate`` naming the file.
    public init(directory: String, topology: Topology, zone: TimeZone) throws(ReportingError) {
        report = try Self.load(directory, Self.reportTemplate)
        index = try Self.load(directory, Self.indexTemplate)
        customer = try Self.load(directory, Self.customerTemplate)
        self.topology = topology
        self.zone = zone
    }

    private static func load(_ directory: String, _ name: String) throws(ReportingError) -> MustacheTemplate {
        let path = (directory as NSString).appendingPathComponent(name)
        let source: String
        do {
            source = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ReportingError(.badTemplate, "\(path) cannot be read: \(error.localizedDescription)")
        }
        do {
            return try MustacheTemplate(string: source)
        } catch {
            throw ReportingError(.badTemplate, "\(path) is not a valid Mustache template: \(error)")
        }
    }

    /// The report page.
    public func html(_ view: ReportingStateReader.View) -> String {
        report.render(Self.fields(of: view, topology: topology, zone: zone))
    }

    /// The index page of every report kept.
    public func html(index entries: [ReportingStateReader.Entry]) -> String {
        index.render([
            "reports": entries.map { entry in
                [
                    "unit": entry.unit.rawValue, "unitName": Self.name(of: entry.unit, topology), "month": entry.month, "revision": entry.revision,
                    "status": entry.status, "statusZh": entry.status == "final" ? "定稿" : "草稿", "total": "\(entry.total)",
                    "maximum": "\(entry.maximum)", "href": "/reports/\(entry.unit.rawValue)/\(entry.month)",
                ] as [String: Any]
            },
            "empty": entries.isEmpty,
        ])
    }

    /// A customer's operation report page: `customerId`, `name`, `level`, `month`, `circuits`,
    /// `outageMinutes`, `availability`, `faults` (each `ticketId`, `level`, `restorationMinutes`,
    /// `overrunMinutes`, `open`), `notices` (each `noticeId`, `inTime`).
    public func html(customer report: CustomerReport) -> String {
        customer.render([
            "customerId": report.customerId, "name": report.name, "level": report.level.rawValue, "month": report.month,
            "circuits": report.circuits, "outageMinutes": report.outageMinutes, "availability": report.availabilityPercent,
            "faults": report.faults.map {
                [
                    "ticketId": $0.ticketId, "level": $0.level.rawValue, "restorationMinutes": $0.restorationMinutes,
                    "overrunMinutes": max(0, $0.overrunMinutes), "open": $0.open,
                ] as [String: Any]
            },
            "notices": report.notices.map { ["noticeId": $0.noticeId, "inTime": $0.inTime] as [String: Any] },
        ])
    }

    /// `广州 Guangzhou`.
    static func name(of unit: UnitID, _ topology: Topology) -> String {
        guard let found = try? topology.unit(unit) else { return unit.rawValue }
        return [found.chineseName, found.name].compactMap { $0 }.joined(separator: " ")
    }

    /// What the report template sees: `unit`, `unitName`, `month`, `status`, `statusZh`,
    /// `revision`, `dueDate`, `generatedAt`, `total`, `maximum`, `parts` (each `nameZh`, `name`,
    /// `points`, `maximum`, `detail`, `factCount`), `notScored`, `provisioning`, `acceptance`,
    /// `notices` (each `met/total`), `faults` (each `level`, `faults`, `restoredInTime`),
    /// `notableCases`, `problems`, `changes`, `amendments` (each `month`, `factId`, `summary`),
    /// `descendants` (each `unit`, `unitName`, `total`, `maximum`, `href`), `hasDescendants`, and
    /// the charts as SVG (`scoreChart`, `faultChart`, `noticeChart`, `restorationChart`,
    /// `trendChart` when there are earlier months; insert them with `{{{…}}}`).
    public static func fields(of view: ReportingStateReader.View, topology: Topology, zone: TimeZone) -> [String: Any] {
        let report = view.report
        let month = (try? ReportMonth(parsing: report.month)) ?? (try? ReportMonth(year: 2000, month: 1))
        func rate(_ r: MonthlyReport.Rate) -> String { r.total == 0 ? "无 none" : "\(r.met)/\(r.total)" }
        var fields: [String: Any] = [
            "unit": report.unit.rawValue, "unitName": name(of: report.unit, topology), "month": report.month,
            "status": (report.status ?? .draft).rawValue, "statusZh": report.status == .final ? "定稿" : "草稿",
            "revision": report.revision ?? 1, "dueDate": report.dueDate.description,
            "generatedAt": ISOTime.format(report.generatedAt, in: zone),
            "total": "\(report.scorecard.total)", "maximum": "\(report.scorecard.maximum)",
            "parts": report.scorecard.parts.map {
                [
                    "nameZh": $0.part.chineseName, "name": $0.part.rawValue, "points": "\($0.points)", "maximum": "\($0.maximum)",
                    "detail": $0.detail, "factCount": $0.factIds?.count ?? 0,
                ] as [String: Any]
            },
            "notScored": report.scorecard.notScored, "provisioning": rate(report.provisioning), "acceptance": rate(report.acceptance),
            "notices": rate(report.cutoverNotices),
            "faults": report.faults.map { ["level": $0.level.rawValue, "faults": $0.faults, "restoredInTime": $0.restoredInTime] as [String: Any] },
            "hasFaults": !report.faults.isEmpty,
            "notableCases": report.notableCases, "problems": report.problems, "changes": report.changes ?? [],
            "amendments": (report.amendments ?? []).map { ["month": $0.month, "factId": $0.factId, "summary": $0.summary] as [String: Any] },
            "descendants": (report.descendants ?? []).map {
                [
                    "unit": $0.unit.rawValue, "unitName": name(of: $0.unit, topology), "total": "\($0.total)", "maximum": "\($0.maximum)",
                    "href": "/reports/\($0.unit.rawValue)/\(report.month)",
                ] as [String: Any]
            },
            "hasDescendants": !(report.descendants ?? []).isEmpty,
            "scoreChart": ReportCharts.score(report.scorecard), "faultChart": ReportCharts.faults(report.faults),
            "restorationChart": ReportCharts.restoration(view.facts),
        ]
        if let month { fields["noticeChart"] = ReportCharts.notices(view.facts, month: month, zone: zone) }
        if view.trend.count > 1 { fields["trendChart"] = ReportCharts.trend(view.trend) }
        return fields
    }
}
