import Foundation
import OnePointDomain
import GRDB
import OnePointContracts
import OnePointRuntime
import OnePointState

/// The worker's copy of the inventory: what each alarmed object carries, whose each circuit is,
/// each customer's level and manager.
extension FaultLogic {
    func applyCustomer(_ customer: Customer, in context: inout DecisionContext) throws {
        try context.db.cachedStatement(sql: """
                INSERT INTO fault_customers (id, name, level, manager_name, manager_phone, first_unit) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, level = excluded.level,
                    manager_name = excluded.manager_name, manager_phone = excluded.manager_phone, first_unit = excluded.first_unit
                """).execute(arguments: [
                customer.id, customer.name, customer.level.rawValue, customer.customerManager.name, customer.customerManager.phone,
                customer.units.first?.rawValue,
            ])
    }

    func applyCircuit(_ circuit: Circuit, in context: inout DecisionContext) throws {
        try context.db.cachedStatement(sql: """
                INSERT INTO fault_circuits (id, customer_id, unit, z_unit) VALUES (?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, unit = excluded.unit, z_unit = excluded.z_unit
                """).execute(arguments: [circuit.id, circuit.customerId, circuit.aEnd.unit.rawValue, circuit.zEnd.unit.rawValue])
    }

    /// Replaces what `element` carries: the element's own circuits (its ports' and any others)
    /// under its id, and each port's under `<element>/<port>`.
    func applyElement(_ element: NetworkElement, in context: inout DecisionContext) throws {
        let db = context.db
        try db.cachedStatement(sql: """
                INSERT INTO fault_elements (id, kind, unit) VALUES (?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, unit = excluded.unit
                """).execute(arguments: [element.id, element.kind.rawValue, element.unit.rawValue])
        try db.cachedStatement(sql: "DELETE FROM fault_carriage WHERE element_id = ?").execute(arguments: [element.id])
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO fault_carriage (object_id, circuit_id, element_id) VALUES (?, ?, ?)")
        for pair in element.carriage { try insert.execute(arguments: [pair.objectId, pair.circuitId, element.id]) }
    }

    /// What an alarmed object is on the inventory: the circuits it carries that the inventory
    /// knows, the element it belongs to, and the unit that maintains it.
    struct Impact {
        /// Circuit ids with their customers' ids, by circuit id.
        var circuits: [(id: String, customer: String)]
        /// The element alarmed (a port's node), if the object is one.
        var element: String?
        /// The unit that maintains the object.
        var unit: UnitID?
        /// The elements an alarm groups by within the correlation window: the element alarmed,
        /// or for a circuit every element (node, fibre) that carries it.
        var groupingElements: [String] = []
    }

    func impact(of object: Alarm.AlarmedObject, in db: Database) throws -> Impact {
        switch object.type {
        case .circuit:
            // Read straight from SQLite: every new alarm on a circuit asks this.
            let customer: String, unit: String
            do {
                let circuit = try BoundStatement(db, sql: "SELECT customer_id, unit FROM fault_circuits WHERE id = ?")
                circuit.bind(1, object.id)
                guard try circuit.step(), let customerID = circuit.text(0), let unitID = circuit.text(1) else {
                    return Impact(circuits: [], element: nil, unit: nil)
                }
                (customer, unit) = (customerID, unitID)
            }
            var carriers: [String] = []
            let carriage = try BoundStatement(db, sql: "SELECT DISTINCT element_id FROM fault_carriage WHERE circuit_id = ? ORDER BY element_id")
            carriage.bind(1, object.id)
            while try carriage.step() { if let element = carriage.text(0) { carriers.append(element) } }
            return Impact(circuits: [(object.id, customer)], element: nil, unit: UnitID(unit), groupingElements: carriers)
        case .networkElement, .fibre, .port:
            let element = object.type == .port ? String(object.id.split(separator: "/", maxSplits: 1).first ?? Substring(object.id)) : object.id
            // Read straight from SQLite too: every new alarm on an element asks this.
            var circuits: [(id: String, customer: String)] = []
            let carried = try BoundStatement(db, sql: """
                SELECT c.circuit_id, k.customer_id FROM fault_carriage c JOIN fault_circuits k ON k.id = c.circuit_id
                WHERE c.object_id = ? ORDER BY c.circuit_id
                """)
            carried.bind(1, object.id)
            while try carried.step() {
                guard let id = carried.text(0), let customer = carried.text(1) else {
                    throw FaultStateError(.corruptState, "a circuit carried by \(object.id) has no id or customer")
                }
                circuits.append((id, customer))
            }
            let owner = try BoundStatement(db, sql: "SELECT unit FROM fault_elements WHERE id = ?")
            owner.bind(1, element)
            let unit = try owner.step() ? owner.text(0) : nil
            return Impact(circuits: circuits, element: element, unit: unit.map { UnitID($0) }, groupingElements: [element])
        }
    }
}
