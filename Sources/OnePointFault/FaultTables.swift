import GRDB

/// The fault worker's own SQLite tables (docs/fault.md, "State"). Instants are seconds since
/// 1970 (REAL); ids are the contracts' ids.
enum FaultTables {
    /// Registers the tables' migrations.
    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("fault-1") { db in
            // Inventory copy: customers, circuits, elements, and which object carries which circuit.
            try db.execute(sql: """
                CREATE TABLE fault_customers (
                    id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, level TEXT NOT NULL,
                    manager_name TEXT NOT NULL, manager_phone TEXT NOT NULL);
                CREATE TABLE fault_circuits (id TEXT PRIMARY KEY NOT NULL, customer_id TEXT NOT NULL, unit TEXT NOT NULL);
                CREATE TABLE fault_elements (id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL, unit TEXT NOT NULL);
                CREATE TABLE fault_carriage (
                    object_id TEXT NOT NULL, circuit_id TEXT NOT NULL, element_id TEXT NOT NULL,
                    PRIMARY KEY (object_id, circuit_id)) WITHOUT ROWID;
                CREATE INDEX fault_carriage_element ON fault_carriage(element_id);
                CREATE INDEX fault_carriage_circuit ON fault_carriage(circuit_id, element_id);

                -- One row per reduction key: the current occurrence of that alarm.
                CREATE TABLE fault_alarms (
                    reduction_key TEXT PRIMARY KEY NOT NULL, alarm_id TEXT NOT NULL,
                    object_type TEXT NOT NULL, object_id TEXT NOT NULL, probable_cause TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    status TEXT NOT NULL,          -- active | clearing | cleared | orphanClear
                    raised_at REAL NOT NULL, cleared_at REAL, last_seen REAL NOT NULL,
                    count INTEGER NOT NULL, flaps INTEGER NOT NULL DEFAULT 0,
                    disposition TEXT NOT NULL,     -- ticketed | noImpact | planned | belowSeverity | pending
                    ticket_id TEXT, outage_id TEXT,
                    received INTEGER NOT NULL);    -- every alarm event with this key, ever
                CREATE INDEX fault_alarms_outage ON fault_alarms(outage_id) WHERE outage_id IS NOT NULL;

                CREATE TABLE fault_tickets (
                    id TEXT PRIMARY KEY NOT NULL, status TEXT NOT NULL, unit TEXT NOT NULL, description TEXT NOT NULL,
                    started_at REAL NOT NULL, opened_at REAL NOT NULL, restored_at REAL, closed_at REAL,
                    escalation_level INTEGER NOT NULL DEFAULT 0, planned INTEGER NOT NULL DEFAULT 0,
                    reopen_count INTEGER NOT NULL DEFAULT 0, active_alarms INTEGER NOT NULL DEFAULT 0,
                    alarm_count INTEGER NOT NULL DEFAULT 0,
                    root_breadth INTEGER NOT NULL DEFAULT 0, -- how many circuits the cause in the description hurts
                    history TEXT NOT NULL, notes TEXT NOT NULL, pauses TEXT NOT NULL);
                CREATE INDEX fault_tickets_status ON fault_tickets(status, opened_at);
                CREATE TABLE fault_ticket_alarms (
                    ticket_id TEXT NOT NULL, reduction_key TEXT NOT NULL, alarm_id TEXT NOT NULL, object_type TEXT NOT NULL,
                    raised_at REAL NOT NULL, cleared_at REAL,
                    PRIMARY KEY (ticket_id, reduction_key)) WITHOUT ROWID;
                CREATE TABLE fault_ticket_elements (
                    ticket_id TEXT NOT NULL, element_id TEXT NOT NULL, PRIMARY KEY (element_id, ticket_id)) WITHOUT ROWID;
                CREATE TABLE fault_ticket_reports (
                    ticket_id TEXT NOT NULL, report_id TEXT NOT NULL, reported_at REAL NOT NULL,
                    PRIMARY KEY (ticket_id, report_id)) WITHOUT ROWID;
                CREATE TABLE fault_ticket_circuits (
                    ticket_id TEXT NOT NULL, circuit_id TEXT NOT NULL, customer_id TEXT NOT NULL,
                    PRIMARY KEY (ticket_id, circuit_id)) WITHOUT ROWID;
                CREATE INDEX fault_ticket_circuits_circuit ON fault_ticket_circuits(circuit_id);
                -- The child record of each affected customer: its own clock.
                CREATE TABLE fault_children (
                    ticket_id TEXT NOT NULL, customer_id TEXT NOT NULL, name TEXT NOT NULL, level TEXT NOT NULL,
                    handled_level TEXT NOT NULL, limit_minutes INTEGER NOT NULL, started_at REAL NOT NULL,
                    deadline REAL NOT NULL, restored_at REAL, feedback_sequence INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (ticket_id, customer_id)) WITHOUT ROWID;
                CREATE INDEX fault_children_deadline ON fault_children(ticket_id, deadline);

                -- Faults per circuit, for the repeated-fault rule.
                CREATE TABLE fault_history (
                    circuit_id TEXT NOT NULL, ticket_id TEXT NOT NULL, at REAL NOT NULL,
                    PRIMARY KEY (circuit_id, ticket_id)) WITHOUT ROWID;
                CREATE INDEX fault_history_at ON fault_history(circuit_id, at);

                CREATE TABLE fault_outages (
                    cutover_id TEXT PRIMARY KEY NOT NULL, unit TEXT NOT NULL, status TEXT NOT NULL,
                    window_start REAL NOT NULL, window_end REAL NOT NULL, ended INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE fault_outage_objects (
                    cutover_id TEXT NOT NULL, object_id TEXT NOT NULL, PRIMARY KEY (object_id, cutover_id)) WITHOUT ROWID;

                CREATE TABLE fault_assurance (
                    period_id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, units TEXT NOT NULL, customers TEXT NOT NULL,
                    from_at REAL NOT NULL, to_at REAL NOT NULL, ended INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE fault_assurance_tickets (
                    period_id TEXT NOT NULL, ticket_id TEXT NOT NULL, PRIMARY KEY (period_id, ticket_id)) WITHOUT ROWID;

                CREATE TABLE fault_sequence (name TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL);
                """)
        }
        migrator.registerMigration("fault-2-complaints") { db in
            try db.execute(sql: """
                ALTER TABLE fault_customers ADD COLUMN first_unit TEXT;
                -- Customer complaints: the three clocks' stops, the escalation step, the history.
                CREATE TABLE fault_complaints (
                    id TEXT PRIMARY KEY NOT NULL, customer_id TEXT NOT NULL, customer_name TEXT NOT NULL, level TEXT NOT NULL,
                    unit TEXT NOT NULL, circuit_id TEXT, ticket_id TEXT, subject TEXT NOT NULL, state TEXT NOT NULL,
                    received_at REAL NOT NULL, acknowledged_at REAL, handled_at REAL, replied_at REAL,
                    escalation_level INTEGER NOT NULL DEFAULT 0, history TEXT NOT NULL);
                CREATE INDEX fault_complaints_state ON fault_complaints(state, received_at);
                """)
        }
        migrator.registerMigration("fault-3-causes") { db in
            // The cause the handling unit recorded (DOMAIN.md §6.1 responsibility); none: the operator's.
            try db.execute(sql: """
                CREATE TABLE fault_ticket_causes (
                    ticket_id TEXT PRIMARY KEY NOT NULL, cause TEXT NOT NULL, by TEXT NOT NULL, at REAL NOT NULL);
                """)
        }
        migrator.registerMigration("fault-4-routing") { db in
            // A circuit's Z-end unit: a circuit spanning provinces is in HQ's correlation domain
            // (docs/fault.md "Scaling out"). NULL until the circuit's record is read again.
            try db.execute(sql: "ALTER TABLE fault_circuits ADD COLUMN z_unit TEXT")
        }
    }
}
