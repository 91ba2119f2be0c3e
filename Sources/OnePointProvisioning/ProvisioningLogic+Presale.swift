import Foundation
import OnePointContracts
import OnePointDomain
import OnePointRuntime

extension ProvisioningLogic {
    /// A pre-sale resource check (资源核查) asked of a unit: its limit by level and access
    /// points (DOMAIN.md §4), a timer at its deadline.
    func openCheck(_ request: ResourceCheckRequest, in context: inout DecisionContext) throws {
        if try ProvisioningTables.check(context.db, id: request.id) != nil {
            throw InputRejection(.validation, "resource check \(request.id) already exists; a request id is used once")
        }
        guard !request.accessPoints.isEmpty else {
            throw InputRejection(.validation, "resource check \(request.id): accessPoints is empty; a survey needs at least one access point")
        }
        let activity: Activity = request.kind == .existingNetworkSurvey ? .existingSurvey : .constructionSurvey
        let limit = try sla.limit(for: activity, level: request.customer.level, accessPoints: request.accessPoints.count)
        let deadline = try clock.deadline(for: limit, start: request.requestedAt)
        try ProvisioningTables.save(context.db, ResourceCheck(request: request, limit: limit, deadline: deadline))
        let timer = ProvisioningTimer.checkDeadline(requestId: request.id)
        try context.setTimer(id: timer.id, due: deadline, payload: timer.payload)
    }

    /// The unit's answer: the overrun past the deadline (working minutes, 0 in time) is scored.
    func closeCheck(_ result: ResourceCheckResult, in context: inout DecisionContext) throws {
        guard var check = try ProvisioningTables.check(context.db, id: result.requestId) else {
            throw InputRejection(.validation, "resource check \(result.requestId) is not known to the provisioning worker")
        }
        guard result.unit == check.request.assignedUnit else {
            throw InputRejection(.validation, "resource check \(result.requestId) was asked of \(check.request.assignedUnit), not \(result.unit)")
        }
        guard check.answeredAt == nil else {
            throw InputRejection(.validation, "resource check \(result.requestId) was already answered")
        }
        let overrun = result.answeredAt > check.deadline
            ? Self.minutes(roundingUp: try clock.workingSeconds(from: check.deadline, to: result.answeredAt)) : 0
        check.answeredAt = result.answeredAt
        check.overrunMinutes = overrun
        try ProvisioningTables.save(context.db, check)
        try context.cancelTimer(id: ProvisioningTimer.checkDeadline(requestId: check.request.id).id)
        let fact = AssessmentRecord(
            part: check.request.kind == .existingNetworkSurvey ? .existingNetworkSurvey : .constructionSurvey, unit: check.request.assignedUnit,
            month: try month(of: result.answeredAt), level: check.request.customer.level, reference: check.request.id,
            overrunMinutes: overrun, at: context.now)
        try emit(.assessmentRecord, fact, unit: check.request.assignedUnit, correlation: check.request.id, in: &context)
    }

    /// A resource check reached its deadline unanswered: the unit above is told.
    func fireCheckDeadline(requestId: String, in context: inout DecisionContext) throws {
        guard let check = try ProvisioningTables.check(context.db, id: requestId), check.answeredAt == nil else { return }
        let unit = check.request.assignedUnit
        let target = try topology.parent(of: unit)?.id ?? topology.hq.id
        let elapsed = try clock.workingSeconds(from: check.request.requestedAt, to: context.now)
        let total = try clock.seconds(in: check.limit)
        var notice = EscalationNotice(
            entity: EntityReference(kind: .resourceCheck, id: requestId), level: 1, percent: 100, target: .parentUnit, targetUnit: target,
            handlingUnit: unit, customerLevel: check.request.customer.level, limit: check.limit.description, startedAt: check.request.requestedAt,
            deadline: check.deadline, elapsedMinutes: elapsed / 60, remainingMinutes: (total - elapsed) / 60, at: context.now)
        // A survey's deadline counted through a year with no calendar is provisional (§9).
        notice.provisional = try clock.provisionalYears(from: check.request.requestedAt, to: check.deadline).isEmpty ? nil : true
        try emit(.escalationNotification, notice, unit: unit, correlation: requestId, priority: .high, in: &context)
    }
}
