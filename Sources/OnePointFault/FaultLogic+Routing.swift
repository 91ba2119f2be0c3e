import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointRuntime

/// Scaling out (issue 15, docs/fault.md "Scaling out"): with tasks, every input is applied in the
/// task of its **correlation domain**, the province of the unit that maintains what it is about
/// (a city's province; a province itself), or the HQ unit's id for plant maintained by HQ or
/// spanning provinces. One fibre cut is seen by one domain's plant, so its alarms meet in one
/// task whichever partitions of `alarms` they arrived on.
///
/// With one task (``TaskLayout/single``) the runtime never calls ``route(_:in:)`` and ids keep
/// their single-task formats.
extension FaultLogic {
    /// The routing key of an input (its correlation domain), or `nil` for what every task reads
    /// (the inventory and planned outages, global topics) and for assurance periods (to be read
    /// by every task as a global topic too).
    ///
    /// - Alarms: the domain of the alarmed object's maintaining unit on the inventory copy (a
    ///   circuit's A-end unit, HQ when its Z end is in another province; an element's, a port's
    ///   node's or a fibre's unit); an object the inventory does not know: the unit the reporting
    ///   system's id starts with (`GD-OTN-NMS`: `GD`), else HQ.
    /// - Fault reports: the domain of the circuit (as for an alarm on it); an unknown circuit:
    ///   the customer's first unit, else the receiving unit.
    /// - Ticket commands: the domain in the ticket id (``ticketDomain(_:)``); a single-task id
    ///   (`TT-2026-1130-0001`) carries none: `nil`, applied where read.
    /// - Complaints: the domain of the unit that will handle the complaint (its circuit's unit,
    ///   else the customer's first unit, else the receiving unit).
    /// - Complaint commands: the acting unit's province (every unit that may act on a complaint is
    ///   its handling unit or above it, so below HQ that is the complaint's domain); HQ for HQ.
    public func route(_ input: Input, in db: Database) throws -> String? {
        switch input {
        case .alarm(let envelope):
            return try objectDomain(envelope.event.alarmedObject, in: db) ?? reportingSystemDomain(envelope.event.reportingSystemId)
        case .report(let envelope):
            return try reportDomain(envelope.event, in: db)
        case .command(let envelope):
            return ticketDomain(envelope.event.ticketId)
        case .complaint(let envelope):
            return try complaintDomain(envelope.event, in: db)
        case .complaintCommand(let envelope):
            return domain(of: envelope.event.unit)
        case .assurance, .outage, .inventory:
            return nil
        }
    }

    // MARK: - Domains

    /// The correlation domain of `unit`: its province (a city's parent, a province itself), the
    /// HQ unit's id for HQ or a unit the topology does not know.
    func domain(of unit: UnitID) -> String {
        (try? topology.province(of: unit))?.id.rawValue ?? topology.hq.id.rawValue
    }

    /// The domain of an object on the inventory copy, `nil` when the inventory does not know it.
    func objectDomain(_ object: Alarm.AlarmedObject, in db: Database) throws -> String? {
        switch object.type {
        case .circuit:
            return try circuitDomain(object.id, in: db)
        case .networkElement, .fibre, .port:
            let element = object.type == .port ? String(object.id.split(separator: "/", maxSplits: 1).first ?? Substring(object.id)) : object.id
            let unit = try String.fetchOne(db.cachedStatement(sql: "SELECT unit FROM fault_elements WHERE id = ?"), arguments: [element])
            return unit.map { domain(of: UnitID($0)) }
        }
    }

    /// The domain of a circuit: its A end's, or HQ when its Z end lies in another province;
    /// `nil` when the inventory does not know it.
    func circuitDomain(_ circuit: String, in db: Database) throws -> String? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT unit, z_unit FROM fault_circuits WHERE id = ?"), arguments: [circuit]) else {
            return nil
        }
        let a = domain(of: UnitID(row["unit"] as String))
        if let zUnit = row["z_unit"] as String?, domain(of: UnitID(zUnit)) != a { return topology.hq.id.rawValue }
        return a
    }

    /// The domain of an alarm on an object the inventory does not know: the longest unit id the
    /// reporting system's id is or starts with (followed by `-`), else HQ.
    func reportingSystemDomain(_ system: String) -> String {
        let unit = topology.units.map(\.id).filter { system == $0.rawValue || system.hasPrefix($0.rawValue + "-") }
            .max { $0.rawValue.count < $1.rawValue.count }
        return unit.map { domain(of: $0) } ?? topology.hq.id.rawValue
    }

    /// The domain a fault report is applied in (and the ticket it opens carries).
    func reportDomain(_ report: FaultReport, in db: Database) throws -> String {
        if let circuit = try circuitDomain(report.circuitId, in: db) { return circuit }
        if let unit = try String.fetchOne(db.cachedStatement(sql: "SELECT first_unit FROM fault_customers WHERE id = ?"), arguments: [report.customerId]) {
            return domain(of: UnitID(unit))
        }
        return domain(of: report.unit)
    }

    /// The domain a complaint is kept in: its handling unit's (as ``applyComplaint(_:in:)``
    /// chooses it: the circuit's unit, else the customer's first unit, else the receiving unit).
    func complaintDomain(_ complaint: Complaint, in db: Database) throws -> String {
        if let circuit = complaint.circuitId,
            let unit = try String.fetchOne(db.cachedStatement(sql: "SELECT unit FROM fault_circuits WHERE id = ?"), arguments: [circuit])
        {
            return domain(of: UnitID(unit))
        }
        if let unit = try String.fetchOne(db.cachedStatement(sql: "SELECT first_unit FROM fault_customers WHERE id = ?"), arguments: [complaint.customerId]) {
            return domain(of: UnitID(unit))
        }
        return domain(of: complaint.unit)
    }

    // MARK: - Ticket ids

    /// Whether ids made in `context` carry the domain and task: with tasks
    /// (``taskLayout`` ``TaskLayout/perPartition``), or in any task but 0.
    func scaledOut(_ context: DecisionContext) -> Bool {
        taskLayout == .perPartition || context.task != 0
    }

    /// The correlation domain a ticket id carries: `GD` for `TT-GD-2026-1130-3-0001`; `nil` for a
    /// single-task id (`TT-2026-1130-0001`) or anything else.
    public func ticketDomain(_ id: String) -> String? {
        Self.ticketIDParts(id).flatMap { parts in topology.contains(UnitID(parts.domain)) ? parts.domain : nil }
    }

    /// The parts of a ticket id made with tasks, `TT-<domain>-<yyyy>-<MMdd>-<task>-<n>` (the
    /// domain may hold `-`): `nil` for any other text.
    static func ticketIDParts(_ id: String) -> (domain: String, task: Int32, sequence: Int)? {
        guard id.hasPrefix("TT-") else { return nil }
        let fields = id.dropFirst(3).split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count >= 5 else { return nil }
        let tail = fields.suffix(4)
        func digits(_ field: Substring, count: Int? = nil) -> Bool {
            !field.isEmpty && field.allSatisfy { $0.isASCII && $0.isNumber } && (count.map { field.count == $0 } ?? true)
        }
        let year = tail[tail.startIndex], day = tail[tail.startIndex + 1], task = tail[tail.startIndex + 2], n = tail[tail.startIndex + 3]
        guard digits(year, count: 4), digits(day, count: 4), digits(task), digits(n), let taskNumber = Int32(task), let sequence = Int(n) else {
            return nil
        }
        let domain = fields.prefix(fields.count - 4).joined(separator: "-")
        guard !domain.isEmpty else { return nil }
        return (domain, taskNumber, sequence)
    }
}
