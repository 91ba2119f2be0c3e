import Foundation
import OnePointDomain
import GRDB
import OnePointContracts
import OnePointRuntime

/// Customer fault reports (故障申告): they open tickets, and join the ticket that already lists
/// their circuit.
extension FaultLogic {
    func applyReport(_ report: FaultReport, in context: inout DecisionContext) throws {
        let db = context.db
        let known = try Row.fetchOne(db.cachedStatement(sql: "SELECT customer_id, unit FROM fault_circuits WHERE id = ?"), arguments: [report.circuitId])
        // A circuit the inventory does not know is still the customer's fault: it is ticketed
        // under the customer the report names.
        let customer: String = known?["customer_id"] ?? report.customerId
        // The receiving unit acts for the circuit's unit or the customer's (or above them).
        let customerUnit = try String.fetchOne(db.cachedStatement(sql: "SELECT first_unit FROM fault_customers WHERE id = ?"), arguments: [customer])
        let owners = [known?["unit"] as String?, customerUnit].compactMap { $0 }.map { UnitID($0) }
        if !owners.isEmpty {
            try commandGuard.authorize(report.unit, onAnyOf: owners, "fault report \(report.reportId) on circuit \(report.circuitId)")
        }
        try commandGuard.checkInstant(report.reportedAt, field: "event.reportedAt", notBefore: nil, "", now: context.now)
        _ = try place(
            .report(id: report.reportId, reportedAt: report.reportedAt), circuits: [(report.circuitId, customer)], unit: report.unit,
            description: "customer report \(report.reportId) on circuit \(report.circuitId) (\"\(report.description)\")", start: report.reportedAt,
            planned: false, domain: try reportDomain(report, in: db), in: &context)
    }
}
