import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointRuntime

/// The worker's copy of the inventory (who each element, port and fibre carries; each circuit's
/// customer; each customer's level and manager) and of declared key-assurance periods.
extension CutoverLogic {
    func applyCustomer(_ customer: Customer, in context: inout DecisionContext) throws {
        try context.db.cachedStatement(sql: """
                INSERT INTO cutover_customers (id, name, level, manager_unit, manager_name, manager_phone) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, level = excluded.level, manager_unit = excluded.manager_unit,
                    manager_name = excluded.manager_name, manager_phone = excluded.manager_phone
                """).execute(arguments: [
                customer.id, customer.name, customer.level.rawValue, (customer.units.first ?? topology.hq.id).rawValue,
                customer.customerManager.name, customer.customerManager.phone,
            ])
    }

    func applyCircuit(_ circuit: Circuit, in context: inout DecisionContext) throws {
        try context.db.cachedStatement(sql: """
                INSERT INTO cutover_circuits (id, customer_id, service_type, a_unit, z_unit) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, service_type = excluded.service_type,
                    a_unit = excluded.a_unit, z_unit = excluded.z_unit
                """).execute(arguments: [circuit.id, circuit.customerId, circuit.serviceType.rawValue, circuit.aEnd.unit.rawValue, circuit.zEnd.unit.rawValue])
    }

    /// Replaces what `element` carries (``NetworkElement/carriage``).
    func applyElement(_ element: NetworkElement, in context: inout DecisionContext) throws {
        let db = context.db
        try db.cachedStatement(sql: """
                INSERT INTO cutover_elements (id, kind, unit) VALUES (?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, unit = excluded.unit
                """).execute(arguments: [element.id, element.kind.rawValue, element.unit.rawValue])
        try db.cachedStatement(sql: "DELETE FROM cutover_carriage WHERE element_id = ?").execute(arguments: [element.id])
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO cutover_carriage (object_id, circuit_id, element_id) VALUES (?, ?, ?)")
        for pair in element.carriage { try insert.execute(arguments: [pair.objectId, pair.circuitId, element.id]) }
    }

    func applyAssurance(_ period: AssurancePeriod, in context: inout DecisionContext) throws {
        try context.db.cachedStatement(sql: """
                INSERT INTO cutover_assurance (period_id, name, units, customers, from_at, to_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (period_id) DO UPDATE SET name = excluded.name, units = excluded.units, customers = excluded.customers,
                    from_at = excluded.from_at, to_at = excluded.to_at
                """).execute(arguments: [
                period.periodId, period.name, try CutoverJSON.text(period.units.map(\.rawValue)), try CutoverJSON.text(period.customerIds),
                period.from.timeIntervalSince1970, period.to.timeIntervalSince1970,
            ])
    }

    /// The key-assurance periods overlapping `start..<end` that cover `customer` (listed, or every
    /// customer of a listed unit when the period lists none), as `"<id> (<name>)"`.
    func assuranceConflicts(customer: AffectedCustomer, start: Date, end: Date, in db: Database) throws -> [String] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM cutover_assurance WHERE from_at < ? AND to_at > ? ORDER BY period_id"),
            arguments: [end.timeIntervalSince1970, start.timeIntervalSince1970])
        var conflicts: [String] = []
        for row in rows {
            let customers = try CutoverJSON.decode([String].self, row["customers"] as String)
            let units = try CutoverJSON.decode([String].self, row["units"] as String)
            let covered =
                customers.isEmpty
                ? try customer.units.contains { unit in try units.contains { try topology.isUnit(unit, within: UnitID($0)) } }
                : customers.contains(customer.id)
            if covered { conflicts.append("\(row["period_id"] as String) (\(row["name"] as String))") }
        }
        return conflicts
    }
}
