import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointRuntime

/// Execution reports: started, completed or rolled back with the real interruption. A longer
/// interruption than announced is recorded and counts as a late notice for every customer; work
/// done on a plan that was never approved counts a missing notice for every affected customer.
extension CutoverLogic {
    func applyExecution(_ report: CutoverExecutionReport, in context: inout DecisionContext) throws {
        guard var row = try CutoverPlanRow.load(report.cutoverId, context.db) else {
            throw InputRejection(.validation, "execution report for an unknown cutover \(report.cutoverId)")
        }
        try commandGuard.authorize(report.unit, on: row.plan.unit, "execution report on cutover \(row.id)")
        try commandGuard.checkInstant(report.at, field: "event.at", notBefore: row.plan.submittedAt, "the plan's submission", now: context.now)
        let next: CutoverState =
            switch report.outcome {
            case .started: .executing
            case .completed: .completed
            case .rolledBack: .rolledBack
            }
        guard row.state.canTransition(to: next) else {
            throw InputRejection(.validation, "cutover \(row.id) is \(row.state): a \(report.outcome.rawValue) report cannot follow")
        }
        let previous = row.state
        if previous == .rejected { try recordMissingNotices(&row, in: &context) }
        var reason = "\(report.outcome.rawValue), reported by \(report.reportedBy)"
        if let minutes = report.actualInterruptionMinutes, report.outcome != .started {
            let overrun = max(0, minutes - row.plan.expectedInterruptionMinutes)
            row.actualInterruption = minutes
            row.interruptionOverrun = overrun
            reason += "; interruption \(minutes) min of \(row.plan.expectedInterruptionMinutes) announced"
            if overrun > 0 { reason += ", \(overrun) min longer: counts as a late notice" }
        }
        if let note = report.note { reason += ": \(note)" }
        try row.move(to: next, at: context.now, reason: reason)
        if next != .executing {
            try recordNoticeFacts(row, in: &context)
            if let overrun = row.interruptionOverrun, overrun > 0 { try recordOverrun(row, in: &context) }
            try cancelTimers(of: row.id, in: context)
        }
        try row.save(context.db)
        try emitStatus(row, previous: previous, reason: reason, in: &context)
    }

    /// The plan ran although it was refused, so no valid notice announced it: one missing-notice
    /// fact per affected customer, once; earlier notices of the plan no longer count.
    private func recordMissingNotices(_ row: inout CutoverPlanRow, in context: inout DecisionContext) throws {
        guard !row.missingRecorded else { return }
        row.missingRecorded = true
        let month = try calendar.month(of: row.plan.windowStart)
        try context.db.cachedStatement(sql: "UPDATE cutover_notices SET counted = 1 WHERE cutover_id = ?").execute(arguments: [row.id])
        for customer in row.affected {
            let record = AssessmentRecord(
                part: .informationNotices, unit: row.plan.unit, month: month, level: customer.level, reference: "\(row.id)/\(customer.id)/missing",
                met: false, at: context.now)
            try emit(.assessmentRecord, record, unit: row.plan.unit, at: context.now, in: &context)
        }
    }

    /// The interruption ran longer than announced: one more late fact per current notice.
    private func recordOverrun(_ row: CutoverPlanRow, in context: inout DecisionContext) throws {
        let month = try calendar.month(of: row.plan.windowStart)
        for notice in try currentNotices(of: row.id, in: context.db) {
            let record = AssessmentRecord(
                part: .informationNotices, unit: row.plan.unit, month: month, level: notice.customer.level, reference: "\(notice.noticeId)/overrun",
                met: false, at: context.now)
            try emit(.assessmentRecord, record, unit: row.plan.unit, at: context.now, in: &context)
        }
    }
}
