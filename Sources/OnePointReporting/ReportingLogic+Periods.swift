import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointRuntime
import OnePointState

/// Periods: the month's end drafts every unit's report, late facts revise it, 18:00 on the 5th
/// makes it final. Timers: `reporting:start` (once, at the first start), `reporting:end:<month>`
/// and `reporting:final:<month>`.
extension ReportingLogic {
    func fireTimer(_ timer: DueTimer, in context: inout DecisionContext) throws {
        // The months are task 0's (docs/reporting.md, "Scaling out").
        guard holdsReports(context) else { return }
        let parts = timer.id.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch (parts.count, parts.first, parts.dropFirst().first) {
        case (2, "reporting", "start"): try ensureMonth(try ReportMonth(of: context.now, in: zone), in: &context)
        case (3, "reporting", "end"): try monthEnded(try ReportMonth(parsing: parts[2]), in: &context)
        case (3, "reporting", "final"): try monthFinal(try ReportMonth(parsing: parts[2]), in: &context)
        default: return
        }
    }

    /// The state of `month`; `open` for a month the worker has not seen yet.
    func state(of month: ReportMonth, _ db: Database) throws -> MonthState {
        let text = try String.fetchOne(db.cachedStatement(sql: "SELECT state FROM report_months WHERE month = ?"), arguments: [month.description])
        return text.flatMap(MonthState.init(rawValue:)) ?? .open
    }

    /// The first month after `month` whose reports are not final.
    func firstOpen(after month: ReportMonth, _ db: Database) throws -> ReportMonth {
        var next = month.next
        while try state(of: next, db) == .final { next = next.next }
        return next
    }

    /// Makes the worker know `month`: its row and its end timer (which fires at once if the month is over).
    func ensureMonth(_ month: ReportMonth, in context: inout DecisionContext) throws {
        let known = try String.fetchOne(context.db.cachedStatement(sql: "SELECT state FROM report_months WHERE month = ?"), arguments: [month.description])
        guard known == nil else { return }
        try context.db.cachedStatement(sql: "INSERT INTO report_months (month, state) VALUES (?, 'open')").execute(arguments: [month.description])
        try context.setTimer(id: "reporting:end:\(month)", due: month.end(in: zone))
    }

    /// The month ended: open work past its limit counts as late (with its overrun so far), and
    /// every unit's report is drafted (revision 1) and emitted. Sets the due-time timer and the
    /// next month's end.
    func monthEnded(_ month: ReportMonth, in context: inout DecisionContext) throws {
        guard try state(of: month, context.db) == .open else { return }
        let end = month.end(in: zone)
        let open = try Row.fetchAll(
            context.db.cachedStatement(sql: "SELECT * FROM report_open WHERE deadline >= ? AND deadline < ? ORDER BY item_id"),
            arguments: [month.start(in: zone).timeIntervalSince1970, end.timeIntervalSince1970])
        for row in open {
            let id: String = row["item_id"]
            if let kept = try ReportFact.load(id, context.db), !kept.provisional { continue }
            let kind: String = row["kind"]
            let deadline = Date(timeIntervalSince1970: row["deadline"])
            let started = Date(timeIntervalSince1970: row["started"])
            let unit = UnitID(rawValue: row["unit"])
            let level = CustomerLevel(rawValue: row["level"]) ?? .unset
            let fact: ReportFact
            switch kind {
            case "order":
                fact = ReportFact(
                    id: id, unit: unit, month: month.description, part: .provisioningOnTime, level: level, met: false, reference: row["reference"],
                    at: end, sourceEvent: "", provisional: true)
            case "restoration":
                fact = ReportFact(
                    id: id, unit: unit, month: month.description, part: .restorationTime, level: level,
                    overrun: Self.minutes(end.timeIntervalSince(deadline)), duration: Self.minutes(end.timeIntervalSince(started)),
                    reference: row["reference"], at: end, sourceEvent: "", provisional: true)
            default:
                // A survey: working minutes past its deadline so far (wall minutes if the calendar
                // lacks a year, rather than never drafting the month).
                guard let part = AssessmentPart(rawValue: kind) else { continue }
                let seconds = (try? clock.workingSeconds(from: deadline, to: end)) ?? Int(end.timeIntervalSince(deadline))
                fact = ReportFact(
                    id: id, unit: unit, month: month.description, part: part, level: level, overrun: Self.minutes(TimeInterval(seconds)),
                    reference: row["reference"], at: end, sourceEvent: "", provisional: true)
            }
            try fact.save(context.db)
        }
        try setState(.drafted, of: month, context.db)
        for unit in topology.units {
            var report = try builder.report(unit: unit.id, month: month, now: context.now, context.db)
            report.status = .draft
            report.revision = 1
            try save(report, in: &context)
        }
        try context.setTimer(id: "reporting:final:\(month)", due: month.finalAt(in: zone))
        try ensureMonth(month.next, in: &context)
    }

    /// 18:00 on the 5th: every unit's report of `month` becomes final and is emitted once more.
    func monthFinal(_ month: ReportMonth, in context: inout DecisionContext) throws {
        guard try state(of: month, context.db) == .drafted else { return }
        try setState(.final, of: month, context.db)
        for unit in topology.units {
            guard var report = try loadReport(unit: unit.id, month: month, context.db) else { continue }
            report.status = .final
            report.generatedAt = context.now
            report.changes = ["final at its due time 18:00 on \(report.dueDate)"]
            try save(report, in: &context)
        }
    }

    /// Re-makes the drafted report of `unit` and its ancestors for `month`; each one that changes
    /// is stored with the next revision number and what changed, and emitted.
    func revise(unit: UnitID, month: ReportMonth, in context: inout DecisionContext) throws {
        guard try state(of: month, context.db) == .drafted else { return }
        for id in [unit] + (try topology.ancestors(of: unit).map(\.id)) {
            guard let old = try loadReport(unit: id, month: month, context.db) else { continue }
            var report = try builder.report(unit: id, month: month, now: context.now, context.db)
            let changes = ReportBuilder.changes(from: old, to: report)
            guard !changes.isEmpty else { continue }
            report.status = .draft
            report.revision = (old.revision ?? 1) + 1
            report.changes = changes
            try save(report, in: &context)
        }
    }

    func setState(_ state: MonthState, of month: ReportMonth, _ db: Database) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO report_months (month, state) VALUES (?, ?)").execute(arguments: [month.description, state.rawValue])
    }

    /// The report of `unit` for `month` as last emitted.
    func loadReport(unit: UnitID, month: ReportMonth, _ db: Database) throws -> MonthlyReport? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT report FROM report_reports WHERE unit = ? AND month = ?"), arguments: [unit.rawValue, month.description]
        ).map { try ReportJSON.decode(MonthlyReport.self, $0) }
    }

    /// Stores `report` and emits it with its scorecard on `reports`.
    func save(_ report: MonthlyReport, in context: inout DecisionContext) throws {
        try context.db.cachedStatement(sql: """
            INSERT OR REPLACE INTO report_reports (unit, month, revision, status, report, updated_at) VALUES (?, ?, ?, ?, ?, ?)
            """
        ).execute(arguments: [
            report.unit.rawValue, report.month, report.revision ?? 1, (report.status ?? .draft).rawValue, try ReportJSON.text(report),
            context.now.timeIntervalSince1970,
        ])
        try emit(.monthlyReport, report, unit: report.unit, in: &context)
        try emit(.scorecard, report.scorecard, unit: report.unit, in: &context)
    }
}
