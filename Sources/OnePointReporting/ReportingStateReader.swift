import Foundation
import GRDB
import OnePointContracts
import OnePointDomain

/// Reads the reporting worker's state file read-only, for `onepoint report show|html|csv` and
/// the worker's own `/reports` pages.
public struct ReportingStateReader: Sendable {
    /// One line of the index: a unit's report of a month as last emitted.
    public struct Entry: Sendable, Equatable {
        /// The unit.
        public var unit: UnitID
        /// The month, `YYYY-MM`.
        public var month: String
        /// Its revision.
        public var revision: Int
        /// Draft or final.
        public var status: String
        /// Its total and maximum.
        public var total: ScorePoints
        /// The most it could score.
        public var maximum: ScorePoints
    }

    /// Everything a report page shows: the report, its facts and the unit's earlier months.
    public struct View: Sendable {
        /// The report as last emitted.
        public var report: MonthlyReport
        /// The facts it counts.
        public var facts: [ReportFact]
        /// The unit's reports of this and earlier months, oldest first: month, total, maximum.
        public var trend: [(month: String, total: ScorePoints, maximum: ScorePoints)]
    }

    private let queue: DatabaseQueue

    /// Opens `path` (`<state.directory>/reporting/state.sqlite`) read-only.
    ///
    /// - Throws: ``ReportingError`` with code ``ReportingError/Code/unreadableState``.
    public init(path: String) throws(ReportingError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ReportingError(.unreadableState, "\(path) does not exist: is the reporting worker running with this state folder?")
        }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw ReportingError(.unreadableState, "\(path) cannot be opened: \(error)")
        }
    }

    /// Every report kept, newest month first, then by unit.
    public func index() throws -> [Entry] {
        try queue.read { db in
            guard try db.tableExists("report_reports") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT unit, month, revision, status, report FROM report_reports ORDER BY month DESC, unit").map { row in
                let report = try ReportJSON.decode(MonthlyReport.self, row["report"])
                return Entry(
                    unit: UnitID(rawValue: row["unit"]), month: row["month"], revision: row["revision"], status: row["status"],
                    total: report.scorecard.total, maximum: report.scorecard.maximum)
            }
        }
    }

    /// The report of `unit` for `month` with its facts and trend, or nil when there is none yet.
    public func view(unit: UnitID, month: String) throws -> View? {
        try queue.read { db in
            guard try db.tableExists("report_reports"),
                let text = try String.fetchOne(
                    db, sql: "SELECT report FROM report_reports WHERE unit = ? AND month = ?", arguments: [unit.rawValue, month])
            else { return nil }
            let report = try ReportJSON.decode(MonthlyReport.self, text)
            let facts = try ReportFact.counted(unit: unit, month: month, db)
            let trend = try String.fetchAll(
                db, sql: "SELECT report FROM report_reports WHERE unit = ? AND month <= ? ORDER BY month", arguments: [unit.rawValue, month]
            ).map { try ReportJSON.decode(MonthlyReport.self, $0) }.map { (month: $0.month, total: $0.scorecard.total, maximum: $0.scorecard.maximum) }
            return View(report: report, facts: facts, trend: trend)
        }
    }

    /// Every Gold-and-above customer seen on tickets: id, name, level.
    public func customers() throws -> [(id: String, name: String, level: CustomerLevel)] {
        try queue.read { db in try CustomerReport.customers(db) }
    }

    /// The operation report of `customer` for `month` (in `zone`), or nil when the customer is
    /// unknown or below Gold.
    public func customerReport(customer: String, month: ReportMonth, zone: TimeZone) throws -> CustomerReport? {
        try queue.read { db in
            guard try db.tableExists("report_facts") else { return nil }
            return try CustomerReport.make(customer: customer, month: month, zone: zone, db)
        }
    }
}
