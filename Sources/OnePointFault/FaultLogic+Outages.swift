import Foundation
import OnePointDomain
import GRDB
import OnePointContracts
import OnePointRuntime
import OnePointState

/// Planned outages (割接 windows): alarms on their objects inside the window open no ticket; the
/// ones still raised when the window ends open a ticket then.
extension FaultLogic {
    struct Outage {
        var id: String
        var start: Date
        var end: Date
        var ended: Bool
    }

    func applyOutage(_ outage: PlannedOutage, in context: inout DecisionContext) throws {
        let db = context.db
        try db.cachedStatement(sql: """
                INSERT INTO fault_outages (cutover_id, unit, status, window_start, window_end, ended) VALUES (?, ?, ?, ?, ?, 0)
                ON CONFLICT (cutover_id) DO UPDATE SET unit = excluded.unit, status = excluded.status,
                    window_start = excluded.window_start, window_end = excluded.window_end
                """).execute(arguments: [
                outage.cutoverId, outage.unit.rawValue, outage.status.rawValue, outage.windowStart.timeIntervalSince1970,
                outage.windowEnd.timeIntervalSince1970,
            ])
        try db.cachedStatement(sql: "DELETE FROM fault_outage_objects WHERE cutover_id = ?").execute(arguments: [outage.cutoverId])
        for object in Set(outage.elementIds + outage.circuitIds).sorted() {
            try db.cachedStatement(sql: "INSERT INTO fault_outage_objects (cutover_id, object_id) VALUES (?, ?)").execute(arguments: [outage.cutoverId, object])
        }
        let timer = "outage:\(outage.cutoverId):end"
        switch outage.status {
        case .scheduled:
            try context.setTimer(id: timer, due: outage.windowEnd)
        case .cancelled:
            // Called off: what it held is handled normally, from when it was raised.
            try context.cancelTimer(id: timer)
            try releaseAlarms(of: outage.cutoverId, windowEnd: nil, in: &context)
        }
    }

    /// The scheduled outage whose window holds `instant` and whose objects include the alarmed
    /// object, its element, or every circuit it carries.
    func coveringOutage(
        _ object: String, element: String?, circuits: [(id: String, customer: String)], at instant: Date, in db: Database
    ) throws -> Outage? {
        let time = instant.timeIntervalSince1970
        // Read straight from SQLite: every new alarm that hurts a circuit asks this, and there is
        // seldom an outage. Ordered here, not by `ORDER BY`, which no index serves: SQLite opened
        // a temporary b-tree to sort for every new alarm, with nothing to sort (session 31).
        var candidates: [Outage] = []
        do {
            let scheduled = try BoundStatement(db, sql: """
                SELECT cutover_id, window_start, window_end, ended FROM fault_outages
                WHERE status = 'scheduled' AND window_start <= ? AND window_end > ?
                """)
            scheduled.bindAll(time, time)
            while try scheduled.step() {
                guard let id = scheduled.text(0), let start = scheduled.real(1), let end = scheduled.real(2), let ended = scheduled.integer(3) else {
                    throw FaultStateError(.corruptState, "a planned outage holds a missing value: \(scheduled.text(0) ?? "no id")")
                }
                candidates.append(Outage(id: id, start: Date(timeIntervalSince1970: start), end: Date(timeIntervalSince1970: end), ended: ended != 0))
            }
        }
        guard !candidates.isEmpty else { return nil }
        // The window that started first holds the alarm; at the same start, the smaller cutover
        // id, by its bytes as SQLite compares text.
        if candidates.count > 1 {
            candidates.sort { a, b in a.start != b.start ? a.start < b.start : a.id.utf8.lexicographicallyPrecedes(b.id.utf8) }
        }
        let member = try db.cachedStatement(sql: "SELECT 1 FROM fault_outage_objects WHERE object_id = ? AND cutover_id = ?")
        for outage in candidates {
            var covered = try Bool.fetchOne(member, arguments: [object, outage.id]) != nil
            if !covered, let element { covered = try Bool.fetchOne(member, arguments: [element, outage.id]) != nil }
            if !covered, !circuits.isEmpty {
                covered = try circuits.allSatisfy { try Bool.fetchOne(member, arguments: [$0.id, outage.id]) != nil }
            }
            if covered { return outage }
        }
        return nil
    }

    /// The window ended: alarms it held that are still raised open tickets now.
    func outageEnded(_ id: String, at end: Date, in context: inout DecisionContext) throws {
        try context.db.cachedStatement(sql: "UPDATE fault_outages SET ended = 1 WHERE cutover_id = ?").execute(arguments: [id])
        try releaseAlarms(of: id, windowEnd: end, in: &context)
    }

    /// Tickets the alarms `outage` still holds: from `windowEnd` when the window ran out (marked
    /// planned), from their raise when it was cancelled.
    private func releaseAlarms(of outage: String, windowEnd: Date?, in context: inout DecisionContext) throws {
        let db = context.db
        let keys = try String.fetchAll(
            db.cachedStatement(sql: "SELECT reduction_key FROM fault_alarms WHERE outage_id = ? AND disposition = 'planned' AND status = 'active' ORDER BY raised_at, reduction_key"),
            arguments: [outage])
        for key in keys {
            guard var row = try AlarmRow.load(key, db) else { continue }
            let impact = try impact(of: row.object, in: db)
            guard !impact.circuits.isEmpty else {
                row.disposition = .noImpact
                try row.save(db)
                continue
            }
            let start = windowEnd.map { max($0, row.raisedAt) } ?? row.raisedAt
            row.ticketId = try ticketAlarm(row, impact: impact, start: start, planned: windowEnd != nil, in: &context)
            row.disposition = .ticketed
            try row.save(db)
        }
    }
}
