import Foundation
import OnePointContracts
import OnePointDomain
import OnePointRuntime

extension ProvisioningLogic {
    // MARK: Deadline and ladder

    /// The order's deadline: the limit (with granted delays) in working time from dispatch, closed
    /// clock stops not counted. While a stop is open this is the earliest the deadline can be.
    func deadline(of record: ProvisioningOrder) throws -> Date {
        try clock.deadline(for: record.limit, start: record.dispatchedAt, pauses: record.pauses)
    }

    /// `true` when the order's deadline `deadline` was counted through a year whose calendar is
    /// not loaded (the provisional rule, DOMAIN.md §9); `nil` otherwise, so events leave the
    /// field out.
    func provisionalFlag(of record: ProvisioningOrder, deadline: Date) throws -> Bool? {
        try clock.provisionalYears(from: record.dispatchedAt, to: deadline).isEmpty ? nil : true
    }

    /// Sets a timer for every ladder step not fired yet (a step already due fires at once), or
    /// none while the clock is stopped or the order's clock has finished.
    func schedule(_ record: inout ProvisioningOrder, in context: inout DecisionContext) throws {
        try cancelSteps(record, in: &context)
        guard record.state == .inProgress, record.endToEndCompletedAt == nil, !record.isClockStopped else { return }
        let steps = try sla.provisioningLadder.schedule(start: record.dispatchedAt, limit: record.limit, pauses: record.pauses, clock: clock)
        for scheduled in steps where !record.firedSteps.contains(scheduled.step.percent) {
            let timer = ProvisioningTimer.orderStep(orderId: record.order.id, percent: scheduled.step.percent)
            try context.setTimer(id: timer.id, due: scheduled.due, payload: timer.payload)
        }
    }

    /// Cancels every ladder timer of the order.
    func cancelSteps(_ record: ProvisioningOrder, in context: inout DecisionContext) throws {
        for step in sla.provisioningLadder.steps {
            try context.cancelTimer(id: ProvisioningTimer.orderStep(orderId: record.order.id, percent: step.percent).id)
        }
    }

    /// The unit a ladder target names for an order coordinated by `coordinator`.
    func unit(for target: EscalationTarget, coordinator: UnitID) throws -> UnitID {
        switch target {
        case .coordinatingParty, .dutyLead: return coordinator
        case .parentUnit: return try topology.parent(of: coordinator)?.id ?? topology.hq.id
        case .unitAbove:
            let ancestors = try topology.ancestors(of: coordinator)
            return ancestors.count >= 2 ? ancestors[1].id : topology.hq.id
        case .hqLeadership: return topology.hq.id
        }
    }

    /// A ladder step came due: the warning (below 100 %), the overdue and its escalation (100 %),
    /// further escalations (above).
    func fireStep(orderId: String, percent: Int, in context: inout DecisionContext) throws {
        guard var record = try ProvisioningTables.order(context.db, id: orderId), record.state == .inProgress,
            record.endToEndCompletedAt == nil, !record.isClockStopped, !record.firedSteps.contains(percent),
            let step = sla.provisioningLadder.steps.first(where: { $0.percent == percent })
        else { return }
        record.firedSteps.append(percent)
        let coordinator = record.route.coordinator
        let deadline = try self.deadline(of: record)
        let provisional = try provisionalFlag(of: record, deadline: deadline)
        func notice(target: EscalationTarget, unit: UnitID) -> OrderDeadlineStep {
            var step = OrderDeadlineStep(
                orderId: orderId, unit: coordinator, level: record.order.customer.level, percent: percent, target: target, targetUnit: unit,
                deadline: deadline, at: context.now, overdueOccurrences: record.overdue.occurrences)
            step.provisional = provisional
            return step
        }
        if step.isOverdue {
            let firstOverdue = !record.firedSteps.contains { $0 >= 100 && $0 != percent }
            if firstOverdue {
                // One occurrence per missed event: none more when a delay refused before the
                // deadline already counted this lateness.
                record.overdue.recordDeadlinePassed()
                try emit(.serviceOrderOverdue, notice(target: .coordinatingParty, unit: coordinator), unit: coordinator, correlation: orderId, priority: .high, in: &context)
            }
            let target = try unit(for: step.target, coordinator: coordinator)
            try emit(.serviceOrderEscalated, notice(target: step.target, unit: target), unit: coordinator, correlation: orderId, priority: .high, in: &context)
        } else {
            let target = try unit(for: step.target, coordinator: coordinator)
            try emit(.serviceOrderOverdueWarning, notice(target: step.target, unit: target), unit: coordinator, correlation: orderId, in: &context)
        }
        try ProvisioningTables.save(context.db, record)
    }

    // MARK: Clock stops

    /// A unit stops or restarts its work order's clock; the order's deadline moves by the stop.
    func stopClock(_ stop: WorkOrderClockStop, started: Bool, keyedBy keying: ProgressKeying, in context: inout DecisionContext) throws {
        var (record, index) = try leg(of: stop, keyedBy: keying, reportedBy: stop.unit, at: stop.at, field: "event.at", in: context)
        guard record.state == .inProgress || record.state == .pending || record.state == .held, record.endToEndCompletedAt == nil else {
            throw InputRejection(.validation, "work order \(stop.workOrderId): the order's clock has already stopped (\(record.state)); no clock stop applies")
        }
        let workOrderId = record.legs[index].workOrderId
        let open = record.clockStops.lastIndex { $0.workOrderId == workOrderId && $0.end == nil }
        if started {
            if let open {
                throw InputRejection(.validation, "work order \(workOrderId): the clock is already stopped since \(record.clockStops[open].start) (\(record.clockStops[open].reason))")
            }
            record.clockStops.append(.init(workOrderId: workOrderId, reason: stop.reason, start: stop.at))
            if record.state == .inProgress { record.state = stop.reason.isCustomerCause ? .pending : .held }
        } else {
            guard let open else { throw InputRejection(.validation, "work order \(workOrderId): the clock is not stopped; nothing to restart") }
            guard stop.at >= record.clockStops[open].start else {
                throw InputRejection(.validation, "work order \(workOrderId): the clock cannot restart at \(stop.at), before it stopped at \(record.clockStops[open].start)")
            }
            record.clockStops[open].end = stop.at
            if !record.isClockStopped { record.state = .inProgress }
        }
        try schedule(&record, in: &context)
        try publishLegs(record, in: &context)
        try ProvisioningTables.save(context.db, record)
    }

    // MARK: Delay applications

    /// A delay application: accepted only for a customer cause filed before the deadline (the
    /// deadline moves); otherwise the order is overdue and the application counts one occurrence
    /// (``OverdueTally/record(_:deadline:)``: refused before the deadline, it is the occurrence of
    /// that lateness, and the 100 % step adds none).
    func decideDelay(_ application: WorkOrderDelayApplication, keyedBy keying: ProgressKeying, in context: inout DecisionContext) throws {
        var (record, _) = try leg(
            of: application, keyedBy: keying, reportedBy: application.unit, at: application.filedAt, field: "event.filedAt", in: context)
        guard application.requestedWorkingHalfDays >= 1 else {
            throw InputRejection(.invalidValue, "requestedWorkingHalfDays: \(application.requestedWorkingHalfDays); ask for at least one half working day")
        }
        guard record.state != .completed, record.endToEndCompletedAt == nil else {
            throw InputRejection(.validation, "work order \(application.workOrderId): the order's clock has already stopped; no delay applies")
        }
        let deadline = try self.deadline(of: record)
        let decision = record.overdue.record(application.application, deadline: deadline)
        if decision.isAccepted {
            record.grantedHalfDays += application.requestedWorkingHalfDays
            try schedule(&record, in: &context)
            try publishLegs(record, in: &context)
        } else {
            let coordinator = record.route.coordinator
            var step = OrderDeadlineStep(
                orderId: record.order.id, workOrderId: application.workOrderId, unit: application.unit, level: record.order.customer.level,
                percent: 100, target: .coordinatingParty, targetUnit: coordinator, deadline: deadline, at: context.now,
                overdueOccurrences: record.overdue.occurrences)
            step.provisional = try provisionalFlag(of: record, deadline: deadline)
            try emit(.serviceOrderOverdue, step, unit: coordinator, correlation: record.order.id, priority: .high, in: &context)
        }
        try ProvisioningTables.save(context.db, record)
    }

    // MARK: Lookup

    /// The order and leg index of the work order `input` acts on, checking that `unit` may act on
    /// the leg (the leg's unit or one above it, DOMAIN.md §1) and that `instant` lies neither
    /// before the order's date (or its dispatch, if earlier) nor beyond the allowed skew into the
    /// future (docs/security.md).
    ///
    /// A record keyed by the work-order id (version 1) finds its order from the work-order id; one
    /// keyed by the order id (version 2) finds the order its `orderId` names, and its work order
    /// must be one of that order's (``ProgressKeying``).
    /// - Throws: ``InputRejection``: `validation` naming an unknown work order, a work order of
    ///   another order or a bad instant, `unauthorized` naming the leg's unit and the acting one.
    func leg(
        of input: some WorkOrderInput, keyedBy keying: ProgressKeying, reportedBy unit: UnitID, at instant: Date, field: String,
        in context: DecisionContext
    ) throws -> (ProvisioningOrder, Int) {
        let workOrderId = input.workOrderId
        func unknown() -> InputRejection {
            InputRejection(.validation, "work order \(workOrderId) is not known to the provisioning worker")
        }
        let record: ProvisioningOrder
        let index: Int
        switch keying {
        case .workOrderId:
            guard let orderId = try ProvisioningTables.orderID(context.db, workOrderId: workOrderId),
                let found = try ProvisioningTables.order(context.db, id: orderId), let leg = found.legIndex(workOrderId)
            else {
                // With a task per partition the record was routed here, the task of the order in
                // its work-order id (`route(_:in:)`): no task knows the work order.
                throw unknown()
            }
            (record, index) = (found, leg)
        case .orderId:
            guard let found = try ProvisioningTables.order(context.db, id: input.orderId) else { throw unknown() }
            guard let leg = found.legIndex(workOrderId) else {
                if let other = try ProvisioningTables.orderID(context.db, workOrderId: workOrderId) {
                    throw InputRejection(.validation, "work order \(workOrderId) belongs to order \(other), not \(input.orderId)")
                }
                throw InputRejection(
                    .validation,
                    "work order \(workOrderId) is not a work order of order \(input.orderId) (its work orders: \(found.legs.map(\.workOrderId).joined(separator: ", ")))")
            }
            (record, index) = (found, leg)
        }
        try commandGuard.authorize(unit, on: record.legs[index].unit, "work order \(workOrderId)")
        try commandGuard.checkInstant(instant, field: field, notBefore: min(record.order.orderDate, record.dispatchedAt), "the order's date", now: context.now)
        return (record, index)
    }
}
