import Foundation
import GRDB
import OnePointContracts

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

    private static func encode<T: Encodable>(_ value: T) throws -> Data { try encoder.encode(value) }
    private static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T { try JSONDecoder().decode(type, from: data) }

    // MARK: Orders

    static func order(_ db: Database, id: String) throws -> ProvisioningOrder? {
        try Data.fetchOne(db, sql: "SELECT body FROM prov_orders WHERE order_id = ?", arguments: [id]).map { try decode(ProvisioningOrder.self, $0) }
    }

    static func save(_ db: Database, _ order: ProvisioningOrder) throws {
        try db.execute(
            sql: """
                INSERT INTO prov_orders (order_id, state, body) VALUES (?, ?, ?)
                ON CONFLICT (order_id) DO UPDATE SET state = excluded.state, body = excluded.body
                """,
            arguments: [order.order.id, order.state.rawValue, try encode(order)])
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

    static func orderIDs(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT order_id FROM prov_orders ORDER BY order_id")
    }

    // MARK: Resource checks

    static func check(_ db: Database, id: String) throws -> ResourceCheck? {
        try Data.fetchOne(db, sql: "SELECT body FROM prov_checks WHERE request_id = ?", arguments: [id]).map { try decode(ResourceCheck.self, $0) }
    }

    static func save(_ db: Database, _ check: ResourceCheck) throws {
        try db.execute(
            sql: "INSERT INTO prov_checks (request_id, body) VALUES (?, ?) ON CONFLICT (request_id) DO UPDATE SET body = excluded.body",
            arguments: [check.request.id, try encode(check)])
    }

    // MARK: Inventory

    static func customer(_ db: Database, id: String) throws -> Customer? {
        try Data.fetchOne(db, sql: "SELECT body FROM prov_customers WHERE customer_id = ?", arguments: [id]).map { try decode(Customer.self, $0) }
    }

    static func save(_ db: Database, _ customer: Customer) throws {
        try db.execute(
            sql: "INSERT INTO prov_customers (customer_id, body) VALUES (?, ?) ON CONFLICT (customer_id) DO UPDATE SET body = excluded.body",
            arguments: [customer.id, try encode(customer)])
    }

    static func circuit(_ db: Database, id: String) throws -> Circuit? {
        try Data.fetchOne(db, sql: "SELECT body FROM prov_circuits WHERE circuit_id = ?", arguments: [id]).map { try decode(Circuit.self, $0) }
    }

    static func save(_ db: Database, _ circuit: Circuit) throws {
        try db.execute(
            sql: "INSERT INTO prov_circuits (circuit_id, body) VALUES (?, ?) ON CONFLICT (circuit_id) DO UPDATE SET body = excluded.body",
            arguments: [circuit.id, try encode(circuit)])
    }

    static func deleteCircuit(_ db: Database, id: String) throws {
        try db.execute(sql: "DELETE FROM prov_circuits WHERE circuit_id = ?", arguments: [id])
    }
}
