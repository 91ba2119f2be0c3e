import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointRuntime

/// Customers' feedback letters (客户反馈函): an agreement is recorded; a disagreement puts the
/// plan into renegotiation until the owning unit revises the window.
extension CutoverLogic {
    func applyFeedback(_ feedback: CutoverFeedback, in context: inout DecisionContext) throws {
        guard var row = try CutoverPlanRow.load(feedback.cutoverId, context.db) else {
            throw InputRejection(.validation, "feedback for an unknown cutover \(feedback.cutoverId)")
        }
        guard let noticeId = try String.fetchOne(
            context.db.cachedStatement(sql: """
                SELECT notice_id FROM cutover_notices WHERE cutover_id = ? AND customer_id = ? AND superseded_by IS NULL
                """), arguments: [row.id, feedback.customerId])
        else {
            throw InputRejection(.validation, "feedback from \(feedback.customerId) on cutover \(row.id), which sent that customer no notice")
        }
        // A customer answers through its own unit (its customer manager's) or one above it.
        let managerUnits = row.affected.filter { $0.id == feedback.customerId }.map(\.managerUnit)
        try commandGuard.authorize(feedback.unit, onAnyOf: managerUnits.isEmpty ? [row.plan.unit] : managerUnits, "feedback of \(feedback.customerId) on cutover \(row.id)")
        try commandGuard.checkInstant(feedback.receivedAt, field: "event.receivedAt", notBefore: row.plan.submittedAt, "the plan's submission", now: context.now)
        guard !row.state.isFinal, row.state != .executing else {
            throw InputRejection(.validation, "feedback on cutover \(row.id), which is \(row.state): too late to change it")
        }
        try context.db.cachedStatement(sql: """
            UPDATE cutover_notices SET answer = ?, answered_at = ?, proposed_start = ?, proposed_end = ? WHERE notice_id = ?
            """).execute(arguments: [
            feedback.answer.rawValue, feedback.receivedAt.timeIntervalSince1970, feedback.proposedWindowStart?.timeIntervalSince1970,
            feedback.proposedWindowEnd?.timeIntervalSince1970, noticeId,
        ])
        guard feedback.answer == .disagree, row.state == .approved || row.state == .renegotiating else { return }
        let previous = row.state
        var reason = "\(feedback.customerId) disagrees with the window (\(noticeId))"
        if let start = feedback.proposedWindowStart, let end = feedback.proposedWindowEnd {
            reason += "; proposes \(format(start)) – \(format(end))"
        }
        if let comment = feedback.comment { reason += ": \(comment)" }
        try row.move(to: .renegotiating, at: context.now, reason: reason)
        try row.save(context.db)
        try emitStatus(row, previous: previous, reason: reason, in: &context)
    }
}
