import Foundation
import OnePointDomain
import GRDB
import OnePointContracts
import OnePointRuntime
import OnePointState

/// Alarm intake: dedup by reduction key, flapping hold-down, clears that come first, planned
/// outages, then correlation to a ticket.
extension FaultLogic {
    /// The current occurrence of one alarm (one row of `fault_alarms`): read by position from
    /// ``columns`` and written, each through a `BoundStatement`.
    struct AlarmRow: TableRecord {
        static let databaseTableName = "fault_alarms"
        enum Status: String { case active, clearing, cleared, orphanClear }
        enum Disposition: String { case pending, ticketed, noImpact, planned, belowSeverity }

        var key: String
        var alarmId: String
        var object: Alarm.AlarmedObject
        var probableCause: String
        var severity: Alarm.PerceivedSeverity
        var status: Status
        var raisedAt: Date
        var clearedAt: Date?
        var lastSeen: Date
        var count: Int
        var flaps: Int
        var disposition: Disposition
        var ticketId: String?
        var outageId: String?
        var received: Int

        init(_ alarm: Alarm, status: Status, clearedAt: Date?, count: Int, received: Int) {
            key = alarm.reductionKey
            alarmId = alarm.alarmId
            object = alarm.alarmedObject
            probableCause = alarm.probableCause
            severity = alarm.perceivedSeverity
            self.status = status
            raisedAt = alarm.alarmRaisedTime
            self.clearedAt = clearedAt
            lastSeen = alarm.alarmChangedTime ?? alarm.alarmClearedTime ?? alarm.alarmRaisedTime
            self.count = count
            flaps = 0
            disposition = .pending
            self.received = received
        }

        /// The columns ``init(row:)`` reads, in order.
        static let columns = """
            reduction_key, alarm_id, object_type, object_id, probable_cause, severity, status, raised_at, cleared_at, last_seen,
            count, flaps, disposition, ticket_id, outage_id, received
            """

        /// The current row of a statement selecting ``columns``, read by position straight from
        /// SQLite (this is the hot path of every alarm).
        init(_ statement: borrowing BoundStatement) throws {
            guard let key = statement.text(0), let alarmId = statement.text(1),
                let type = statement.text(2).flatMap(Alarm.AlarmedObject.Kind.init(rawValue:)), let objectId = statement.text(3),
                let probableCause = statement.text(4), let severity = statement.text(5).flatMap(Alarm.PerceivedSeverity.init(rawValue:)),
                let status = statement.text(6).flatMap(Status.init(rawValue:)), let raisedAt = statement.real(7), let lastSeen = statement.real(9),
                let count = statement.integer(10), let flaps = statement.integer(11),
                let disposition = statement.text(12).flatMap(Disposition.init(rawValue:)), let received = statement.integer(15)
            else { throw FaultStateError(.corruptState, "alarm row \(statement.text(0) ?? "?") holds an unknown or missing value") }
            self.key = key
            self.alarmId = alarmId
            object = Alarm.AlarmedObject(id: objectId, type: type)
            self.probableCause = probableCause
            self.severity = severity
            self.status = status
            self.raisedAt = Date(timeIntervalSince1970: raisedAt)
            clearedAt = statement.real(8).map { Date(timeIntervalSince1970: $0) }
            self.lastSeen = Date(timeIntervalSince1970: lastSeen)
            self.count = Int(count)
            self.flaps = Int(flaps)
            self.disposition = disposition
            ticketId = statement.text(13)
            outageId = statement.text(14)
            self.received = Int(received)
        }

        func save(_ db: Database) throws {
            let statement = try BoundStatement(db, sql: Self.saveSQL)
            statement.bindAll(
                key, alarmId, object.type.rawValue, object.id, probableCause, severity.rawValue, status.rawValue,
                raisedAt.timeIntervalSince1970, clearedAt?.timeIntervalSince1970, lastSeen.timeIntervalSince1970, count, flaps,
                disposition.rawValue, ticketId, outageId, received)
            try statement.run()
        }

        /// Made once: the statement cache is looked up by these texts for every alarm.
        private static let saveSQL = "INSERT OR REPLACE INTO fault_alarms (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        private static let loadSQL = "SELECT \(columns) FROM fault_alarms WHERE reduction_key = ?"

        /// The common case of a storm, in one statement: a raise or update of an alarm that is
        /// active, at its severity (or naming none), only counts it and moves its last seen, as the
        /// repeat case of ``FaultLogic/applyAlarm(_:type:in:)`` does after reading the row.
        /// Returns `false`, having changed nothing, when `alarm` is not such a repeat.
        static func countRepeat(_ alarm: Alarm, seen: Date, _ db: Database) throws -> Bool {
            let statement = try BoundStatement(db, sql: countRepeatSQL)
            statement.bind(1, seen.timeIntervalSince1970)
            statement.bind(2, alarm.alarmId)
            statement.bind(3, alarm.reductionKey)
            statement.bind(4, alarm.perceivedSeverity.rawValue)
            statement.bind(5, Int64(alarm.perceivedSeverity == .cleared ? 1 : 0))
            return try statement.run() > 0
        }

        private static let countRepeatSQL = """
            UPDATE fault_alarms SET count = count + 1, received = received + 1, last_seen = max(last_seen, ?), alarm_id = ?
            WHERE reduction_key = ? AND status = 'active' AND (severity = ? OR ?)
            """

        static func load(_ key: String, _ db: Database) throws -> AlarmRow? {
            let statement = try BoundStatement(db, sql: loadSQL)
            statement.bind(1, key)
            return try statement.step() ? AlarmRow(statement) : nil
        }
    }

    static func holdDownTimer(_ key: String) -> String { "alarm:\(key):holddown" }

    func applyAlarm(_ alarm: Alarm, type: EventType, in context: inout DecisionContext) throws {
        let db = context.db
        let seen = alarm.alarmChangedTime ?? alarm.alarmClearedTime ?? alarm.alarmRaisedTime
        if alarm.state != .cleared, try AlarmRow.countRepeat(alarm, seen: seen, db) { return }
        guard var row = try AlarmRow.load(alarm.reductionKey, db) else {
            if alarm.state == .cleared {
                // The clear came before its raise: keep it until the raise arrives.
                let row = AlarmRow(alarm, status: .orphanClear, clearedAt: alarm.alarmClearedTime ?? context.now, count: 0, received: 1)
                try row.save(db)
            } else {
                var row = AlarmRow(alarm, status: .active, clearedAt: nil, count: 1, received: 1)
                try decide(&row, in: &context)
                try row.save(db)
            }
            return
        }
        row.received += 1
        row.lastSeen = max(row.lastSeen, seen)
        switch (alarm.state, row.status) {
        case (.raised, .active), (.updated, .active):
            // A repeat: count and last seen; a severity raised to a ticketed one is decided again.
            row.count += 1
            row.alarmId = alarm.alarmId
            // A repeat at the same severity was counted by `countRepeat` above: this one changes it.
            row.severity = alarm.perceivedSeverity
            if row.disposition == .belowSeverity, settings.ticketSeverities.contains(row.severity) {
                try decide(&row, in: &context)
            }
            try row.save(db)
        case (.raised, .clearing), (.updated, .clearing):
            row.count += 1
            if let clearedAt = row.clearedAt, alarm.alarmRaisedTime > clearedAt {
                // Raised again within the hold-down: a flap. The clear never happened for the ticket.
                row.status = .active
                row.clearedAt = nil
                row.flaps += 1
                try context.cancelTimer(id: Self.holdDownTimer(row.key))
            }
            try row.save(db)
        case (.raised, .cleared), (.updated, .cleared):
            if let clearedAt = row.clearedAt, alarm.alarmRaisedTime > clearedAt {
                try startOccurrence(&row, alarm, in: &context)
            } else {
                row.count += 1  // a late copy of the occurrence already cleared
            }
            try row.save(db)
        case (.raised, .orphanClear), (.updated, .orphanClear):
            if let clearedAt = row.clearedAt, alarm.alarmRaisedTime <= clearedAt {
                // The pieces meet: the raise of a clear already received. Ticket it, then clear it.
                row.status = .active
                row.alarmId = alarm.alarmId
                row.raisedAt = alarm.alarmRaisedTime
                row.severity = alarm.perceivedSeverity
                row.count = 1
                try decide(&row, in: &context)
                try startClear(&row, at: clearedAt, in: &context)
            } else {
                try startOccurrence(&row, alarm, in: &context)
            }
            try row.save(db)
        case (.cleared, .active):
            // A clear naming an earlier raise belongs to an occurrence already over: ignored.
            if alarm.alarmRaisedTime.timeIntervalSince(row.raisedAt) > -1 {
                try startClear(&row, at: alarm.alarmClearedTime ?? context.now, in: &context)
            }
            try row.save(db)
        case (.cleared, .clearing), (.cleared, .cleared), (.cleared, .orphanClear):
            try row.save(db)  // a repeated clear
        }
    }

    /// A new occurrence of an alarm whose last one is over.
    private func startOccurrence(_ row: inout AlarmRow, _ alarm: Alarm, in context: inout DecisionContext) throws {
        row.status = .active
        row.alarmId = alarm.alarmId
        row.raisedAt = alarm.alarmRaisedTime
        row.clearedAt = nil
        row.severity = alarm.perceivedSeverity
        row.count = 1
        row.flaps = 0
        row.disposition = .pending
        row.ticketId = nil
        row.outageId = nil
        try decide(&row, in: &context)
    }

    /// Decides what a raised alarm is: below the ticketed severities, hurting no customer,
    /// inside a planned outage, or a fault on a ticket.
    func decide(_ row: inout AlarmRow, in context: inout DecisionContext) throws {
        guard settings.ticketSeverities.contains(row.severity) else {
            row.disposition = .belowSeverity
            return
        }
        let impact = try impact(of: row.object, in: context.db)
        guard !impact.circuits.isEmpty else {
            row.disposition = .noImpact
            return
        }
        var start = row.raisedAt
        var planned = false
        if let outage = try coveringOutage(row.object.id, element: impact.element, circuits: impact.circuits, at: row.raisedAt, in: context.db) {
            if !outage.ended {
                row.disposition = .planned
                row.outageId = outage.id
                return
            }
            // It arrived after its window ended: the fault outlasted the window.
            start = max(start, outage.end)
            planned = true
            row.outageId = outage.id
        }
        row.ticketId = try ticketAlarm(row, impact: impact, start: start, planned: planned, in: &context)
        row.disposition = .ticketed
    }

    /// Starts the hold-down of a clear at `clearedAt`; once it ends the clear takes effect.
    func startClear(_ row: inout AlarmRow, at clearedAt: Date, in context: inout DecisionContext) throws {
        row.status = .clearing
        row.clearedAt = clearedAt
        let due = clearedAt.addingTimeInterval(settings.flapHoldDown)
        if settings.flapHoldDown <= 0 || due <= context.now {
            try finishClear(&row, in: &context)
        } else {
            try context.setTimer(id: Self.holdDownTimer(row.key), due: due)
        }
    }

    /// The clear takes effect: the alarm's ticket may be restored.
    func finishClear(_ row: inout AlarmRow, in context: inout DecisionContext) throws {
        row.status = .cleared
        guard row.disposition == .ticketed, let ticketId = row.ticketId, let clearedAt = row.clearedAt else { return }
        try alarmCleared(row.key, ticket: ticketId, at: clearedAt, in: &context)
    }

    /// The hold-down of `key` ended.
    func holdDownEnded(_ key: String, in context: inout DecisionContext) throws {
        guard var row = try AlarmRow.load(key, context.db), row.status == .clearing else { return }
        try finishClear(&row, in: &context)
        try row.save(context.db)
    }
}
