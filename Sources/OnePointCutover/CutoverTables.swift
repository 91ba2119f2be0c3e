import GRDB

/// The cutover worker's own SQLite tables (docs/cutover.md, "State"). Instants are seconds since
/// 1970 (REAL); ids are the contracts' ids.
enum CutoverTables {
    /// Registers the tables' migrations.
    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("cutover-1") { db in
            try db.execute(sql: """
                -- Inventory copy: who a plan's elements and circuits reach.
                CREATE TABLE cutover_customers (
                    id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, level TEXT NOT NULL, manager_unit TEXT NOT NULL,
                    manager_name TEXT NOT NULL, manager_phone TEXT NOT NULL);
                CREATE TABLE cutover_circuits (
                    id TEXT PRIMARY KEY NOT NULL, customer_id TEXT NOT NULL, service_type TEXT NOT NULL,
                    a_unit TEXT NOT NULL, z_unit TEXT NOT NULL);
                CREATE TABLE cutover_elements (id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL, unit TEXT NOT NULL);
                CREATE TABLE cutover_carriage (
                    object_id TEXT NOT NULL, circuit_id TEXT NOT NULL, element_id TEXT NOT NULL,
                    PRIMARY KEY (object_id, circuit_id)) WITHOUT ROWID;
                CREATE INDEX cutover_carriage_element ON cutover_carriage(element_id);

                -- Declared key-assurance periods (JSON arrays of units and customers).
                CREATE TABLE cutover_assurance (
                    period_id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, units TEXT NOT NULL, customers TEXT NOT NULL,
                    from_at REAL NOT NULL, to_at REAL NOT NULL);

                -- One row per plan: the plan as last revised (JSON), its state and what was decided.
                CREATE TABLE cutover_plans (
                    id TEXT PRIMARY KEY NOT NULL, unit TEXT NOT NULL, state TEXT NOT NULL, revision INTEGER NOT NULL,
                    plan TEXT NOT NULL,            -- CutoverPlan JSON, window and elements as revised
                    affected TEXT NOT NULL,        -- JSON [AffectedCustomer] of the last decision
                    problems TEXT NOT NULL,        -- JSON [String] of the last refusal, [] otherwise
                    earliest_start REAL,           -- for a late plan: the earliest window start in time
                    history TEXT NOT NULL,         -- JSON [HistoryEntry]
                    actual_interruption INTEGER, interruption_overrun INTEGER,
                    missing_recorded INTEGER NOT NULL DEFAULT 0,
                    updated_at REAL NOT NULL);
                CREATE INDEX cutover_plans_state ON cutover_plans(state, id);

                -- Every notice letter sent, superseded ones included.
                CREATE TABLE cutover_notices (
                    notice_id TEXT PRIMARY KEY NOT NULL, cutover_id TEXT NOT NULL, customer_id TEXT NOT NULL,
                    revision INTEGER NOT NULL, in_time INTEGER NOT NULL,
                    answer TEXT,                   -- agree | disagree | silent (no answer by the due time)
                    answered_at REAL, proposed_start REAL, proposed_end REAL,
                    superseded_by TEXT, counted INTEGER NOT NULL DEFAULT 0,
                    notice TEXT NOT NULL);         -- CutoverNotice JSON
                CREATE INDEX cutover_notices_plan ON cutover_notices(cutover_id, superseded_by, customer_id);
                """)
        }
    }
}
