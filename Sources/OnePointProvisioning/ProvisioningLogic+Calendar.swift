import Foundation
import OnePointContracts
import OnePointDomain
import OnePointRuntime

extension ProvisioningLogic {
    // MARK: Calendar years loaded without a restart (DOMAIN.md §9)

    /// A year's calendar from the `calendar` topic: stored (it wins over `calendar.yaml` and over
    /// an earlier record of the year), then every open clock that reaches the year is counted
    /// again. Where an order's deadline moves (or stops being provisional) its warning, overdue
    /// and escalation timers move, its work orders are published again and a
    /// ``EventType/deadlineChanged`` event says why; an unanswered survey's deadline timer moves
    /// the same way.
    ///
    /// Ladder steps already fired stay fired: a warning or escalation sent is not taken back.
    ///
    /// `self` counts on the calendar in force before this input (``counting(on:)``).
    /// - Throws: ``DomainError`` (dead-lettered as a validation failure) when the record's facts
    ///   contradict each other.
    func applyCalendar(_ update: CalendarYearUpdate, in context: inout DecisionContext) throws {
        let year = try update.calendarYear()
        guard let change = try loadedCalendar.apply(year, eventId: context.cause, at: context.now, context.db) else { return }
        let after = counting(on: change.current)
        let reason: DeadlineChange.Reason = change.corrects ? .calendarCorrected : .calendarLoaded
        for record in try ProvisioningTables.openOrders(context.db) where record.endToEndCompletedAt == nil {
            try after.recount(record, before: self, year: year.year, reason: reason, in: &context)
        }
        for check in try ProvisioningTables.openChecks(context.db) {
            try after.recount(check, before: self, year: year.year, reason: reason, in: &context)
        }
    }

    /// Counts an open order's deadline again on this logic's calendar; `before` counted it on
    /// the previous one.
    private func recount(
        _ record: ProvisioningOrder, before: ProvisioningLogic, year: Int, reason: DeadlineChange.Reason, in context: inout DecisionContext
    ) throws {
        let previous = try before.deadline(of: record)
        // The walk from dispatch to the old deadline never looked at a day of `year`: unchanged.
        let calendar = clock.calendar
        guard (try calendar.civilDate(of: record.dispatchedAt).year...calendar.civilDate(of: previous).year).contains(year) else { return }
        let deadline = try self.deadline(of: record)
        let provisional = try provisionalFlag(of: record, deadline: deadline)
        let wasProvisional = try before.provisionalFlag(of: record, deadline: previous)
        guard deadline != previous || provisional != wasProvisional else { return }
        var record = record
        try schedule(&record, in: &context)
        try publishLegs(record, in: &context)
        let change = DeadlineChange(
            entity: EntityReference(kind: .serviceOrder, id: record.order.id), unit: record.route.coordinator, level: record.order.customer.level,
            limit: record.limit.description, startedAt: record.dispatchedAt, previousDeadline: previous, deadline: deadline,
            provisional: provisional, reason: reason, calendarYear: year, at: context.now)
        try emit(.deadlineChanged, change, unit: record.route.coordinator, correlation: record.order.id, in: &context)
        try ProvisioningTables.save(context.db, record)
    }

    /// Counts an unanswered survey's deadline again on this logic's calendar.
    private func recount(
        _ check: ResourceCheck, before: ProvisioningLogic, year: Int, reason: DeadlineChange.Reason, in context: inout DecisionContext
    ) throws {
        let start = check.request.requestedAt
        let calendar = clock.calendar
        guard (try calendar.civilDate(of: start).year...calendar.civilDate(of: check.deadline).year).contains(year) else { return }
        let deadline = try clock.deadline(for: check.limit, start: start)
        let provisional: Bool? = try clock.provisionalYears(from: start, to: deadline).isEmpty ? nil : true
        let wasProvisional = try !before.clock.provisionalYears(from: start, to: check.deadline).isEmpty
        guard deadline != check.deadline || (provisional == true) != wasProvisional else { return }
        var check = check
        let previous = check.deadline
        check.deadline = deadline
        try ProvisioningTables.save(context.db, check)
        // A deadline already passed has escalated (or escalates now): its timer is not set again.
        if previous > context.now {
            let timer = ProvisioningTimer.checkDeadline(requestId: check.request.id)
            try context.setTimer(id: timer.id, due: deadline, payload: timer.payload)
        }
        let change = DeadlineChange(
            entity: EntityReference(kind: .resourceCheck, id: check.request.id), unit: check.request.assignedUnit,
            level: check.request.customer.level, limit: check.limit.description, startedAt: start, previousDeadline: previous,
            deadline: deadline, provisional: provisional, reason: reason, calendarYear: year, at: context.now)
        try emit(.deadlineChanged, change, unit: check.request.assignedUnit, correlation: check.request.id, in: &context)
    }
}
