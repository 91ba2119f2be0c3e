import Foundation
import Hummingbird
import NIOCore
import OnePointConfig
import OnePointDomain

/// The reporting worker's pages beside `/health`: `/reports` (the index) and
/// `/reports/<unit>/<yyyy-mm>` (the HTML page; `?format=json` or `?format=csv` for the data),
/// read from the worker's state file read-only at each request.
public struct ReportRoutes: Sendable {
    let statePath: String
    let page: ReportPage
    let zone: TimeZone

    /// Pages over the state file `statePath`, rendered with the templates of `configDirectory/reports`.
    /// - Throws: ``ReportingError`` when a template is missing or bad; ``ConfigError`` for the configuration.
    public init(configDirectory: String, statePath: String) throws {
        let domain = try DomainConfiguration.load(directory: configDirectory)
        page = try ReportPage(
            directory: (configDirectory as NSString).appendingPathComponent("reports"), topology: domain.topology, zone: domain.calendar.timeZone)
        self.statePath = statePath
        zone = domain.calendar.timeZone
    }

    /// Adds the routes to `router`.
    public func install(on router: Router<BasicRequestContext>) {
        router.get("/reports") { _, _ -> Response in
            do {
                let entries = FileManager.default.fileExists(atPath: statePath) ? try ReportingStateReader(path: statePath).index() : []
                return Self.response(.ok, "text/html; charset=utf-8", page.html(index: entries))
            } catch {
                return Self.response(.internalServerError, "text/plain; charset=utf-8", "cannot read reports: \(error)\n")
            }
        }
        router.get("/reports/customers/:customer/:month") { request, context -> Response in
            let customer = context.parameters.get("customer") ?? ""
            let month = context.parameters.get("month") ?? ""
            do {
                let answer = try renderCustomer(customer, month: month, format: request.uri.queryParameters.get("format") ?? "html")
                return Self.response(.ok, answer.contentType, answer.body)
            } catch let error as ReportingError where error.code == .notFound || error.code == .invalidMonth {
                return Self.response(.notFound, "text/plain; charset=utf-8", "\(error.message)\n")
            } catch {
                return Self.response(.internalServerError, "text/plain; charset=utf-8", "cannot read the report: \(error)\n")
            }
        }
        router.get("/reports/:unit/:month") { request, context -> Response in
            let unit = UnitID(rawValue: context.parameters.get("unit") ?? "")
            let month = context.parameters.get("month") ?? ""
            let format = request.uri.queryParameters.get("format") ?? "html"
            do {
                let answer = try render(unit: unit, month: month, format: format)
                return Self.response(.ok, answer.contentType, answer.body)
            } catch let error as ReportingError where error.code == .notFound || error.code == .invalidMonth {
                return Self.response(.notFound, "text/plain; charset=utf-8", "\(error.message)\n")
            } catch {
                return Self.response(.internalServerError, "text/plain; charset=utf-8", "cannot read the report: \(error)\n")
            }
        }
    }

    /// The report of `unit` for `month` as `html`, `json` or `csv`, with its content type.
    /// - Throws: ``ReportingError`` (`invalidMonth`, `notFound`, `unreadableState`).
    public func render(unit: UnitID, month: String, format: String) throws -> (contentType: String, body: String) {
        _ = try ReportMonth(parsing: month)
        guard let view = try ReportingStateReader(path: statePath).view(unit: unit, month: month) else {
            throw ReportingError(.notFound, "no report for \(unit) \(month) yet: a month's reports are drafted when it ends")
        }
        switch format {
        case "json": return ("application/json; charset=utf-8", try ReportJSON.pretty(view.report, zone: zone) + "\n")
        case "csv": return ("text/csv; charset=utf-8", ReportCSV.text(view.report))
        default: return ("text/html; charset=utf-8", page.html(view))
        }
    }

    /// The operation report of `customer` for `month` as `html` or `json`, with its content type.
    /// - Throws: ``ReportingError`` (`invalidMonth`, `notFound` for an unknown customer or one
    ///   below Gold, `unreadableState`).
    public func renderCustomer(_ customer: String, month: String, format: String) throws -> (contentType: String, body: String) {
        let parsed = try ReportMonth(parsing: month)
        guard let report = try ReportingStateReader(path: statePath).customerReport(customer: customer, month: parsed, zone: zone) else {
            throw ReportingError(.notFound, "no operation report for customer \(customer): unknown, or below Gold (reports are for Gold, Diamond and Key)")
        }
        if format == "json" { return ("application/json; charset=utf-8", try ReportJSON.pretty(report, zone: zone) + "\n") }
        return ("text/html; charset=utf-8", page.html(customer: report))
    }

    static func response(_ status: HTTPResponse.Status, _ type: String, _ body: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
