import GRDB

/// The reporting worker's own SQLite tables (docs/reporting.md, "State"). Instants are seconds
/// since 1970 (REAL); months are `YYYY-MM`.
enum ReportingTables {
    /// Registers the tables' migrations.
    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("reporting-1") { db in
            try db.execute(sql: """
                -- Every fact a score part counts, one row per fact id (a duplicate replaces, never adds).
                CREATE TABLE report_facts (
                    fact_id TEXT PRIMARY KEY NOT NULL,
                    unit TEXT NOT NULL, month TEXT NOT NULL, part TEXT NOT NULL, level TEXT NOT NULL,
                    met INTEGER,                   -- rate parts and notices: 1 met, 0 not
                    overrun INTEGER,               -- overrun parts: minutes past the limit (<= 0 in time)
                    duration INTEGER,              -- restoration: minutes from the fault to restoration
                    reference TEXT NOT NULL,
                    at REAL NOT NULL,              -- when the fact was decided
                    source_event TEXT NOT NULL,    -- the event id it came from ('' for open work)
                    provisional INTEGER NOT NULL,  -- 1: open work counted at the month's end
                    amended_into TEXT,             -- month of the report carrying it as an amendment
                    amendment TEXT);               -- what it changes, for people
                CREATE INDEX report_facts_unit_month ON report_facts(unit, month);
                CREATE INDEX report_facts_amended ON report_facts(amended_into, unit);

                -- Work not finished yet that counts at a month's end if past its limit.
                CREATE TABLE report_open (
                    item_id TEXT PRIMARY KEY NOT NULL,  -- the fact id it would become
                    kind TEXT NOT NULL,                 -- order | restoration
                    unit TEXT NOT NULL, level TEXT NOT NULL, reference TEXT NOT NULL,
                    started REAL NOT NULL, deadline REAL NOT NULL);

                -- One row per month the worker knows: open, drafted or final.
                CREATE TABLE report_months (month TEXT PRIMARY KEY NOT NULL, state TEXT NOT NULL);

                -- Every unit's report of a month as last emitted (MonthlyReport JSON).
                CREATE TABLE report_reports (
                    unit TEXT NOT NULL, month TEXT NOT NULL, revision INTEGER NOT NULL, status TEXT NOT NULL,
                    report TEXT NOT NULL, updated_at REAL NOT NULL,
                    PRIMARY KEY (unit, month)) WITHOUT ROWID;

                -- The first timer: fires at once and sets the current month's end.
                INSERT INTO runtime_timers (timer_id, due_at, payload) VALUES ('reporting:start', 0, x'');
                """)
        }
        migrator.registerMigration("reporting-2") { db in
            try db.execute(sql: """
                -- Customers seen on tickets, for their operation reports: level and circuits (JSON array).
                CREATE TABLE report_customers (
                    id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, level TEXT NOT NULL, circuits TEXT NOT NULL);
                """)
        }
        migrator.registerMigration("reporting-3") { db in
            try db.execute(sql: """
                -- Resource-check requests (surveys): which part and unit an overdue one counts against.
                CREATE TABLE report_checks (
                    id TEXT PRIMARY KEY NOT NULL, part TEXT NOT NULL, unit TEXT NOT NULL, level TEXT NOT NULL, requested_at REAL NOT NULL);
                """)
        }
    }
}
