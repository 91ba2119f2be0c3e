import Foundation
import GRDB
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointRuntime
import OnePointState

/// Durable timers: escalation steps, progress feedback, confirmation timeout, flapping
/// hold-down, planned-outage and key-assurance ends, and the coalesced ticket update.
///
/// Timer ids (docs/fault.md): `ticket:<id>:escalation:<percent>`, `ticket:<id>:feedback:<customer>`,
/// `ticket:<id>:confirmation`, `ticket:<id>:publish`, `alarm:<reduction key>:holddown`,
/// `outage:<cutover id>:end`, `assurance:<period id>:end`.
extension FaultLogic {
    static func timerID(ticket: String, _ suffix: String) -> String { "ticket:\(ticket):\(suffix)" }

    func fireTimer(_ timer: DueTimer, in context: inout DecisionContext) throws {
        let id = timer.id
        if id.hasPrefix("alarm:"), id.hasSuffix(":holddown") {
            try holdDownEnded(String(id.dropFirst("alarm:".count).dropLast(":holddown".count)), in: &context)
        } else if id.hasPrefix("outage:"), id.hasSuffix(":end") {
            try outageEnded(String(id.dropFirst("outage:".count).dropLast(":end".count)), at: timer.due, in: &context)
        } else if id.hasPrefix("assurance:"), id.hasSuffix(":end") {
            try assuranceEnded(String(id.dropFirst("assurance:".count).dropLast(":end".count)), in: &context)
        } else if id.hasPrefix("complaint:") {
            try fireComplaintTimer(id, due: timer.due, in: &context)
        } else if id.hasPrefix("ticket:") {
            let rest = id.dropFirst("ticket:".count)
            guard let colon = rest.firstIndex(of: ":") else { return }
            let ticket = String(rest[..<colon])
            let what = rest[rest.index(after: colon)...]
            if what == "publish" {
                if try TicketRow.load(ticket, context.db) != nil { try publish(ticket, .troubleTicketAttributeValueChange, in: &context) }
            } else if what == "confirmation" {
                guard var row = try TicketRow.load(ticket, context.db), row.status == .resolved else { return }
                try close(
                    &row, at: timer.due, reason: "closed: no confirmation within \(Self.duration(settings.confirmationTimeout)) of restoration",
                    in: &context)
            } else if what.hasPrefix("escalation:"), let percent = Int(what.dropFirst("escalation:".count)) {
                try escalate(ticket, percent: percent, due: timer.due, in: &context)
            } else if what.hasPrefix("feedback:") {
                try feedback(ticket, customer: String(what.dropFirst("feedback:".count)), due: timer.due, in: &context)
            }
        }
    }

    // MARK: - Clocks

    /// Sets the next escalation step (by the child whose deadline comes first) and the next
    /// progress feedback of `children` (every child when `nil`).
    func scheduleClocks(_ ticket: TicketRow, children: [String]?, in context: DecisionContext) throws {
        guard ticket.isOpen else { return }
        let db = context.db
        if let governing = try governingChild(ticket.id, db) {
            try scheduleNextEscalation(ticket.id, level: ticket.escalationLevel, governing: governing, pauses: ticket.pauses, cancelLater: true, in: context)
        }
        // Each changed child's (or every child's) feedback clock, from its level and start.
        var clocks: [(customer: String, level: CustomerLevel, start: Date)] = []
        if let children {
            for customer in children {
                let statement = try BoundStatement(db, sql: "SELECT handled_level, started_at FROM fault_children WHERE ticket_id = ? AND customer_id = ?")
                statement.bindAll(ticket.id, customer)
                if try statement.step(), let start = statement.real(1) {
                    clocks.append((customer, statement.text(0).flatMap(CustomerLevel.init(rawValue:)) ?? .unset, Date(timeIntervalSince1970: start)))
                }
            }
        } else {
            let statement = try BoundStatement(db, sql: "SELECT customer_id, handled_level, started_at FROM fault_children WHERE ticket_id = ?")
            statement.bind(1, ticket.id)
            while try statement.step() {
                guard let customer = statement.text(0), let start = statement.real(2) else { continue }
                clocks.append((customer, statement.text(1).flatMap(CustomerLevel.init(rawValue:)) ?? .unset, Date(timeIntervalSince1970: start)))
            }
        }
        try scheduleFeedback(ticket.id, clocks, in: context)
    }

    /// The clocks of a ticket being opened, from its child records as just written (`opened`,
    /// every one it has): its first escalation step and each child's first progress feedback.
    /// No timer of it is set yet, so none is cancelled.
    func scheduleClocks(_ ticket: TicketRow, opened children: [Child], in context: DecisionContext) throws {
        guard ticket.isOpen else { return }
        // The child ``governingChild(_:_:)`` would pick among them.
        var governing: Child?
        for child in children
        where governing.map({ Self.governs(deadline: child.storedDeadline, limit: child.limitMinutes, customer: child.customer, over: $0) }) ?? true {
            governing = child
        }
        if let governing {
            try scheduleNextEscalation(ticket.id, level: ticket.escalationLevel, governing: governing, pauses: ticket.pauses, cancelLater: false, in: context)
        }
        try scheduleFeedback(ticket.id, children.map { ($0.customer, $0.handled, $0.start) }, in: context)
    }

    /// Sets each child's next progress feedback, from its handling level and clock start.
    private func scheduleFeedback(_ ticketId: String, _ clocks: [(customer: String, level: CustomerLevel, start: Date)], in context: DecisionContext) throws {
        for clock in clocks {
            do {
                let schedule = try ProgressFeedbackSchedule(start: clock.start, intervalMinutes: sla.feedbackIntervalMinutes[clock.level])
                try context.setTimer(id: Self.timerID(ticket: ticketId, "feedback:\(clock.customer)"), due: try schedule.next(after: context.now))
            } catch let error as DomainError {
                throw FaultStateError(.clock, error.message)
            }
        }
    }

    /// Sets the timer of the ladder's step after `level` (none past the last step), due at its
    /// percent of `governing`'s limit. Only that step is set: each step, firing, sets the one
    /// after it, so an open ticket holds one escalation timer, not one per step
    /// (docs/performance.md, session 23). `cancelLater`: also cancel the later steps, which a
    /// state written before session 23 holds (every step was set then) and which would
    /// otherwise fire at the instants of an earlier deadline.
    func scheduleNextEscalation(
        _ ticketId: String, level: Int, governing: Child, pauses: [Pause], cancelLater: Bool, in context: DecisionContext
    ) throws {
        let steps = sla.faultLadder.steps
        guard level >= 0, level < steps.count else { return }
        let step = steps[level]
        let due = try Self.deadline(start: governing.start, seconds: (governing.limitMinutes * 60 * step.percent + 99) / 100, pauses: pauses)
        try context.setTimer(id: Self.timerID(ticket: ticketId, "escalation:\(step.percent)"), due: due)
        guard cancelLater else { return }
        for later in steps[(level + 1)...] { try context.cancelTimer(id: Self.timerID(ticket: ticketId, "escalation:\(later.percent)")) }
    }

    /// Stops every clock of a restored ticket.
    func cancelClocks(_ ticket: TicketRow, in context: DecisionContext) throws {
        for step in sla.faultLadder.steps { try context.cancelTimer(id: Self.timerID(ticket: ticket.id, "escalation:\(step.percent)")) }
        let customers = try String.fetchAll(context.db.cachedStatement(sql: "SELECT customer_id FROM fault_children WHERE ticket_id = ?"), arguments: [ticket.id])
        for customer in customers { try context.cancelTimer(id: Self.timerID(ticket: ticket.id, "feedback:\(customer)")) }
    }

    /// The child record whose deadline comes first: it drives the ticket's escalation.
    struct Child {
        var customer: String
        var name: String
        var level: CustomerLevel
        var handled: CustomerLevel
        var limitMinutes: Int
        var start: Date
        var deadline: Date
        /// ``deadline`` as SQLite holds it, seconds since 1970: children are ordered by it, not by
        /// the `Date` made of it, so that equal deadlines compare equal.
        var storedDeadline: Double
        var feedbackSequence: Int

        /// A child record as written: its instants as SQLite stores and reads them back.
        init(
            customer: String, name: String, level: CustomerLevel, handled: CustomerLevel, limitMinutes: Int, start: Date, deadline: Date, feedbackSequence: Int
        ) {
            self.customer = customer
            self.name = name
            self.level = level
            self.handled = handled
            self.limitMinutes = limitMinutes
            self.start = Date(timeIntervalSince1970: start.timeIntervalSince1970)
            storedDeadline = deadline.timeIntervalSince1970
            self.deadline = Date(timeIntervalSince1970: storedDeadline)
            self.feedbackSequence = feedbackSequence
        }

        /// The columns ``init(_:)`` reads, in order (`restored_at` last, read by the caller).
        static let columns = "customer_id, name, level, handled_level, limit_minutes, started_at, deadline, feedback_sequence, restored_at"
        /// How many ``columns`` there are: a statement's next column follows them.
        static let columnCount = columns.split(separator: ",").count

        /// The current row of a statement selecting ``columns``, read straight from SQLite.
        init(_ statement: borrowing BoundStatement) throws {
            guard let customer = statement.text(0), let name = statement.text(1), let limitMinutes = statement.integer(4),
                let start = statement.real(5), let deadline = statement.real(6), let feedbackSequence = statement.integer(7)
            else { throw FaultStateError(.corruptState, "a child record of customer \(statement.text(0) ?? "?") holds a missing value") }
            self.customer = customer
            self.name = name
            level = statement.text(2).flatMap(CustomerLevel.init(rawValue:)) ?? .unset
            handled = statement.text(3).flatMap(CustomerLevel.init(rawValue:)) ?? .unset
            self.limitMinutes = Int(limitMinutes)
            self.start = Date(timeIntervalSince1970: start)
            storedDeadline = deadline
            self.deadline = Date(timeIntervalSince1970: deadline)
            self.feedbackSequence = Int(feedbackSequence)
        }
    }

    /// The ticket's child record that drives its escalation (``Child``), `nil` when it has none:
    /// the first by deadline, then the shorter limit, then the customer id (by its bytes, as
    /// SQLite's `BINARY`). Every child is read and the first kept here: an `ORDER BY … LIMIT 1`
    /// made SQLite open a temporary b-tree for the sort on every call, which cost more than the
    /// lookup (docs/performance.md, session 25). A ticket has one child per customer.
    func governingChild(_ ticket: String, _ db: Database) throws -> Child? {
        let statement = try BoundStatement(db, sql: "SELECT \(Child.columns) FROM fault_children WHERE ticket_id = ?")
        statement.bind(1, ticket)
        var best: Child?
        while try statement.step() {
            guard let deadline = statement.real(6) else { throw FaultStateError(.corruptState, "a child record of ticket \(ticket) has no deadline") }
            // A row is made a `Child` only when it goes first: a storm's ticket has a child per customer.
            if let current = best,
                !Self.governs(deadline: deadline, limit: statement.integer(4).map(Int.init) ?? .max, customer: statement.text(0), over: current)
            {
                continue
            }
            best = try Child(statement)
        }
        return best
    }

    /// Whether a child record with this stored deadline, limit and customer id drives the
    /// escalation before `current`: the first by deadline, then the shorter limit, then the
    /// customer id by its bytes. The limit and the id are read only on a tie. A missing id goes
    /// first, so that reading its row fails.
    static func governs(deadline: Double, limit: @autoclosure () -> Int, customer: @autoclosure () -> String?, over current: Child) -> Bool {
        if deadline != current.storedDeadline { return deadline < current.storedDeadline }
        let limit = limit()
        if limit != current.limitMinutes { return limit < current.limitMinutes }
        guard let customer = customer() else { return true }
        return customer.utf8.lexicographicallyPrecedes(current.customer.utf8)
    }

    static func deadline(start: Date, seconds: Int, pauses: [Pause]) throws -> Date {
        do {
            return try PlainClock.deadline(start: start, addingSeconds: seconds, pauses: pauses)
        } catch {
            throw FaultStateError(.clock, error.message)
        }
    }

    static func elapsedSeconds(from start: Date, to end: Date, pauses: [Pause]) throws -> Int {
        guard end > start else { return 0 }
        do {
            return try PlainClock.elapsedSeconds(from: start, to: end, pauses: pauses)
        } catch {
            throw FaultStateError(.clock, error.message)
        }
    }

    // MARK: - Escalation and feedback

    /// An escalation step came due: a notification with the elapsed and remaining time.
    func escalate(_ ticketId: String, percent: Int, due: Date, in context: inout DecisionContext) throws {
        guard var ticket = try TicketRow.load(ticketId, context.db), ticket.isOpen, let child = try governingChild(ticketId, context.db) else { return }
        guard let index = sla.faultLadder.steps.firstIndex(where: { $0.percent == percent }), index + 1 > ticket.escalationLevel else {
            // A step the ladder no longer has (its configuration changed) or one already reached:
            // the chain goes on from the ticket's level.
            try scheduleNextEscalation(ticketId, level: ticket.escalationLevel, governing: child, pauses: ticket.pauses, cancelLater: false, in: context)
            return
        }
        let step = sla.faultLadder.steps[index]
        let target = try escalationUnit(step.target, handlingUnit: ticket.unit, of: "ticket \(ticketId)")
        let elapsed = try Self.elapsedSeconds(from: child.start, to: due, pauses: ticket.pauses)
        let notice = EscalationNotice(
            entity: EntityReference(kind: .troubleTicket, id: ticketId), level: index + 1, percent: percent, target: step.target,
            targetUnit: target, handlingUnit: ticket.unit, customerLevel: child.handled, limit: Self.limitText(child.limitMinutes),
            startedAt: child.start, deadline: child.deadline, elapsedMinutes: elapsed / 60, remainingMinutes: (child.limitMinutes * 60 - elapsed) / 60,
            at: due)
        try emit(.escalationNotification, notice, unit: ticket.unit, at: due, in: &context)
        ticket.escalationLevel = index + 1
        try ticket.save(context.db)
        try scheduleNextEscalation(ticketId, level: ticket.escalationLevel, governing: child, pauses: ticket.pauses, cancelLater: false, in: context)
        try markDirty(ticketId, in: context)
    }

    /// The unit a ladder step notifies for work handled by `handlingUnit`.
    func escalationUnit(_ target: EscalationTarget, handlingUnit: UnitID, of what: String) throws -> UnitID {
        do {
            switch target {
            case .dutyLead, .coordinatingParty: return handlingUnit
            case .parentUnit: return try topology.ancestor(of: handlingUnit, levelsUp: 1).id
            case .unitAbove: return try topology.ancestor(of: handlingUnit, levelsUp: 2).id
            case .hqLeadership: return topology.hq.id
            }
        } catch {
            throw FaultStateError(.corruptState, "\(what): \(error.message)")
        }
    }

    /// A child's ``Child/columns`` and its customer's manager, for a progress feedback.
    static let feedbackChildSQL = """
        SELECT \(Child.columns.split(separator: ", ").map { "c.\($0)" }.joined(separator: ", ")), m.manager_name, m.manager_phone
        FROM fault_children c LEFT JOIN fault_customers m ON m.id = c.customer_id
        WHERE c.ticket_id = ? AND c.customer_id = ?
        """

    /// Progress feedback to a customer's manager came due; the next one is set.
    func feedback(_ ticketId: String, customer: String, due: Date, in context: inout DecisionContext) throws {
        let db = context.db
        // Two narrow reads: the ticket's clock, and the child with its customer's manager.
        guard let ticket = try TicketRow.loadClock(ticketId, db), ticket.isOpen else { return }
        let read = try BoundStatement(db, sql: Self.feedbackChildSQL)
        read.bindAll(ticketId, customer)
        guard try read.step() else { return }
        let child = try Child(read)
        let managerColumn = Int32(Child.columnCount)
        let contact = Contact(name: read.text(managerColumn) ?? "customer manager of \(customer)", phone: read.text(managerColumn + 1) ?? "unknown")
        let interval = sla.feedbackIntervalMinutes[child.handled]
        let sequence = child.feedbackSequence + 1
        let elapsed = try Self.elapsedSeconds(from: child.start, to: due, pauses: ticket.pauses)
        let active = ticket.activeAlarms
        let progress: String
        switch ticket.status {
        case .acknowledged: progress = "fault ticket \(ticketId) opened, not yet taken in hand; \(active) of \(ticket.alarmCount) alarms active"
        default: progress = "fault ticket \(ticketId) \(ticket.status.rawValue); \(active) of \(ticket.alarmCount) alarms active"
        }
        let feedback = ProgressFeedback(
            entity: EntityReference(kind: .troubleTicket, id: ticketId), sequence: sequence, unit: ticket.unit,
            customer: CustomerReference(id: customer, name: child.name, level: child.level), customerManager: contact, intervalMinutes: interval,
            elapsedMinutes: elapsed / 60, remainingMinutes: (child.limitMinutes * 60 - elapsed) / 60, progress: progress,
            nextSteps: "restore service by \(ISOTime.format(child.deadline, in: timeZone))",
            at: due)
        try emit(.progressFeedbackNotification, feedback, unit: ticket.unit, at: due, in: &context)
        let update = try BoundStatement(db, sql: "UPDATE fault_children SET feedback_sequence = ? WHERE ticket_id = ? AND customer_id = ?")
        update.bindAll(sequence, ticketId, customer)
        try update.run()
        do {
            let schedule = try ProgressFeedbackSchedule(start: child.start, intervalMinutes: interval)
            try context.setTimer(id: Self.timerID(ticket: ticketId, "feedback:\(customer)"), due: try schedule.next(after: max(due, context.now)))
        } catch let error as DomainError {
            throw FaultStateError(.clock, error.message)
        }
    }

    /// `1.5 hours`, `2 hours`, `45 minutes`.
    static func limitText(_ minutes: Int) -> String {
        if minutes % 60 == 0 { return minutes == 60 ? "1 hour" : "\(minutes / 60) hours" }
        if minutes % 30 == 0 { return "\(minutes / 60).5 hours" }
        return "\(minutes) minutes"
    }

    // MARK: - Publishing

    /// The ticket changed in a way its next event should show: one update per batch at most.
    func markDirty(_ ticket: String, in context: DecisionContext) throws {
        try context.setTimer(id: Self.timerID(ticket: ticket, "publish"), due: context.now)
    }

    /// Emits the whole ticket `id` as `type`.
    func publish(_ id: String, _ type: EventType, in context: inout DecisionContext) throws {
        guard let row = try TicketRow.load(id, context.db) else { return }
        try publish(row, type, in: &context)
    }

    /// Emits the ticket whose row is `row` (as saved) as `type`.
    func publish(_ row: TicketRow, _ type: EventType, in context: inout DecisionContext) throws {
        let ticket = try FaultLogic.ticket(row, in: context.db, maxListedAlarms: settings.maxListedAlarms)
        try context.cancelTimer(id: Self.timerID(ticket: row.id, "publish"))
        try emit(type, ticket, unit: ticket.unit, at: context.now, in: &context)
    }

    /// The ticket `id` as its events carry it, from the tables.
    static func ticket(_ id: String, in db: Database, maxListedAlarms: Int = .max) throws -> TroubleTicket? {
        try TicketRow.load(id, db).map { try ticket($0, in: db, maxListedAlarms: maxListedAlarms) }
    }

    /// The ticket just opened by `cause`, as its events carry it, made from what opening it
    /// wrote (`attached`): the value ``ticket(_:in:maxListedAlarms:)`` would read back from the
    /// tables, without reading five tables for every new ticket (`OpenedTicketTests` holds the
    /// two side by side). It has no cause of fault recorded and nothing restored yet.
    func openedTicket(_ row: TicketRow, cause: Cause, attached: Attached) -> TroubleTicket {
        var alarms: [TroubleTicket.RelatedAlarm] = []
        var reports: [String] = []
        switch cause {
        case .alarm(let key, let alarmId, _, let raisedAt, _):
            // As stored and read back: seconds since 1970 (a negative cap lists every alarm).
            if settings.maxListedAlarms != 0 {
                alarms.append(
                    TroubleTicket.RelatedAlarm(
                        reductionKey: key, alarmId: alarmId, raisedAt: Date(timeIntervalSince1970: raisedAt.timeIntervalSince1970), clearedAt: nil))
            }
        case .report(let id, _):
            reports.append(id)
        }
        // By their bytes, as SQLite's `ORDER BY` on the tables' text keys.
        let circuits = attached.circuits.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        var circuitsByCustomer: [String: [String]] = [:]
        for circuit in circuits { circuitsByCustomer[circuit.customer, default: []].append(circuit.id) }
        let customers = attached.children.sorted { $0.customer.utf8.lexicographicallyPrecedes($1.customer.utf8) }.map { child in
            TroubleTicket.CustomerImpact(
                customer: CustomerReference(id: child.customer, name: child.name, level: child.level), handledAtLevel: child.handled,
                circuitIds: circuitsByCustomer[child.customer] ?? [], limitMinutes: child.limitMinutes, deadline: child.deadline,
                restoredAt: nil, restorationMinutes: nil, metLimit: nil)
        }
        return Self.ticket(row, alarms: alarms, reports: reports, circuits: circuits.map(\.id), customers: customers, cause: nil)
    }

    /// The ticket of `row` as its events carry it, with its alarms, reports, circuits and child
    /// records from their tables (each read straight from SQLite: this runs for every event of
    /// a ticket).
    static func ticket(_ row: TicketRow, in db: Database, maxListedAlarms: Int = .max) throws -> TroubleTicket {
        let id = row.id
        // Alarms and reports are read in key order and sorted here: an `ORDER BY` that no index
        // serves made SQLite open a temporary b-tree for each (docs/performance.md, session 25).
        var alarms: [TroubleTicket.RelatedAlarm] = []
        do {
            // Element alarms first, then by raise, then by reduction key (by its bytes).
            var listed: [(onCircuit: Bool, raisedAt: Double, alarm: TroubleTicket.RelatedAlarm)] = []
            let statement = try BoundStatement(
                db, sql: "SELECT reduction_key, alarm_id, raised_at, cleared_at, object_type = 'circuit' FROM fault_ticket_alarms WHERE ticket_id = ?")
            statement.bind(1, id)
            while try statement.step() {
                guard let key = statement.text(0), let alarmId = statement.text(1), let raisedAt = statement.real(2) else {
                    throw FaultStateError(.corruptState, "ticket \(id) lists an alarm with a missing value")
                }
                listed.append(
                    (statement.integer(4) == 1, raisedAt,
                     TroubleTicket.RelatedAlarm(
                        reductionKey: key, alarmId: alarmId, raisedAt: Date(timeIntervalSince1970: raisedAt),
                        clearedAt: statement.real(3).map { Date(timeIntervalSince1970: $0) })))
            }
            listed.sort { a, b in
                if a.onCircuit != b.onCircuit { return !a.onCircuit }
                if a.raisedAt != b.raisedAt { return a.raisedAt < b.raisedAt }
                return a.alarm.reductionKey.utf8.lexicographicallyPrecedes(b.alarm.reductionKey.utf8)
            }
            // A negative cap lists every alarm, as SQL's `LIMIT -1` did.
            let count = maxListedAlarms < 0 ? listed.count : min(listed.count, maxListedAlarms)
            alarms.reserveCapacity(count)
            for entry in listed[..<count] { alarms.append(entry.alarm) }
        }
        var reports: [String] = []
        do {
            var dated: [(at: Double, id: String)] = []
            let statement = try BoundStatement(db, sql: "SELECT report_id, reported_at FROM fault_ticket_reports WHERE ticket_id = ?")
            statement.bind(1, id)
            while try statement.step() { if let report = statement.text(0), let at = statement.real(1) { dated.append((at, report)) } }
            dated.sort { a, b in a.at != b.at ? a.at < b.at : a.id.utf8.lexicographicallyPrecedes(b.id.utf8) }
            reports = dated.map(\.id)
        }
        var circuitsByCustomer: [String: [String]] = [:]
        var circuits: [String] = []
        do {
            let statement = try BoundStatement(db, sql: "SELECT circuit_id, customer_id FROM fault_ticket_circuits WHERE ticket_id = ? ORDER BY circuit_id")
            statement.bind(1, id)
            while try statement.step() {
                guard let circuit = statement.text(0), let customer = statement.text(1) else { continue }
                circuits.append(circuit)
                circuitsByCustomer[customer, default: []].append(circuit)
            }
        }
        let cause: FaultCause?
        do {
            let statement = try BoundStatement(db, sql: "SELECT cause FROM fault_ticket_causes WHERE ticket_id = ?")
            statement.bind(1, id)
            cause = try statement.step() ? statement.text(0).flatMap(FaultCause.init(rawValue:)) : nil
        }
        let responsibility = FaultResponsibility(cause: cause)
        var customers: [TroubleTicket.CustomerImpact] = []
        do {
            let statement = try BoundStatement(db, sql: "SELECT \(Child.columns) FROM fault_children WHERE ticket_id = ? ORDER BY customer_id")
            statement.bind(1, id)
            while try statement.step() {
                let child = try Child(statement)
                let restoredAt = statement.real(8).map { Date(timeIntervalSince1970: $0) }
                // The restoration time on the 24×7 clock, restored intervals before a reopen excluded.
                let seconds = try restoredAt.map { try elapsedSeconds(from: child.start, to: $0, pauses: row.pauses) }
                customers.append(
                    TroubleTicket.CustomerImpact(
                        customer: CustomerReference(id: child.customer, name: child.name, level: child.level), handledAtLevel: child.handled,
                        circuitIds: circuitsByCustomer[child.customer] ?? [], limitMinutes: child.limitMinutes, deadline: child.deadline,
                        restoredAt: restoredAt, restorationMinutes: seconds.map { ($0 + 59) / 60 },
                        metLimit: responsibility.isMeasured ? seconds.map { $0 <= child.limitMinutes * 60 } : nil))
            }
        }
        return ticket(row, alarms: alarms, reports: reports, circuits: circuits, customers: customers, cause: cause)
    }

    /// The ticket event's value of `row` with its lists: described by its cause and its counts
    /// of circuits and customers, responsible by `cause`. One place for both ways a ticket is
    /// made (read from the tables, or as just opened).
    private static func ticket(
        _ row: TicketRow, alarms: [TroubleTicket.RelatedAlarm], reports: [String], circuits: [String], customers: [TroubleTicket.CustomerImpact],
        cause: FaultCause?
    ) -> TroubleTicket {
        let description = "\(row.description): \(circuits.count) circuit\(circuits.count == 1 ? "" : "s") of \(customers.count) customer\(customers.count == 1 ? "" : "s")"
        return TroubleTicket(
            id: row.id, status: row.status, statusHistory: row.history, unit: row.unit, description: description, startedAt: row.startedAt,
            relatedAlarms: alarms, faultReportIds: reports, circuitIds: circuits, customers: customers, escalationLevel: row.escalationLevel,
            planned: row.planned, restoredAt: row.restoredAt, closedAt: row.closedAt, reopenCount: row.reopenCount, notes: row.notes, cause: cause,
            responsibility: FaultResponsibility(cause: cause))
    }
}
