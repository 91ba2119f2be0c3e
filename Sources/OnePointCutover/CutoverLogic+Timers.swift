import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointRuntime
import OnePointState

/// The durable timers of a plan: feedback due (reminder, then silence counts as agreement), the
/// reminder before the window, and the window's start (the information-notice facts).
extension CutoverLogic {
    func fireTimer(_ timer: DueTimer, in context: inout DecisionContext) throws {
        let parts = timer.id.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "cutover", let kind = TimerKind(rawValue: String(parts[2])) else { return }
        guard let row = try CutoverPlanRow.load(String(parts[1]), context.db) else { return }
        switch kind {
        case .feedback: try feedbackDue(row, in: &context)
        case .reminder: try windowReminder(row, in: &context)
        case .window: try windowStarted(row, in: &context)
        }
    }

    /// Feedback fell due: each customer that has not answered gets a reminder through its
    /// manager, and its silence counts as agreement.
    func feedbackDue(_ row: CutoverPlanRow, in context: inout DecisionContext) throws {
        guard row.state == .approved || row.state == .renegotiating else { return }
        let silent = try Row.fetchAll(
            context.db.cachedStatement(sql: """
                SELECT notice_id, customer_id, notice FROM cutover_notices
                WHERE cutover_id = ? AND superseded_by IS NULL AND answer IS NULL ORDER BY customer_id
                """), arguments: [row.id])
        for notice in silent {
            let letter = try CutoverJSON.decode(CutoverNotice.self, notice["notice"])
            let reminder = CutoverReminder(
                cutoverId: row.id, kind: .feedbackMissing, unit: letter.customerManagerUnit ?? row.plan.unit, customerId: notice["customer_id"],
                dueAt: letter.feedbackDueAt ?? context.now,
                message: "客户未反馈 No answer from \(letter.customer.name) to notice \(letter.noticeId) by \(format(letter.feedbackDueAt ?? context.now)): counted as agreement")
            try emit(.cutoverReminder, reminder, unit: row.plan.unit, at: context.now, in: &context)
            try context.db.cachedStatement(sql: "UPDATE cutover_notices SET answer = 'silent', answered_at = ? WHERE notice_id = ?")
                .execute(arguments: [context.now.timeIntervalSince1970, notice["notice_id"] as String])
        }
    }

    /// The window starts soon: the cutover contact's unit and every customer manager are reminded.
    func windowReminder(_ row: CutoverPlanRow, in context: inout DecisionContext) throws {
        guard row.state == .approved else { return }
        let start = format(row.plan.windowStart)
        try emit(
            .cutoverReminder,
            CutoverReminder(
                cutoverId: row.id, kind: .windowStarting, unit: row.plan.unit, dueAt: row.plan.windowStart,
                message: "割接窗口即将开始 Window of \(row.id) starts \(start); contact \(row.plan.contact.name) \(row.plan.contact.phone)"),
            unit: row.plan.unit, at: context.now, in: &context)
        for notice in try currentNotices(of: row.id, in: context.db) {
            try emit(
                .cutoverReminder,
                CutoverReminder(
                    cutoverId: row.id, kind: .windowStarting, unit: notice.customerManagerUnit ?? row.plan.unit, customerId: notice.customer.id,
                    dueAt: row.plan.windowStart,
                    message: "割接窗口即将开始 Window of \(row.id) affecting \(notice.customer.name) starts \(start) (notice \(notice.noticeId))"),
                unit: row.plan.unit, at: context.now, in: &context)
        }
    }

    /// The window started: each current notice becomes a fact of the window's month.
    func windowStarted(_ row: CutoverPlanRow, in context: inout DecisionContext) throws {
        guard row.state == .approved || row.state == .executing else { return }
        try recordNoticeFacts(row, in: &context)
    }

    /// One information-notice fact per current notice not yet counted: in time or late, in the
    /// month of the window's start, for the plan's unit.
    func recordNoticeFacts(_ row: CutoverPlanRow, in context: inout DecisionContext) throws {
        let month = try calendar.month(of: row.plan.windowStart)
        let uncounted = try Row.fetchAll(
            context.db.cachedStatement(sql: """
                SELECT notice_id, in_time, notice FROM cutover_notices
                WHERE cutover_id = ? AND superseded_by IS NULL AND counted = 0 ORDER BY notice_id
                """), arguments: [row.id])
        for notice in uncounted {
            let letter = try CutoverJSON.decode(CutoverNotice.self, notice["notice"])
            let record = AssessmentRecord(
                part: .informationNotices, unit: row.plan.unit, month: month, level: letter.customer.level, reference: letter.noticeId,
                met: (notice["in_time"] as Int) != 0, at: row.plan.windowStart)
            try emit(.assessmentRecord, record, unit: row.plan.unit, at: context.now, in: &context)
            try context.db.cachedStatement(sql: "UPDATE cutover_notices SET counted = 1 WHERE notice_id = ?").execute(arguments: [letter.noticeId])
        }
    }

    /// The notices a plan's customers hold now.
    func currentNotices(of id: String, in db: Database) throws -> [CutoverNotice] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT notice FROM cutover_notices WHERE cutover_id = ? AND superseded_by IS NULL ORDER BY customer_id"),
            arguments: [id]
        ).map { try CutoverJSON.decode(CutoverNotice.self, $0) }
    }
}
