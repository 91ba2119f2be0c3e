import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointRuntime

/// A year's calendar from the `calendar` topic (`onepoint calendar load`; DOMAIN.md §9): stored
/// (it wins over `calendar.yaml`; later decisions count on it), then the notice leads of every
/// plan still waiting for its window are counted again.
extension CutoverLogic {
    /// Stores the year and recounts the current notices of every approved or renegotiating plan
    /// whose window has not started and whose lead reaches the year: each notice's latest send
    /// date, whether it was sent in time (what its information-notice fact will count),
    /// whether it is still provisional, and the feedback due time, whose timer moves. A plan whose
    /// notices changed says so in a `CutoverStateChangeEvent` (state unchanged, the reason listing
    /// each change). Nothing already sent is taken back: a decision stands, a notice now counted
    /// late stays sent (revise the plan for a later window to send one in time).
    ///
    /// `self` counts on the calendar in force before this input.
    /// - Throws: ``InputRejection`` (validation) when the record's facts contradict each other.
    func applyCalendar(_ update: CalendarYearUpdate, in context: inout DecisionContext) throws {
        let year: CalendarYear
        do {
            year = try update.calendarYear()
        } catch {
            throw InputRejection(.validation, "\(error.message) [\(error.code)]")
        }
        guard let change = try loadedCalendar.apply(year, eventId: context.cause, at: context.now, context.db) else { return }
        let after = counting(on: change.current)
        let open = try String.fetchAll(
            context.db.cachedStatement(sql: "SELECT id FROM cutover_plans WHERE state IN (?, ?) ORDER BY id"),
            arguments: [CutoverState.approved.rawValue, CutoverState.renegotiating.rawValue])
        for id in open {
            guard var row = try CutoverPlanRow.load(id, context.db) else { continue }
            try after.recountLeads(&row, year: year.year, corrects: change.corrects, in: &context)
        }
    }

    /// Counts the current notices of `row` again on this logic's calendar.
    private func recountLeads(_ row: inout CutoverPlanRow, year: Int, corrects: Bool, in context: inout DecisionContext) throws {
        let plan = row.plan
        guard !plan.emergency, plan.windowStart > context.now else { return }
        let windowDay = try calendar.civilDate(of: plan.windowStart)
        let feedbackDue = try? clock.feedbackDue(forWindowStartingAt: plan.windowStart)
        var changes: [String] = []
        var previousFeedbackDue: Date?
        let current = try Row.fetchAll(
            context.db.cachedStatement(sql: "SELECT notice_id, notice FROM cutover_notices WHERE cutover_id = ? AND superseded_by IS NULL ORDER BY customer_id"),
            arguments: [row.id])
        for stored in current {
            var notice = try CutoverJSON.decode(CutoverNotice.self, stored["notice"])
            // The walk back from the window's day to the old latest send date never looked at a
            // day of `year`: nothing to count again.
            guard let lead = notice.requiredWorkingDays, (notice.latestSendDate.year...windowDay.year).contains(year) else { continue }
            let latest = try calendar.latestNoticeDate(forWindowStartingAt: plan.windowStart, leadWorkingDays: lead)
            let inTime = try calendar.isNoticeInTime(sentAt: notice.sentAt, windowStart: plan.windowStart, leadWorkingDays: lead)
            let provisional: Bool? = calendar.provisionalYears(from: latest, through: windowDay).isEmpty ? nil : true
            let due = notice.feedbackDueAt == nil ? nil : feedbackDue
            guard latest != notice.latestSendDate || inTime != notice.inTime || provisional != notice.provisional || due != notice.feedbackDueAt
            else { continue }
            var said = "\(notice.customer.id): latest send date \(notice.latestSendDate) → \(latest)"
            if inTime != notice.inTime { said += inTime ? ", now in time" : ", now late (sent \(format(notice.sentAt)))" }
            if let old = notice.feedbackDueAt, let due, old != due { said += ", feedback due \(format(old)) → \(format(due))" }
            changes.append(said)
            previousFeedbackDue = previousFeedbackDue ?? notice.feedbackDueAt
            notice.latestSendDate = latest
            notice.inTime = inTime
            notice.provisional = provisional
            notice.feedbackDueAt = due
            try context.db.cachedStatement(sql: "UPDATE cutover_notices SET notice = ?, in_time = ? WHERE notice_id = ?")
                .execute(arguments: [try CutoverJSON.text(notice), inTime ? 1 : 0, stored["notice_id"] as String])
        }
        guard !changes.isEmpty else { return }
        // The feedback timer moves unless it has fired already (silence counted).
        if let previousFeedbackDue, previousFeedbackDue > context.now, let feedbackDue {
            try context.setTimer(id: Self.timerID(.feedback, row.id), due: max(feedbackDue, context.now))
        }
        let reason =
            "notice lead counted again on the \(year) calendar \(corrects ? "as corrected" : "now loaded"): " + changes.joined(separator: "; ")
        row.history.append(.init(at: context.now, state: row.state, revision: row.revision, reason: reason))
        row.updatedAt = context.now
        try row.save(context.db)
        try emitStatus(row, previous: row.state, reason: reason, in: &context)
    }
}
