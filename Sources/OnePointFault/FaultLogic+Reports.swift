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
        _ = try place(
            .report(id: report.reportId, reportedAt: report.reportedAt), circuits: [(report.circuitId, customer)], unit: report.unit,
            description: "customer report \(report.reportId) on circuit \(report.circuitId) (\"\(report.description)\")", start: report.reportedAt,
            planned: false, in: &context)
    }
}
