import Foundation
import GRDB
import OnePointDomain
import Synchronization

/// The working calendar a worker counts with: the years of `config/calendar.yaml`, with every
/// year the worker applied from the `calendar` topic (`onepoint calendar load`) in their place.
/// A loaded year wins over the file; a later record of the same year (an amended notice) wins
/// over the earlier one.
///
/// Applied years are rows of one of the worker's own tables (named at ``init(configured:table:)``),
/// written in the transaction of the input that carried them, so they are applied once and
/// survive restarts like any other state. ``calendar(_:)`` reads what is in force inside a
/// decision; the built calendar is cached by the table's contents, so a decision that finds the
/// table unchanged costs one small query.
///
/// ```swift
/// let calendar = LoadedCalendar(configured: domain.calendar, table: "prov_calendar_years")
/// calendar.migrate(&migrator)                       // in WorkerLogic.migrate
/// let inForce = try calendar.calendar(context.db)   // in apply / fire
/// ```
public final class LoadedCalendar: Sendable {
    /// What applying a year changed.
    public struct Change: Sendable {
        /// The year applied.
        public let year: Int
        /// The calendar in force before.
        public let previous: WorkingCalendar
        /// The calendar in force now.
        public let current: WorkingCalendar
        /// Whether the year had a calendar before (from `calendar.yaml` or an earlier record):
        /// the new one corrects it. `false`: the year was counted on the provisional rule.
        public let corrects: Bool
    }

    /// The calendar of `config/calendar.yaml`.
    public let configured: WorkingCalendar
    /// The table that holds the applied years.
    public let table: String
    private let cache = Mutex<(fingerprint: String, calendar: WorkingCalendar)?>(nil)

    /// - Parameters:
    ///   - configured: the calendar of `config/calendar.yaml`.
    ///   - table: the name of the worker's table of applied years (a plain SQL identifier, e.g.
    ///     `prov_calendar_years`); ``migrate(_:)`` creates it.
    public init(configured: WorkingCalendar, table: String) {
        self.configured = configured
        self.table = table
    }

    /// Registers the migration that creates the table of applied years.
    public func migrate(_ migrator: inout DatabaseMigrator) {
        let table = self.table
        migrator.registerMigration("\(table)-1") { db in
            try db.execute(sql: """
                CREATE TABLE \(table) (
                    year INTEGER PRIMARY KEY NOT NULL,
                    body BLOB NOT NULL,          -- the CalendarYear, JSON
                    event_id TEXT NOT NULL,      -- the input that carried it
                    applied_at REAL NOT NULL     -- the worker's clock when applied, seconds since 1970
                )
                """)
        }
    }

    /// The calendar in force: `calendar.yaml`'s years with the applied years in their place.
    ///
    /// - Throws: a database error, or a ``DomainError`` if a stored year cannot be read back.
    public func calendar(_ db: Database) throws -> WorkingCalendar {
        let fingerprint =
            try String.fetchOne(
                db.cachedStatement(sql: "SELECT group_concat(year || ':' || event_id, ',') FROM (SELECT year, event_id FROM \(table) ORDER BY year)"))
            ?? ""
        guard !fingerprint.isEmpty else { return configured }
        if let cached = cache.withLock({ $0 }), cached.fingerprint == fingerprint { return cached.calendar }
        let built = try configured.replacing(try years(db))
        cache.withLock { $0 = (fingerprint, built) }
        return built
    }

    /// The calendar in force in a state file that may predate the table (read-only readers such
    /// as `onepoint order show`): ``configured`` when there is no table.
    public func calendar(readingStateOf db: Database) throws -> WorkingCalendar {
        try db.tableExists(table) ? try calendar(db) : configured
    }

    /// The applied years, ascending.
    public func years(_ db: Database) throws -> [CalendarYear] {
        try Data.fetchAll(db, sql: "SELECT body FROM \(table) ORDER BY year").map { try JSONDecoder().decode(CalendarYear.self, from: $0) }
    }

    /// Stores `year` (checked) as applied by input `eventId` at `now`, in place of any earlier
    /// record of that year.
    ///
    /// - Returns: what changed, or `nil` when the year's days are exactly those already in force
    ///   (nothing to recompute).
    public func apply(_ year: CalendarYear, eventId: String, at now: Date, _ db: Database) throws -> Change? {
        let previous = try calendar(db)
        let earlier = previous.calendarYear(year.year)
        try db.execute(
            sql: """
                INSERT INTO \(table) (year, body, event_id, applied_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (year) DO UPDATE SET body = excluded.body, event_id = excluded.event_id, applied_at = excluded.applied_at
                """,
            arguments: [year.year, try Self.encoder.encode(year), eventId, now.timeIntervalSince1970])
        guard earlier != year else { return nil }
        return Change(year: year.year, previous: previous, current: try calendar(db), corrects: earlier != nil)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()
}
