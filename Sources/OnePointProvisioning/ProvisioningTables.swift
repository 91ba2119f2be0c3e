import Foundation
import GRDB
import OnePointContracts
import OnePointDomain

/// The provisioning worker's own tables, beside the runtime's: one JSON document per order,
/// work order → order, resource checks, and the inventory it needs (customers, circuits).
enum ProvisioningTables {
    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("provisioning-1") { db in
            try db.execute(sql: """
                CREATE TABLE prov_orders (order_id TEXT PRIMARY KEY NOT NULL, state TEXT NOT NULL, body BLOB NOT NULL);
                CREATE TABLE prov_work_orders (work_order_id TEXT PRIMARY KEY NOT NULL, order_id TEXT NOT NULL);
                CREATE TABLE prov_checks (request_id TEXT PRIMARY KEY NOT NULL, body BLOB NOT NULL);
                CREATE TABLE prov_customers (customer_id TEXT PRIMARY KEY NOT NULL, body BLOB NOT NULL);
                CREATE TABLE prov_circuits (circuit_id TEXT PRIMARY KEY NOT NULL, body BLOB NOT NULL);
                """)
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    /// The JSON document of `id` in `table` (keyed by `key`), decoded.
    private static func document<T: Decodable>(_ type: T.Type, _ db: Database, table: String, key: String, id: String) throws -> T? {
        try Data.fetchOne(db, sql: "SELECT body FROM \(table) WHERE \(key) = ?", arguments: [id]).map { try JSONDecoder().decode(type, from: $0) }
    }

    /// Inserts or replaces the JSON document of `id` in `table`.
    private static func saveDocument<T: Encodable>(_ value: T, _ db: Database, table: String, key: String, id: String) throws {
        try db.execute(
            sql: "INSERT INTO \(table) (\(key), body) VALUES (?, ?) ON CONFLICT (\(key)) DO UPDATE SET body = excluded.body",
            arguments: [id, try encoder.encode(value)])
    }

    // MARK: Orders

    static func order(_ db: Database, id: String) throws -> ProvisioningOrder? {
        try document(ProvisioningOrder.self, db, table: "prov_orders", key: "order_id", id: id)
    }

    static func save(_ db: Database, _ order: ProvisioningOrder) throws {
        try db.execute(
            sql: """
                INSERT INTO prov_orders (order_id, state, body) VALUES (?, ?, ?)
                ON CONFLICT (order_id) DO UPDATE SET state = excluded.state, body = excluded.body
                """,
            arguments: [order.order.id, order.state.rawValue, try encoder.encode(order)])
        for leg in order.legs {
            try db.execute(
                sql: "INSERT OR IGNORE INTO prov_work_orders (work_order_id, order_id) VALUES (?, ?)",
                arguments: [leg.workOrderId, order.order.id])
        }
    }

    /// The order a work order belongs to.
    static func orderID(_ db: Database, workOrderId: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT order_id FROM prov_work_orders WHERE work_order_id = ?", arguments: [workOrderId])
    }

    /// Every order whose state is not final (its clock may still run), by id.
    static func openOrders(_ db: Database) throws -> [ProvisioningOrder] {
        let final = ServiceOrderState.allCases.filter(\.isFinal).map(\.rawValue)
        let marks = Array(repeating: "?", count: final.count).joined(separator: ", ")
        return try Data.fetchAll(
            db, sql: "SELECT body FROM prov_orders WHERE state NOT IN (\(marks)) ORDER BY order_id", arguments: StatementArguments(final)
        ).map { try JSONDecoder().decode(ProvisioningOrder.self, from: $0) }
    }

    static func orderIDs(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT order_id FROM prov_orders ORDER BY order_id")
    }

    // MARK: Resource checks

    static func check(_ db: Database, id: String) throws -> ResourceCheck? {
        try document(ResourceCheck.self, db, table: "prov_checks", key: "request_id", id: id)
    }

    /// Every resource check not answered yet, by request id.
    static func openChecks(_ db: Database) throws -> [ResourceCheck] {
        try Data.fetchAll(db, sql: "SELECT body FROM prov_checks ORDER BY request_id")
            .map { try JSONDecoder().decode(ResourceCheck.self, from: $0) }
            .filter { $0.answeredAt == nil }
    }

    static func save(_ db: Database, _ check: ResourceCheck) throws {
        try saveDocument(check, db, table: "prov_checks", key: "request_id", id: check.request.id)
    }

    // MARK: Inventory

    static func customer(_ db: Database, id: String) throws -> Customer? {
        try document(Customer.self, db, table: "prov_customers", key: "customer_id", id: id)
    }

    static func save(_ db: Database, _ customer: Customer) throws {
        try saveDocument(customer, db, table: "prov_customers", key: "customer_id", id: customer.id)
    }

    static func circuit(_ db: Database, id: String) throws -> Circuit? {
        try document(Circuit.self, db, table: "prov_circuits", key: "circuit_id", id: id)
    }

    static func save(_ db: Database, _ circuit: Circuit) throws {
        try saveDocument(circuit, db, table: "prov_circuits", key: "circuit_id", id: circuit.id)
    }

    static func deleteCircuit(_ db: Database, id: String) throws {
        try db.execute(sql: "DELETE FROM prov_circuits WHERE circuit_id = ?", arguments: [id])
    }
}
