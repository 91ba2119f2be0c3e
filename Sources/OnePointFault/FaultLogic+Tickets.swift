import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointRuntime
import OnePointState

/// Tickets: one per root cause, found by circuit, by element within the correlation window, or
/// reopened within the reopen window; child records per customer; restoration and reopening.
extension FaultLogic {
    /// What brings a fault to a ticket: an alarm or a customer report.
    enum Cause {
        case alarm(key: String, alarmId: String, objectType: Alarm.AlarmedObject.Kind, raisedAt: Date, elements: [String])
        case report(id: String, reportedAt: Date)

        var name: String {
            switch self {
            case .alarm(let key, _, _, _, _): "alarm \(key)"
            case .report(let id, _): "customer report \(id)"
            }
        }
    }

    /// Where a new fault goes.
    enum Target {
        case open(String)
        case reopen(String)
    }

    // MARK: - Alarms and reports to tickets

    /// Puts a raised alarm on a ticket (found, reopened or new) and returns its id.
    func ticketAlarm(_ row: AlarmRow, impact: Impact, start: Date, planned: Bool, in context: inout DecisionContext) throws -> String {
        let cause = Cause.alarm(key: row.key, alarmId: row.alarmId, objectType: row.object.type, raisedAt: start, elements: impact.groupingElements)
        let description = "\(row.probableCause) on \(row.object.type.rawValue) \(row.object.id)"
        let db = context.db
        return try place(
            cause, circuits: impact.circuits, unit: impact.unit ?? topology.hq.id, description: description, start: start, planned: planned,
            domain: try objectDomain(row.object, in: db) ?? topology.hq.id.rawValue, in: &context)
    }

    /// Places `cause` on the ticket it belongs to, or a new one. `description` names the cause;
    /// a ticket is described by its widest cause (the alarm that hurts the most circuits; any
    /// alarm before a customer report; the first among equals) and handled by that cause's unit,
    /// whichever alarm was read first. `domain` is the cause's correlation domain
    /// (``route(_:in:)``), which a new ticket's id carries with tasks.
    func place(
        _ cause: Cause, circuits: [(id: String, customer: String)], unit: UnitID, description: String, start: Date, planned: Bool,
        domain: @autoclosure () throws -> String, in context: inout DecisionContext
    ) throws -> String {
        var elements: [String] = []
        if case .alarm(_, _, _, _, let alarmElements) = cause { elements = alarmElements }
        switch try findTicket(circuits: circuits.map(\.id), elements: elements, in: context) {
        case .open(let id)?:
            guard var ticket = try TicketRow.load(id, context.db) else { throw FaultStateError(.unknownTicket, id) }
            ticket.adopt(description, unit: unit, breadth: Self.breadth(cause, circuits: circuits.count))
            try attach(cause, circuits: circuits, start: start, to: &ticket, in: &context)
            try ticket.save(context.db)
            try markDirty(id, in: context)
            return id
        case .reopen(let id)?:
            guard var ticket = try TicketRow.load(id, context.db) else { throw FaultStateError(.unknownTicket, id) }
            try reopen(&ticket, faultStart: start, reason: "reopened: \(cause.name) within \(Self.duration(settings.reopenWindow)) of restoration", in: &context)
            ticket.adopt(description, unit: unit, breadth: Self.breadth(cause, circuits: circuits.count))
            try attach(cause, circuits: circuits, start: start, to: &ticket, in: &context)
            try ticket.save(context.db)
            try scheduleClocks(ticket, children: nil, in: context)
            try publish(ticket, .troubleTicketStatusChange, in: &context)
            return id
        case nil:
            let id = try nextTicketID(context, domain: scaledOut(context) ? domain() : nil)
            var ticket = TicketRow(
                id: id, unit: unit, description: description, rootBreadth: Self.breadth(cause, circuits: circuits.count), startedAt: start, openedAt: context.now, planned: planned,
                reason: "opened from \(cause.name)\(planned ? " (outlasted its planned-outage window)" : "")")
            // Attaching schedules every new child's clocks and the ticket's escalation.
            let attached = try attach(cause, circuits: circuits, start: start, to: &ticket, fresh: true, in: &context)
            try ticket.save(context.db)
            // Published from what opening it wrote: nothing of it is read back, and a new id has
            // no publish timer to cancel (``markDirty(_:in:)`` never ran for it).
            let opened = openedTicket(ticket, cause: cause, attached: attached)
            try emit(.troubleTicketCreate, opened, unit: opened.unit, at: context.now, in: &context)
            try recordFaults(ticket: ticket, circuits: circuits, in: &context)
            return id
        }
    }

    /// How wide `cause` is: an alarm's circuits + 1 (any alarm is a better description than a
    /// report), 0 for a customer report.
    private static func breadth(_ cause: Cause, circuits: Int) -> Int {
        if case .alarm = cause { return circuits + 1 }
        return 0
    }

    /// The open ticket listing one of `circuits` (the oldest); else the open ticket grouped on
    /// one of `elements` opened within the correlation window (the oldest); else the ticket
    /// restored within the reopen window that lists one of `circuits` (the latest).
    ///
    /// Every match is read and the one wanted kept here: `ORDER BY … LIMIT 1` had SQLite open a
    /// temporary b-tree (a pager and page cache of its own) on every run, and a list of statuses
    /// (`IN (…)`) another, which was half of looking for a ticket to open one (docs/performance.md,
    /// session 24); a circuit or element is on one open ticket, seldom more. The circuit drives
    /// each join (`CROSS JOIN`): without statistics SQLite would otherwise walk every resolved
    /// ticket by status for the reopen check.
    func findTicket(circuits: [String], elements: [String], in context: DecisionContext) throws -> Target? {
        let db = context.db
        let open = TicketRow.openStatusCondition
        var best: (id: String, openedAt: Double)?
        func consider(_ statement: borrowing BoundStatement) throws {
            while try statement.step() {
                guard let openedAt = statement.real(1), openedAt <= best?.openedAt ?? .infinity, let id = statement.text(0) else { continue }
                if best.map({ (openedAt, id) < ($0.openedAt, $0.id) }) ?? true { best = (id, openedAt) }
            }
        }
        for chunk in Self.chunks(circuits) {
            let statement = try BoundStatement(db, sql: """
                SELECT t.id, t.opened_at FROM fault_ticket_circuits c CROSS JOIN fault_tickets t ON t.id = c.ticket_id
                WHERE c.circuit_id IN (\(Self.marks(chunk.count))) AND \(open)
                """)
            for (index, circuit) in chunk.enumerated() { statement.bind(Int32(index + 1), circuit) }
            try consider(statement)
        }
        if let best { return .open(best.id) }
        for element in elements {
            let byElement = try BoundStatement(db, sql: """
                SELECT t.id, t.opened_at FROM fault_ticket_elements e CROSS JOIN fault_tickets t ON t.id = e.ticket_id
                WHERE e.element_id = ? AND \(open) AND t.opened_at >= ?
                """)
            byElement.bindAll(element, context.now.timeIntervalSince1970 - settings.correlationWindow)
            try consider(byElement)
        }
        if let best { return .open(best.id) }
        var reopen: (id: String, restoredAt: Double)?
        for chunk in Self.chunks(circuits) {
            let statement = try BoundStatement(db, sql: """
                SELECT t.id, t.restored_at FROM fault_ticket_circuits c CROSS JOIN fault_tickets t ON t.id = c.ticket_id
                WHERE c.circuit_id IN (\(Self.marks(chunk.count))) AND t.status = 'resolved' AND t.restored_at >= ?
                """)
            for (index, circuit) in chunk.enumerated() { statement.bind(Int32(index + 1), circuit) }
            statement.bind(Int32(chunk.count + 1), context.now.timeIntervalSince1970 - settings.reopenWindow)
            while try statement.step() {
                guard let restoredAt = statement.real(1), restoredAt >= reopen?.restoredAt ?? -.infinity, let id = statement.text(0) else { continue }
                if reopen.map({ restoredAt > $0.restoredAt || (restoredAt == $0.restoredAt && id < $0.id) }) ?? true { reopen = (id, restoredAt) }
            }
        }
        return reopen.map { .reopen($0.id) }
    }

    /// What ``attach(_:circuits:start:to:fresh:in:)`` wrote: the circuits new to the ticket and,
    /// when it opened the ticket, the ticket's child records.
    struct Attached {
        var circuits: [(id: String, customer: String)] = []
        var children: [Child] = []
    }

    /// Adds `cause` and its circuits to `ticket`: new circuits, new child records, earlier
    /// clock starts; the clocks of the children that changed are scheduled again. `fresh`: the
    /// ticket is being opened (nothing of it is in the tables yet, no timer of it is set), so
    /// nothing of it is looked up.
    @discardableResult
    func attach(
        _ cause: Cause, circuits: [(id: String, customer: String)], start: Date, to ticket: inout TicketRow, fresh: Bool = false,
        in context: inout DecisionContext
    ) throws -> Attached {
        let db = context.db
        switch cause {
        case .alarm(let key, let alarmId, let objectType, let raisedAt, let elements):
            // Whether the ticket lists the alarm already, and whether it is active there.
            let previous: (listed: Bool, active: Bool)
            if fresh {
                previous = (false, false)
            } else {
                let statement = try BoundStatement(db, sql: "SELECT cleared_at FROM fault_ticket_alarms WHERE ticket_id = ? AND reduction_key = ?")
                statement.bindAll(ticket.id, key)
                previous = try statement.step() ? (true, statement.real(0) == nil) : (false, false)
            }
            let upsert = try BoundStatement(db, sql: """
                INSERT INTO fault_ticket_alarms (ticket_id, reduction_key, alarm_id, object_type, raised_at, cleared_at) VALUES (?, ?, ?, ?, ?, NULL)
                ON CONFLICT (ticket_id, reduction_key) DO UPDATE SET alarm_id = excluded.alarm_id, raised_at = excluded.raised_at, cleared_at = NULL
                """)
            upsert.bindAll(ticket.id, key, alarmId, objectType.rawValue, raisedAt.timeIntervalSince1970)
            try upsert.run()
            if !previous.active { ticket.activeAlarms += 1 }
            if !previous.listed { ticket.alarmCount += 1 }
            for element in elements {
                let group = try BoundStatement(db, sql: "INSERT OR IGNORE INTO fault_ticket_elements (ticket_id, element_id) VALUES (?, ?)")
                group.bindAll(ticket.id, element)
                try group.run()
            }
        case .report(let id, let reportedAt):
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO fault_ticket_reports (ticket_id, report_id, reported_at) VALUES (?, ?, ?)")
                .execute(arguments: [ticket.id, id, reportedAt.timeIntervalSince1970])
        }
        if start < ticket.startedAt { ticket.startedAt = start }

        // Circuits by customer, in a stable order.
        var byCustomer: [String: [String]] = [:]
        var added: [(id: String, customer: String)] = []
        for circuit in circuits {
            let insertCircuit = try BoundStatement(db, sql: "INSERT OR IGNORE INTO fault_ticket_circuits (ticket_id, circuit_id, customer_id) VALUES (?, ?, ?)")
            insertCircuit.bindAll(ticket.id, circuit.id, circuit.customer)
            if try insertCircuit.run() > 0 { added.append(circuit) }
            byCustomer[circuit.customer, default: []].append(circuit.id)
        }
        if fresh {
            var children: [Child] = []
            for customer in byCustomer.keys.sorted() { children.append(try addChild(ticket, customer: customer, start: start, in: context)) }
            if !children.isEmpty, ticket.isOpen { try scheduleClocks(ticket, opened: children, in: context) }
            // A ticket being opened has one cause, so the rule below for circuits joining a
            // ticket never applies; `place` records the faults of the circuits it opens with.
            return Attached(circuits: added, children: children)
        }
        var changed: [String] = []
        for customer in byCustomer.keys.sorted() {
            let existing: Double?
            do {
                let childStart = try BoundStatement(db, sql: "SELECT started_at FROM fault_children WHERE ticket_id = ? AND customer_id = ?")
                childStart.bindAll(ticket.id, customer)
                existing = try childStart.step() ? childStart.real(0) : nil
            }
            if let existing {
                if start.timeIntervalSince1970 < existing {
                    try moveChildStart(ticket, customer: customer, to: start, in: context)
                    changed.append(customer)
                }
            } else {
                try addChild(ticket, customer: customer, start: start, in: context)
                changed.append(customer)
            }
        }
        if !changed.isEmpty, ticket.isOpen { try scheduleClocks(ticket, children: changed, in: context) }
        if !added.isEmpty, ticket.alarmCount + (try reportCount(ticket.id, db)) > 1 {
            // Circuits that joined an existing ticket count as faults of those circuits too.
            try recordFaults(ticket: ticket, circuits: added, in: &context)
        }
        return Attached(circuits: added)
    }

    private func reportCount(_ ticket: String, _ db: Database) throws -> Int {
        let statement = try BoundStatement(db, sql: "SELECT COUNT(*) FROM fault_ticket_reports WHERE ticket_id = ?")
        statement.bind(1, ticket)
        return try statement.step() ? Int(statement.integer(0) ?? 0) : 0
    }

    /// A new child record: the customer's level (Key within a key-assurance period covering it),
    /// limit and deadline. Returns it as ``Child`` would read it back.
    @discardableResult
    func addChild(_ ticket: TicketRow, customer: String, start: Date, in context: DecisionContext) throws -> Child {
        let db = context.db
        var name = customer
        var level = CustomerLevel.unset
        do {
            let statement = try BoundStatement(db, sql: "SELECT name, level FROM fault_customers WHERE id = ?")
            statement.bind(1, customer)
            if try statement.step() {
                name = statement.text(0) ?? customer
                level = statement.text(1).flatMap(CustomerLevel.init(rawValue:)) ?? .unset
            }
        }
        let periods = try coveringPeriods(customer: customer, unit: ticket.unit, at: start, in: db)
        let handled: CustomerLevel = periods.isEmpty ? level : .key
        for period in periods {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO fault_assurance_tickets (period_id, ticket_id) VALUES (?, ?)").execute(arguments: [period, ticket.id])
        }
        let limit = sla.restorationMinutes[handled]
        let deadline = try Self.deadline(start: start, minutes: limit, pauses: ticket.pauses)
        let insert = try BoundStatement(db, sql: """
            INSERT INTO fault_children (ticket_id, customer_id, name, level, handled_level, limit_minutes, started_at, deadline)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insert.bindAll(ticket.id, customer, name, level.rawValue, handled.rawValue, limit, start.timeIntervalSince1970, deadline.timeIntervalSince1970)
        try insert.run()
        return Child(customer: customer, name: name, level: level, handled: handled, limitMinutes: limit, start: start, deadline: deadline, feedbackSequence: 0)
    }

    private func moveChildStart(_ ticket: TicketRow, customer: String, to start: Date, in context: DecisionContext) throws {
        let limit = try Int.fetchOne(
            context.db.cachedStatement(sql: "SELECT limit_minutes FROM fault_children WHERE ticket_id = ? AND customer_id = ?"), arguments: [ticket.id, customer]) ?? 0
        let deadline = try Self.deadline(start: start, minutes: limit, pauses: ticket.pauses)
        try context.db.cachedStatement(sql: "UPDATE fault_children SET started_at = ?, deadline = ? WHERE ticket_id = ? AND customer_id = ?").execute(arguments: [start.timeIntervalSince1970, deadline.timeIntervalSince1970, ticket.id, customer])
    }

    // MARK: - Restoration, reopening, closing

    /// An alarm of `ticketId` cleared at `clearedAt`; when it was the last one, the ticket is restored.
    func alarmCleared(_ key: String, ticket ticketId: String, at clearedAt: Date, in context: inout DecisionContext) throws {
        let db = context.db
        try db.cachedStatement(sql: "UPDATE fault_ticket_alarms SET cleared_at = ? WHERE ticket_id = ? AND reduction_key = ? AND cleared_at IS NULL")
            .execute(arguments: [clearedAt.timeIntervalSince1970, ticketId, key])
        guard db.changesCount > 0, var ticket = try TicketRow.load(ticketId, db) else { return }
        ticket.activeAlarms = max(0, ticket.activeAlarms - 1)
        guard ticket.activeAlarms == 0, ticket.isOpen else {
            try ticket.save(db)
            try markDirty(ticketId, in: context)
            return
        }
        let last = try Double.fetchOne(db.cachedStatement(sql: "SELECT MAX(cleared_at) FROM fault_ticket_alarms WHERE ticket_id = ?"), arguments: [ticketId])
        let restoredAt = max(last.map { Date(timeIntervalSince1970: $0) } ?? clearedAt, ticket.startedAt)
        try restore(&ticket, at: restoredAt, reason: "restored: all \(ticket.alarmCount) alarm\(ticket.alarmCount == 1 ? "" : "s") cleared", in: &context)
    }

    /// Service is restored: the clocks stop, the ticket waits for confirmation.
    func restore(_ ticket: inout TicketRow, at restoredAt: Date, reason: String, in context: inout DecisionContext) throws {
        if ticket.status != .inProgress {
            try ticket.move(to: .inProgress, at: restoredAt, reason: "restored before it was taken in hand")
        }
        try ticket.move(to: .resolved, at: restoredAt, reason: reason)
        ticket.restoredAt = restoredAt
        try context.db.cachedStatement(sql: "UPDATE fault_children SET restored_at = ? WHERE ticket_id = ? AND restored_at IS NULL").execute(arguments: [restoredAt.timeIntervalSince1970, ticket.id])
        try ticket.save(context.db)
        try cancelClocks(ticket, in: context)
        try context.setTimer(id: Self.timerID(ticket: ticket.id, "confirmation"), due: restoredAt.addingTimeInterval(settings.confirmationTimeout))
        try publish(ticket, .troubleTicketStatusChange, in: &context)
    }

    /// A restored ticket's fault came back: the clock runs again from where it stopped; the
    /// restored interval does not count.
    func reopen(_ ticket: inout TicketRow, faultStart: Date, reason: String, in context: inout DecisionContext) throws {
        guard let restoredAt = ticket.restoredAt else { return }
        let end = max(restoredAt, min(faultStart, context.now))
        if end > restoredAt {
            do {
                ticket.pauses.append(try Pause(start: restoredAt, end: end))
            } catch {
                throw FaultStateError(.clock, error.message)
            }
        }
        try ticket.move(to: .inProgress, at: context.now, reason: reason)
        ticket.reopenCount += 1
        ticket.restoredAt = nil
        try context.cancelTimer(id: Self.timerID(ticket: ticket.id, "confirmation"))
        let db = context.db
        let children = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT customer_id, limit_minutes, started_at FROM fault_children WHERE ticket_id = ?"), arguments: [ticket.id])
        for child in children {
            let deadline = try Self.deadline(
                start: Date(timeIntervalSince1970: child["started_at"]), minutes: child["limit_minutes"], pauses: ticket.pauses)
            try db.cachedStatement(sql: "UPDATE fault_children SET restored_at = NULL, deadline = ? WHERE ticket_id = ? AND customer_id = ?").execute(arguments: [deadline.timeIntervalSince1970, ticket.id, child["customer_id"] as String])
        }
    }

    /// Closes a restored ticket.
    func close(_ ticket: inout TicketRow, at instant: Date, reason: String, in context: inout DecisionContext) throws {
        try ticket.move(to: .closed, at: instant, reason: reason)
        ticket.closedAt = instant
        try ticket.save(context.db)
        try context.cancelTimer(id: Self.timerID(ticket: ticket.id, "confirmation"))
        try publish(ticket, .troubleTicketStatusChange, in: &context)
    }

    // MARK: - Repeated faults

    /// Records a fault on each circuit and flags those with more than the threshold in the period.
    func recordFaults(ticket: TicketRow, circuits: [(id: String, customer: String)], in context: inout DecisionContext) throws {
        let db = context.db
        let since = ticket.startedAt.timeIntervalSince1970 - Double(settings.repeatedFaultPeriodDays) * 86_400
        for circuit in circuits {
            let insert = try BoundStatement(db, sql: "INSERT OR IGNORE INTO fault_history (circuit_id, ticket_id, at) VALUES (?, ?, ?)")
            insert.bindAll(circuit.id, ticket.id, ticket.startedAt.timeIntervalSince1970)
            try insert.run()
            let faults: Int
            do {
                let count = try BoundStatement(db, sql: "SELECT COUNT(*) FROM fault_history WHERE circuit_id = ? AND at > ?")
                count.bindAll(circuit.id, since)
                faults = try count.step() ? Int(count.integer(0) ?? 0) : 0
            }
            guard faults > settings.repeatedFaultThreshold else { continue }
            let tickets = try String.fetchAll(
                db.cachedStatement(sql: "SELECT ticket_id FROM fault_history WHERE circuit_id = ? AND at > ? ORDER BY at, ticket_id"), arguments: [circuit.id, since])
            let unit = try String.fetchOne(db.cachedStatement(sql: "SELECT unit FROM fault_circuits WHERE id = ?"), arguments: [circuit.id]).map { UnitID($0) } ?? ticket.unit
            let flag = RepeatedFault(
                circuitId: circuit.id, customerId: circuit.customer, unit: unit, faultCount: faults, periodDays: settings.repeatedFaultPeriodDays,
                ticketIds: tickets, at: context.now)
            try emit(.repeatedFaultDetected, flag, unit: unit, at: context.now, in: &context)
        }
    }

    // MARK: - Key-assurance periods

    /// The declared periods that cover `customer` (listed, or every customer of a listed unit
    /// when the period lists none) at `instant`.
    func coveringPeriods(customer: String, unit: UnitID, at instant: Date, in db: Database) throws -> [String] {
        // Read straight from SQLite: every new child asks this, and there is seldom a period.
        let statement = try BoundStatement(db, sql: "SELECT period_id, units, customers FROM fault_assurance WHERE from_at <= ? AND to_at > ? ORDER BY period_id")
        statement.bindAll(instant.timeIntervalSince1970, instant.timeIntervalSince1970)
        var periods: [String] = []
        while try statement.step() {
            guard let period = statement.text(0) else { throw FaultStateError(.corruptState, "an assurance period has no id") }
            let customers = (try? JSONDecoder().decode([String].self, from: Data((statement.text(2) ?? "").utf8))) ?? []
            let units = (try? JSONDecoder().decode([String].self, from: Data((statement.text(1) ?? "").utf8))) ?? []
            if customers.contains(customer) {
                periods.append(period)
            } else if customers.isEmpty, units.contains(where: { (try? topology.isUnit(unit, within: UnitID($0))) == true }) {
                periods.append(period)
            }
        }
        return periods
    }

    // MARK: - Helpers

    /// `TT-<yyyy>-<MMdd>-<n>`: the day in the calendar's time zone, `n` counting every ticket of
    /// the store. With tasks (`domain` given, ``scaledOut(_:)``):
    /// `TT-<domain>-<yyyy>-<MMdd>-<task>-<n>`, e.g. `TT-GD-2026-1130-3-0001`: the correlation
    /// domain routes commands on the ticket to its task, and the task keeps ids unique across
    /// tasks (each counts its own tickets).
    func nextTicketID(_ context: DecisionContext, domain: String? = nil) throws -> String {
        // Counted, then read: not one statement with `RETURNING`, whose rows SQLite gathers in a
        // temporary table with a page cache of its own, allocated and freed for every ticket.
        let count = try BoundStatement(context.db, sql: """
            INSERT INTO fault_sequence (name, value) VALUES ('ticket', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1
            """)
        try count.run()
        let read = try BoundStatement(context.db, sql: "SELECT value FROM fault_sequence WHERE name = 'ticket'")
        let n = try read.step() ? Int(read.integer(0) ?? 1) : 1
        let day = try Self.ticketDay(context.now, in: timeZone)
        guard let domain else { return "TT-\(day)-\(Self.pad(n, 4))" }
        return "TT-\(domain)-\(day)-\(context.task)-\(Self.pad(n, 4))"
    }

    /// `<yyyy>-<MMdd>`: the day of `instant` on `timeZone`'s wall clock, by arithmetic on its
    /// offset at that instant (a `Calendar` made and asked for every ticket was a sixteenth of
    /// opening one; `TicketDayTests` holds the two side by side).
    static func ticketDay(_ instant: Date, in timeZone: TimeZone) throws -> String {
        let seconds = instant.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < 1e14 else {
            throw FaultStateError(.clock, "instant \(seconds) s since 1970 cannot be placed on the calendar of zone \(timeZone.identifier)")
        }
        let local = seconds + Double(timeZone.secondsFromGMT(for: instant))
        let day = CivilDate(dayNumber: Int((local / 86_400).rounded(.down)))
        return "\(pad(day.year, 4))-\(pad(day.month, 2))\(pad(day.day, 2))"
    }

    /// `value` in decimal, zero-padded to `width` digits.
    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    static func deadline(start: Date, minutes: Int, pauses: [Pause]) throws -> Date {
        do {
            return try PlainClock.deadline(start: start, addingSeconds: minutes * 60, pauses: pauses)
        } catch {
            throw FaultStateError(.clock, error.message)
        }
    }

    /// `?, ?, ?` for `count` parameters.
    static func marks(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    static func chunks(_ values: [String], size: Int = 500) -> [[String]] {
        stride(from: 0, to: values.count, by: size).map { Array(values[$0..<min($0 + size, values.count)]) }
    }

    /// `24 h`, `90 min`, `45 s`.
    static func duration(_ interval: TimeInterval) -> String {
        let seconds = Int(interval)
        if seconds % 3600 == 0 { return "\(seconds / 3600) h" }
        if seconds % 60 == 0 { return "\(seconds / 60) min" }
        return "\(seconds) s"
    }
}
