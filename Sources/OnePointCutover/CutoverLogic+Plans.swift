import Foundation
import GRDB
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointRuntime

/// Plans in, revised and cancelled; the decision (who is affected, the lead they need, whether
/// the plan is in time and clear of key-assurance periods); the notices and the outage window.
extension CutoverLogic {
    /// Timer ids: one of each per cutover, moved by every revision.
    enum TimerKind: String {
        case feedback, reminder, window
    }

    static func timerID(_ kind: TimerKind, _ cutover: String) -> String { "cutover:\(cutover):\(kind.rawValue)" }

    func applyPlan(_ plan: CutoverPlan, in context: inout DecisionContext) throws {
        if try CutoverPlanRow.load(plan.cutoverId, context.db) != nil {
            throw InputRejection(
                .validation, "cutover \(plan.cutoverId) was submitted before; send a CutoverPlanAttributeValueChangeEvent to revise it")
        }
        try commandGuard.checkInstant(plan.submittedAt, field: "event.submittedAt", notBefore: nil, "", now: context.now)
        var row = CutoverPlanRow(
            plan: plan, state: .rejected, revision: 1, affected: [], problems: [], earliestStart: nil, history: [], actualInterruption: nil,
            interruptionOverrun: nil, missingRecorded: false, updatedAt: context.now)
        try decide(&row, reason: "submitted by \(plan.submittedBy)", previous: nil, in: &context)
    }

    func applyRevision(_ revision: CutoverRevision, in context: inout DecisionContext) throws {
        guard var row = try CutoverPlanRow.load(revision.cutoverId, context.db) else {
            throw InputRejection(.validation, "no cutover \(revision.cutoverId) to revise: submit the plan first")
        }
        try commandGuard.authorize(revision.unit, on: row.plan.unit, "revision of cutover \(row.id)")
        try commandGuard.checkInstant(revision.revisedAt, field: "event.revisedAt", notBefore: row.plan.submittedAt, "the plan's submission", now: context.now)
        guard [.approved, .rejected, .renegotiating].contains(row.state) else {
            throw InputRejection(.validation, "cutover \(row.id) is \(row.state): a plan can be revised only before it runs")
        }
        if let start = revision.windowStart, let end = revision.windowEnd {
            row.plan.windowStart = start
            row.plan.windowEnd = end
        }
        if let minutes = revision.expectedInterruptionMinutes { row.plan.expectedInterruptionMinutes = minutes }
        for id in revision.addElementIds ?? [] where !row.plan.elementIds.contains(id) { row.plan.elementIds.append(id) }
        for id in revision.addCircuitIds ?? [] where !row.plan.circuitIds.contains(id) { row.plan.circuitIds.append(id) }
        let previous = row.state
        row.revision += 1
        try decide(&row, reason: "revision \(row.revision) by \(revision.revisedBy): \(revision.reason)", previous: previous, in: &context)
    }

    func applyCancellation(_ cancellation: CutoverCancellation, in context: inout DecisionContext) throws {
        guard var row = try CutoverPlanRow.load(cancellation.cutoverId, context.db) else {
            throw InputRejection(.validation, "no cutover \(cancellation.cutoverId) to cancel")
        }
        try commandGuard.authorize(cancellation.unit, on: row.plan.unit, "cancellation of cutover \(row.id)")
        try commandGuard.checkInstant(cancellation.at, field: "event.at", notBefore: row.plan.submittedAt, "the plan's submission", now: context.now)
        guard row.state.canTransition(to: .cancelled) else {
            throw InputRejection(.validation, "cutover \(row.id) is \(row.state): it can no longer be cancelled")
        }
        let previous = row.state
        let hadWindow = previous == .approved || previous == .renegotiating
        try row.move(to: .cancelled, at: context.now, reason: "cancelled by \(cancellation.cancelledBy): \(cancellation.reason)")
        try row.save(context.db)
        try cancelTimers(of: row.id, in: context)
        if hadWindow { try publishOutage(row, status: .cancelled, in: &context) }
        try emitStatus(row, previous: previous, reason: cancellation.reason, in: &context)
    }

    // MARK: - The decision

    /// Decides `row` as it now stands, sent now: approves it with fresh notices (superseding
    /// earlier ones) and the outage window, or refuses it naming every problem.
    func decide(_ row: inout CutoverPlanRow, reason: String, previous: CutoverState?, in context: inout DecisionContext) throws {
        let plan = row.plan
        let now = context.now
        var problems: [String] = []
        let (affected, unknown) = try affectedCustomers(of: plan, in: context.db)
        problems += unknown
        problems += try ownershipProblems(of: plan, in: context.db)
        if plan.windowStart <= now {
            problems.append("the window starts \(format(plan.windowStart)), which is not in the future (now \(format(now)))")
        }

        // The lead: the longest among the affected levels; an emergency needs 24 clock hours.
        let lead = sla.noticeLeadWorkingDays(for: affected.map(\.level))
        let windowDay = try calendar.civilDate(of: plan.windowStart)
        var latestSendDate = windowDay
        var earliestStart: Date?
        // Years with no loaded calendar the lead was counted through (provisional rule, §9).
        var provisionalYears: [Int] = []
        if plan.emergency {
            let hours = sla.emergencyNoticeLeadHours
            latestSendDate = try calendar.civilDate(of: plan.windowStart.addingTimeInterval(-TimeInterval(hours) * 3600))
            if !affected.isEmpty, !sla.isEmergencyNoticeInTime(sentAt: now, windowStart: plan.windowStart) {
                let earliest = now.addingTimeInterval(TimeInterval(hours) * 3600)
                earliestStart = earliest
                problems.append(
                    "emergency notice too late: at least \(hours) hours are needed before the window starts; earliest window start in time \(format(earliest))"
                )
            }
        } else if !affected.isEmpty {
            do {
                latestSendDate = try calendar.latestNoticeDate(forWindowStartingAt: plan.windowStart, leadWorkingDays: lead)
                provisionalYears = calendar.provisionalYears(from: latestSendDate, through: windowDay)
                if !(try calendar.isNoticeInTime(sentAt: now, windowStart: plan.windowStart, leadWorkingDays: lead)) {
                    let today = try calendar.civilDate(of: now)
                    let earliestDay = try calendar.earliestWindowDay(forNoticeSentOn: today, leadWorkingDays: lead)
                    provisionalYears = Array(Set(provisionalYears + calendar.provisionalYears(from: today, through: earliestDay))).sorted()
                    let earliest = max(try calendar.startOfDay(earliestDay), now)
                    earliestStart = earliest
                    let setBy = CustomerLevel.allCases.filter { level in affected.contains { $0.level == level } && sla.noticeLeadWorkingDays[level] == lead }
                    problems.append(
                        "too late for its notice lead: \(lead) working days for \(setBy.map(\.rawValue).joined(separator: ", ")), latest send date \(latestSendDate) has passed; earliest window start in time \(format(earliest))"
                            + (provisionalYears.isEmpty ? "" : " (\(CalendarYear.provisionalNote(years: provisionalYears)))")
                    )
                }
            } catch {
                problems.append("the notice lead cannot be counted: \(error.message)")
            }
            for customer in affected {
                for period in try assuranceConflicts(customer: customer, start: plan.windowStart, end: plan.windowEnd, in: context.db) {
                    problems.append("the window overlaps key-assurance period \(period) covering \(customer.id); only an emergency may")
                }
            }
        }

        row.affected = affected
        row.problems = problems
        row.earliestStart = earliestStart
        let circuits = affected.reduce(0) { $0 + $1.circuits.count }
        var head = CutoverDecision(
            cutoverId: plan.cutoverId, unit: plan.unit, requiredWorkingDays: plan.emergency ? nil : lead, latestSendDate: latestSendDate,
            affectedCustomers: affected.count, affectedCircuits: circuits, problems: problems, at: now, revision: row.revision,
            windowStart: plan.windowStart, windowEnd: plan.windowEnd, earliestWindowStart: earliestStart)
        head.provisional = provisionalYears.isEmpty ? nil : true

        guard problems.isEmpty else {
            let hadWindow = previous == .approved || previous == .renegotiating
            try row.move(to: .rejected, at: now, reason: "\(reason); refused: \(problems.joined(separator: "; "))")
            try row.save(context.db)
            try cancelTimers(of: row.id, in: context)
            try emit(.cutoverRejected, head, unit: plan.unit, at: now, priority: .high, in: &context)
            if hadWindow { try publishOutage(row, status: .cancelled, in: &context) }
            return
        }

        // Approved: one notice per customer, superseding what the customer was sent before.
        var approval = head
        approval.noticeIds = []
        var notices: [CutoverNotice] = []
        let feedbackDue = affected.isEmpty ? nil : try? clock.feedbackDue(forWindowStartingAt: plan.windowStart)
        for customer in affected {
            let ownLead = sla.noticeLeadWorkingDays[customer.level]
            let inTime =
                plan.emergency
                ? sla.isEmergencyNoticeInTime(sentAt: now, windowStart: plan.windowStart)
                : try calendar.isNoticeInTime(sentAt: now, windowStart: plan.windowStart, leadWorkingDays: ownLead)
            let previousNotice = try String.fetchOne(
                context.db.cachedStatement(sql: """
                    SELECT notice_id FROM cutover_notices WHERE cutover_id = ? AND customer_id = ? AND superseded_by IS NULL
                    """), arguments: [plan.cutoverId, customer.id])
            let noticeId = row.revision == 1 ? "\(plan.cutoverId)/\(customer.id)" : "\(plan.cutoverId)/\(customer.id)/r\(row.revision)"
            let ownLatest = plan.emergency
                ? latestSendDate : try calendar.latestNoticeDate(forWindowStartingAt: plan.windowStart, leadWorkingDays: ownLead)
            var notice = CutoverNotice(
                cutoverId: plan.cutoverId, noticeId: noticeId, unit: plan.unit,
                customer: CustomerReference(id: customer.id, name: customer.name, level: customer.level), reason: plan.reason,
                windowStart: plan.windowStart, windowEnd: plan.windowEnd, affectedService: customer.affectedService,
                expectedInterruptionMinutes: plan.expectedInterruptionMinutes, advice: settings.advice,
                contacts: .init(
                    cutoverContact: plan.contact, customerManager: customer.manager,
                    faultLine: Contact(name: settings.faultLineName, phone: settings.faultLinePhone)),
                affectedCircuits: customer.circuits, emergency: plan.emergency, requiredWorkingDays: plan.emergency ? nil : ownLead,
                latestSendDate: ownLatest,
                sentAt: now, inTime: inTime, customerManagerUnit: customer.managerUnit, revision: row.revision, supersedes: previousNotice,
                feedbackDueAt: feedbackDue.flatMap { $0 > now ? $0 : nil })
            // The customer's own lead, counted through a year with no calendar, is provisional (§9).
            notice.provisional = !plan.emergency && !calendar.provisionalYears(from: ownLatest, through: windowDay).isEmpty ? true : nil
            if let previousNotice {
                try context.db.cachedStatement(sql: "UPDATE cutover_notices SET superseded_by = ? WHERE notice_id = ?").execute(arguments: [noticeId, previousNotice])
            }
            try context.db.cachedStatement(sql: """
                INSERT INTO cutover_notices (notice_id, cutover_id, customer_id, revision, in_time, notice) VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [noticeId, plan.cutoverId, customer.id, row.revision, inTime ? 1 : 0, try CutoverJSON.text(notice)])
            approval.noticeIds?.append(noticeId)
            notices.append(notice)
        }
        // Customers an earlier revision reached and this one does not: their notices lapse.
        try context.db.cachedStatement(sql: """
            UPDATE cutover_notices SET superseded_by = 'withdrawn' WHERE cutover_id = ? AND superseded_by IS NULL AND revision < ?
            """).execute(arguments: [plan.cutoverId, row.revision])

        var note = affected.isEmpty ? "; touches no customer circuit: approved with no notices" : "; \(affected.count) notices sent"
        if !provisionalYears.isEmpty { note += "; notice lead \(CalendarYear.provisionalNote(years: provisionalYears))" }
        try row.move(to: .approved, at: now, reason: reason + note)
        try row.save(context.db)
        try emit(.cutoverApproved, approval, unit: plan.unit, at: now, in: &context)
        for notice in notices { try emit(.cutoverNotice, notice, unit: plan.unit, at: now, in: &context) }
        try publishOutage(row, status: .scheduled, in: &context)

        // Timers, moved by every revision.
        if let feedbackDue, feedbackDue > now {
            try context.setTimer(id: Self.timerID(.feedback, row.id), due: feedbackDue)
        } else {
            try context.cancelTimer(id: Self.timerID(.feedback, row.id))
        }
        if !affected.isEmpty {
            let reminder = plan.windowStart.addingTimeInterval(-TimeInterval(settings.windowReminderHours) * 3600)
            try context.setTimer(id: Self.timerID(.reminder, row.id), due: max(reminder, now))
        }
        try context.setTimer(id: Self.timerID(.window, row.id), due: plan.windowStart)
    }

    /// The customers `plan` reaches: circuits carried by its elements, ports and fibres plus the
    /// circuits it names; and a problem for each id the inventory does not know.
    func affectedCustomers(of plan: CutoverPlan, in db: Database) throws -> (customers: [AffectedCustomer], problems: [String]) {
        var problems: [String] = []
        var circuitIds = Set<String>()
        let carried = try db.cachedStatement(sql: "SELECT circuit_id FROM cutover_carriage WHERE object_id = ?")
        let element = try db.cachedStatement(sql: "SELECT 1 FROM cutover_elements WHERE id = ?")
        for object in plan.elementIds {
            let elementId = String(object.split(separator: "/", maxSplits: 1).first ?? Substring(object))
            guard try Bool.fetchOne(element, arguments: [elementId]) != nil else {
                problems.append("unknown element \(object): it is not in the inventory")
                continue
            }
            circuitIds.formUnion(try String.fetchAll(carried, arguments: [object]))
        }
        let circuit = try db.cachedStatement(sql: "SELECT * FROM cutover_circuits WHERE id = ?")
        for id in plan.circuitIds {
            if try Row.fetchOne(circuit, arguments: [id]) == nil {
                problems.append("unknown circuit \(id): it is not in the inventory")
            } else {
                circuitIds.insert(id)
            }
        }
        var byCustomer: [String: [CutoverNotice.AffectedCircuit]] = [:]
        for id in circuitIds.sorted() {
            guard let row = try Row.fetchOne(circuit, arguments: [id]) else { continue }  // carried but deleted since
            guard let type = ServiceType(rawValue: row["service_type"]) else { continue }
            byCustomer[row["customer_id"], default: []].append(
                .init(circuitId: id, serviceType: type, aEndUnit: UnitID(row["a_unit"] as String), zEndUnit: UnitID(row["z_unit"] as String)))
        }
        var customers: [AffectedCustomer] = []
        let customer = try db.cachedStatement(sql: "SELECT * FROM cutover_customers WHERE id = ?")
        for (id, circuits) in byCustomer.sorted(by: { $0.key < $1.key }) {
            guard let row = try Row.fetchOne(customer, arguments: [id]) else {
                problems.append("customer \(id) of circuit \(circuits.map(\.circuitId).joined(separator: ", ")) is not in the inventory: no one to notify")
                continue
            }
            customers.append(AffectedCustomer(
                id: id, name: row["name"], level: CustomerLevel(rawValue: row["level"]) ?? .bronze, managerUnit: UnitID(row["manager_unit"] as String),
                manager: Contact(name: row["manager_name"], phone: row["manager_phone"]), circuits: circuits))
        }
        return (customers, problems)
    }

    /// Who notifies (DOMAIN.md §6.2): HQ for the inter-province backbone, a province for its
    /// backbone, a city for its local network; and every element must be that unit's or below it.
    func ownershipProblems(of plan: CutoverPlan, in db: Database) throws -> [String] {
        var problems: [String] = []
        let tier = try topology.unit(plan.unit).tier
        let expected: Tier =
            switch plan.network {
            case .interProvinceBackbone: .hq
            case .provincialBackbone: .province
            case .localNetwork: .city
            }
        if tier != expected {
            problems.append("\(plan.unit) (\(tier)) does not own the \(plan.network.rawValue); a \(expected) unit notifies and approves it")
        }
        let unitOf = try db.cachedStatement(sql: "SELECT unit FROM cutover_elements WHERE id = ?")
        for object in plan.elementIds {
            let elementId = String(object.split(separator: "/", maxSplits: 1).first ?? Substring(object))
            guard let unit = try String.fetchOne(unitOf, arguments: [elementId]) else { continue }
            if !(try topology.isUnit(UnitID(unit), within: plan.unit)) {
                problems.append("element \(object) is maintained by \(unit), outside \(plan.unit)")
            }
        }
        return problems
    }

    // MARK: - Shared steps

    /// Publishes the plan's planned-outage window (its elements, named and affected circuits).
    func publishOutage(_ row: CutoverPlanRow, status: PlannedOutage.Status, in context: inout DecisionContext) throws {
        let circuits = Array(Set(row.plan.circuitIds + row.affected.flatMap { $0.circuits.map(\.circuitId) })).sorted()
        let outage = PlannedOutage(
            cutoverId: row.id, unit: row.plan.unit, status: status, windowStart: row.plan.windowStart, windowEnd: row.plan.windowEnd,
            elementIds: row.plan.elementIds, circuitIds: circuits)
        try emit(.plannedOutage, outage, unit: row.plan.unit, at: context.now, in: &context)
    }

    func cancelTimers(of id: String, in context: DecisionContext) throws {
        for kind in [TimerKind.feedback, .reminder, .window] { try context.cancelTimer(id: Self.timerID(kind, id)) }
    }

    /// Emits the plan's state change.
    func emitStatus(_ row: CutoverPlanRow, previous: CutoverState, reason: String, in context: inout DecisionContext) throws {
        let status = CutoverStatus(
            cutoverId: row.id, unit: row.plan.unit, state: row.state, previousState: previous, revision: row.revision,
            windowStart: row.plan.windowStart, windowEnd: row.plan.windowEnd, reason: reason, awaiting: Self.awaiting(row),
            actualInterruptionMinutes: row.actualInterruption, interruptionOverrunMinutes: row.interruptionOverrun, at: context.now)
        try emit(.cutoverStateChange, status, unit: row.plan.unit, at: context.now, in: &context)
    }

    /// What the plan waits for next, for people.
    static func awaiting(_ row: CutoverPlanRow) -> String? {
        switch row.state {
        case .approved: "customers' feedback, then the window; an execution report from \(row.plan.unit)"
        case .rejected: "a revision from \(row.plan.unit) (a later window), or a cancellation"
        case .renegotiating: "a revised window from \(row.plan.unit)"
        case .executing: "the completion or roll-back report from \(row.plan.unit)"
        case .completed, .rolledBack, .cancelled: nil
        }
    }

    /// An instant as people read it, in the calendar's zone.
    func format(_ date: Date) -> String { ISOTime.format(date, in: calendar.timeZone) }
}
