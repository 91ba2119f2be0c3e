import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointRuntime

/// Facts: what the other workers emit, and what the worker derives from trouble tickets.
extension ReportingLogic {
    /// A scored fact from the provisioning or cutover worker, kept once per fact id.
    func applyRecord(_ record: AssessmentRecord, eventId: String, in context: inout DecisionContext) throws {
        let month = try ReportMonth(parsing: record.month)
        let id = Self.factID(record)
        try checkRange(month, fact: id, now: context.now)
        // The final figure: the work is no longer open.
        try context.db.cachedStatement(sql: "DELETE FROM report_open WHERE item_id = ?").execute(arguments: [id])
        let fact = ReportFact(
            id: id, unit: record.unit, month: record.month, part: record.part, level: record.level, met: record.met,
            overrun: record.overrunMinutes, reference: record.reference, at: record.at, sourceEvent: eventId)
        try store(fact, in: &context)
    }

    /// `<part>:<reference>` for a part counted once per order or notice; `<part>:<reference>:<unit>`
    /// for the parts each leg's unit answers for (data configuration, surveys).
    static func factID(_ record: AssessmentRecord) -> String {
        switch record.part {
        case .provisioningOnTime, .acceptancePass, .informationNotices, .complaintTimeliness, .networkQuality:
            "\(record.part.rawValue):\(record.reference)"
        case .existingNetworkSurvey, .constructionSurvey, .dataConfiguration, .restorationTime:
            "\(record.part.rawValue):\(record.reference):\(record.unit)"
        }
    }

    /// Restoration facts derived from a ticket: one per affected customer, in the month of its
    /// restoration, for the handling unit, measured against that customer's own deadline. A
    /// customer not restored yet is open work; a cancelled or rejected ticket counts nothing.
    func applyTicket(_ ticket: TroubleTicket, eventId: String, in context: inout DecisionContext) throws {
        for impact in ticket.customers {
            try CustomerReport.remember(impact, context.db)
            let id = "\(AssessmentPart.restorationTime.rawValue):\(ticket.id):\(impact.customer.id)"
            if ticket.status == .cancelled || ticket.status == .rejected {
                try context.db.cachedStatement(sql: "DELETE FROM report_open WHERE item_id = ?").execute(arguments: [id])
                try remove(id, in: &context)
                continue
            }
            if let restored = impact.restoredAt ?? ticket.restoredAt {
                try context.db.cachedStatement(sql: "DELETE FROM report_open WHERE item_id = ?").execute(arguments: [id])
                let month = try ReportMonth(of: restored, in: zone)
                try checkRange(month, fact: id, now: context.now)
                let fact = ReportFact(
                    id: id, unit: ticket.unit, month: month.description, part: .restorationTime, level: impact.handledAtLevel,
                    overrun: Self.minutes(restored.timeIntervalSince(impact.deadline)),
                    duration: Self.minutes(restored.timeIntervalSince(ticket.startedAt)), reference: "\(ticket.id)/\(impact.customer.id)",
                    at: restored, sourceEvent: eventId)
                try store(fact, in: &context)
            } else {
                try context.db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO report_open (item_id, kind, unit, level, reference, started, deadline)
                    VALUES (?, 'restoration', ?, ?, ?, ?, ?)
                    """
                ).execute(arguments: [
                    id, ticket.unit.rawValue, impact.handledAtLevel.rawValue, "\(ticket.id)/\(impact.customer.id)",
                    ticket.startedAt.timeIntervalSince1970, impact.deadline.timeIntervalSince1970,
                ])
                // Reopened: the restoration counted before no longer stands.
                if let old = try ReportFact.load(id, context.db), !old.provisional { try remove(id, in: &context) }
            }
        }
    }

    /// An order past its deadline and not complete: open work that counts as late in the month
    /// its deadline passed, until its on-time fact arrives. Only the whole order's step counts
    /// (a late leg is scored through its own facts).
    func applyOverdue(_ step: OrderDeadlineStep, in context: inout DecisionContext) throws {
        guard step.workOrderId == nil else { return }
        let id = "\(AssessmentPart.provisioningOnTime.rawValue):\(step.orderId)"
        if let old = try ReportFact.load(id, context.db), !old.provisional { return }
        try context.db.cachedStatement(sql: """
            INSERT OR REPLACE INTO report_open (item_id, kind, unit, level, reference, started, deadline)
            VALUES (?, 'order', ?, ?, ?, ?, ?)
            """
        ).execute(arguments: [id, step.unit.rawValue, step.level.rawValue, step.orderId, step.at.timeIntervalSince1970, step.deadline.timeIntervalSince1970])
    }

    /// An open clock's deadline moved with the calendar (the provisioning worker recounted it):
    /// its open-work row, if it has one (an overdue order, a survey past its deadline), takes the
    /// new deadline, so a month's end counts it in the month the deadline now falls in.
    func applyDeadlineChange(_ change: DeadlineChange, in context: inout DecisionContext) throws {
        let deadline = change.deadline.timeIntervalSince1970
        switch change.entity.kind {
        case .serviceOrder:
            try context.db.cachedStatement(sql: "UPDATE report_open SET deadline = ? WHERE item_id = ?")
                .execute(arguments: [deadline, "\(AssessmentPart.provisioningOnTime.rawValue):\(change.entity.id)"])
        case .resourceCheck:
            try context.db.cachedStatement(sql: """
                UPDATE report_open SET deadline = ? WHERE reference = ? AND kind IN (?, ?, 'pending-survey')
                """
            ).execute(arguments: [
                deadline, change.entity.id, AssessmentPart.existingNetworkSurvey.rawValue, AssessmentPart.constructionSurvey.rawValue,
            ])
        default: break
        }
    }

    /// A survey requested: kept, so that its deadline step says which part and unit it counts against.
    func applyCheckRequest(_ request: ResourceCheckRequest, in context: inout DecisionContext) throws {
        let part: AssessmentPart = request.kind == .existingNetworkSurvey ? .existingNetworkSurvey : .constructionSurvey
        try context.db.cachedStatement(sql: "INSERT OR REPLACE INTO report_checks (id, part, unit, level, requested_at) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [request.id, part.rawValue, request.assignedUnit.rawValue, request.customer.level.rawValue, request.requestedAt.timeIntervalSince1970])
        // Its deadline step was read first (another topic): it is open work now that its part is known.
        let pending = Self.pendingSurveyID(request.id)
        if let step = try Row.fetchOne(context.db.cachedStatement(sql: "SELECT deadline FROM report_open WHERE item_id = ?"), arguments: [pending]) {
            try context.db.cachedStatement(sql: "DELETE FROM report_open WHERE item_id = ?").execute(arguments: [pending])
            try openSurvey(request.id, part: part.rawValue, unit: request.assignedUnit.rawValue, level: request.customer.level.rawValue,
                           requestedAt: request.requestedAt.timeIntervalSince1970, deadline: step["deadline"], in: context)
        }
    }

    /// The open-work row of a survey step read before its request.
    static func pendingSurveyID(_ request: String) -> String { "pending-survey:\(request)" }

    private func openSurvey(_ request: String, part: String, unit: String, level: String, requestedAt: Double, deadline: Double, in context: DecisionContext) throws {
        let id = "\(part):\(request):\(unit)"
        guard try ReportFact.load(id, context.db) == nil else { return }
        try context.db.cachedStatement(sql: """
            INSERT OR REPLACE INTO report_open (item_id, kind, unit, level, reference, started, deadline) VALUES (?, ?, ?, ?, ?, ?, ?)
            """
        ).execute(arguments: [id, part, unit, level, request, requestedAt, deadline])
    }

    /// A survey unanswered at its deadline (its 100 % step): open work that counts at the month's
    /// end with its working minutes so far, until its fact arrives.
    func applyEscalation(_ notice: EscalationNotice, in context: inout DecisionContext) throws {
        guard notice.entity.kind == .resourceCheck, notice.percent >= 100 else { return }
        guard let row = try Row.fetchOne(context.db.cachedStatement(sql: "SELECT * FROM report_checks WHERE id = ?"), arguments: [notice.entity.id]) else {
            // The request is on another topic and may be read later: keep the step until it is
            // (a kind that is no part, so a month's end passes it by).
            try context.db.cachedStatement(sql: """
                INSERT OR REPLACE INTO report_open (item_id, kind, unit, level, reference, started, deadline) VALUES (?, 'pending-survey', ?, ?, ?, ?, ?)
                """
            ).execute(arguments: [
                Self.pendingSurveyID(notice.entity.id), notice.handlingUnit.rawValue, (notice.customerLevel ?? .unset).rawValue, notice.entity.id,
                notice.startedAt.timeIntervalSince1970, notice.deadline.timeIntervalSince1970,
            ])
            return
        }
        try openSurvey(
            notice.entity.id, part: row["part"], unit: row["unit"], level: row["level"], requestedAt: row["requested_at"],
            deadline: notice.deadline.timeIntervalSince1970, in: context)
    }

    /// A cease order carried out is no longer open work (a late count already made for it at a
    /// month's end stands: it was late then).
    func applyCease(_ orderId: String, in context: inout DecisionContext) throws {
        let id = "\(AssessmentPart.provisioningOnTime.rawValue):\(orderId)"
        try context.db.cachedStatement(sql: "DELETE FROM report_open WHERE item_id = ?").execute(arguments: [id])
    }

    /// Whole minutes of `seconds`, every started minute counted (negative when early).
    static func minutes(_ seconds: TimeInterval) -> Int {
        Int((seconds / 60).rounded(.up))
    }

    /// Refuses a fact for a month more than ``monthsBack`` months before the clock's, or after the next.
    func checkRange(_ month: ReportMonth, fact id: String, now: Date) throws {
        let current = try ReportMonth(of: now, in: zone)
        let back = month.distance(to: current)
        guard back <= Self.monthsBack, back >= -1 else {
            throw InputRejection(
                .validation,
                "fact \(id) belongs to \(month), \(abs(back)) month(s) \(back > 0 ? "before" : "after") the worker's month \(current): facts more than \(Self.monthsBack) months back or after next month are refused")
        }
    }

    /// Keeps `fact` (replacing the one with its id) and revises every drafted report it changes.
    /// A fact that says nothing new is counted once and changes nothing. A fact for a month
    /// whose report is final is an amendment, carried by the next report not yet final.
    func store(_ fact: ReportFact, in context: inout DecisionContext) throws {
        var fact = fact
        let old = try ReportFact.load(fact.id, context.db)
        if let old, old.sameFigures(as: fact) { return }
        let month = try ReportMonth(parsing: fact.month)
        var touched: [(UnitID, String)] = []
        if let old { touched.append((old.unit, old.amendedInto ?? old.month)) }
        if try state(of: month, context.db) == .final {
            let into = try firstOpen(after: month, context.db)
            // What the final report counted, against the same with this fact in (replacing its
            // earlier figure when the report counted one).
            let counted = try ReportFact.counted(unit: fact.unit, month: fact.month, context.db)
            let before = try builder.scorecard(unit: fact.unit, month: fact.month, counted)
            let after = try builder.scorecard(unit: fact.unit, month: fact.month, counted.filter { $0.id != fact.id } + [fact])
            fact.amendedInto = into.description
            fact.amendment = Self.difference(before, after)
            try ensureMonth(into, in: &context)
            touched.append((fact.unit, into.description))
        } else {
            try ensureMonth(month, in: &context)
            touched.append((fact.unit, fact.month))
        }
        try fact.save(context.db)
        var seen: Set<String> = []
        for (unit, month) in touched where seen.insert("\(unit)|\(month)").inserted {
            try revise(unit: unit, month: try ReportMonth(parsing: month), in: &context)
        }
    }

    /// Drops the fact `id`, revising the report that counted it.
    func remove(_ id: String, in context: inout DecisionContext) throws {
        guard let old = try ReportFact.load(id, context.db) else { return }
        try context.db.cachedStatement(sql: "DELETE FROM report_facts WHERE fact_id = ?").execute(arguments: [id])
        try revise(unit: old.unit, month: try ReportMonth(parsing: old.amendedInto ?? old.month), in: &context)
    }

    /// What an amendment changes: the parts whose points move, and the total.
    static func difference(_ before: Scorecard, _ after: Scorecard) -> String {
        var lines: [String] = []
        for part in after.parts {
            let old = before[part.part]
            if old != part.points { lines.append("\(part.part.rawValue) \(old) → \(part.points)") }
        }
        lines.append("total \(before.total) → \(after.total)")
        return lines.joined(separator: "; ")
    }
}
