import Foundation
import GRDB
import OnePointContracts
import OnePointDomain

/// A customer's operation report (网络运行报告) for a month (DOMAIN.md §7), for Gold, Diamond
/// and Key customers: its circuits' availability, its faults with restoration times, its cutover
/// notices. Made on demand from the worker's facts (`/reports/customers/<customer>/<month>`,
/// `onepoint report customer`); not an event.
///
/// Availability is derived from tickets: the minutes from each of the customer's faults to its
/// restoration, over the month's minutes times the customer's circuits seen on tickets.
public struct CustomerReport: Sendable, Codable, Equatable {
    /// One fault of the customer restored in the month (or open at its end).
    public struct Fault: Sendable, Codable, Equatable {
        /// The ticket.
        public var ticketId: String
        /// The level it was handled at.
        public var level: CustomerLevel
        /// Minutes from the fault to restoration (so far, when open at the month's end).
        public var restorationMinutes: Int
        /// Minutes past the customer's restoration limit (0 or less in time).
        public var overrunMinutes: Int
        /// Still open at the month's end.
        public var open: Bool

        /// A fault as the report lists it.
        public init(ticketId: String, level: CustomerLevel, restorationMinutes: Int, overrunMinutes: Int, open: Bool) {
            self.ticketId = ticketId
            self.level = level
            self.restorationMinutes = restorationMinutes
            self.overrunMinutes = overrunMinutes
            self.open = open
        }
    }

    /// One cutover notice the customer received for a window in the month.
    public struct Notice: Sendable, Codable, Equatable {
        /// The notice id.
        public var noticeId: String
        /// Whether it was sent in time.
        public var inTime: Bool

        /// A notice as the report lists it.
        public init(noticeId: String, inTime: Bool) {
            self.noticeId = noticeId
            self.inTime = inTime
        }
    }

    /// The levels that get a report: Gold and above.
    public static let levels: Set<CustomerLevel> = [.key, .diamond, .gold]

    /// The customer.
    public var customerId: String
    /// Its name.
    public var name: String
    /// Its level.
    public var level: CustomerLevel
    /// The month, `YYYY-MM`.
    public var month: String
    /// Its circuits seen on tickets.
    public var circuits: Int
    /// Minutes of outage in the month, all circuits together.
    public var outageMinutes: Int
    /// Availability in percent with two decimals, e.g. `99.95`.
    public var availabilityPercent: String
    /// Its faults.
    public var faults: [Fault]
    /// Its cutover notices.
    public var notices: [Notice]

    /// Keeps the customer of a ticket's impact (name, level, circuits) for its reports.
    static func remember(_ impact: TroubleTicket.CustomerImpact, _ db: Database) throws {
        let known = try String.fetchOne(db.cachedStatement(sql: "SELECT circuits FROM report_customers WHERE id = ?"), arguments: [impact.customer.id])
        let circuits = Set((try known.map { try ReportJSON.decode([String].self, $0) }) ?? []).union(impact.circuitIds).sorted()
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO report_customers (id, name, level, circuits) VALUES (?, ?, ?, ?)").execute(arguments: [
            impact.customer.id, impact.customer.name, impact.customer.level.rawValue, try ReportJSON.text(circuits),
        ])
    }

    /// Every Gold-and-above customer known: id, name, level.
    static func customers(_ db: Database) throws -> [(id: String, name: String, level: CustomerLevel)] {
        guard try db.tableExists("report_customers") else { return [] }
        return try Row.fetchAll(db, sql: "SELECT id, name, level FROM report_customers ORDER BY id").compactMap { row in
            guard let level = CustomerLevel(rawValue: row["level"]), levels.contains(level) else { return nil }
            return (row["id"], row["name"], level)
        }
    }

    /// The report of `customer` for `month`, or nil when the customer is unknown or below Gold.
    static func make(customer: String, month: ReportMonth, zone: TimeZone, _ db: Database) throws -> CustomerReport? {
        guard try db.tableExists("report_customers"),
            let row = try Row.fetchOne(db, sql: "SELECT * FROM report_customers WHERE id = ?", arguments: [customer]),
            let level = CustomerLevel(rawValue: row["level"]), levels.contains(level)
        else { return nil }
        let circuits = max(1, try ReportJSON.decode([String].self, row["circuits"]).count)
        let facts = try Row.fetchAll(
            db, sql: "SELECT * FROM report_facts WHERE month = ? AND part IN ('restorationTime', 'informationNotices') ORDER BY at, fact_id",
            arguments: [month.description]
        ).map { try ReportFact(row: $0) }
        var faults: [Fault] = []
        var notices: [Notice] = []
        for fact in facts {
            let pieces = fact.reference.split(separator: "/").map(String.init)
            guard pieces.count >= 2, pieces[1] == customer else { continue }
            if fact.part == .restorationTime {
                faults.append(.init(
                    ticketId: pieces[0], level: fact.level, restorationMinutes: fact.duration ?? 0, overrunMinutes: fact.overrun ?? 0, open: fact.provisional))
            } else {
                notices.append(.init(noticeId: fact.reference, inTime: fact.met != false))
            }
        }
        let minutes = max(1, Int(month.end(in: zone).timeIntervalSince(month.start(in: zone)) / 60)) * circuits
        let outage = min(minutes, faults.reduce(0) { $0 + max(0, $1.restorationMinutes) })
        let basisPoints = (minutes - outage) * 10_000 / minutes
        let hundredths = basisPoints % 100
        return CustomerReport(
            customerId: customer, name: row["name"], level: level, month: month.description, circuits: circuits, outageMinutes: outage,
            availabilityPercent: "\(basisPoints / 100).\(hundredths < 10 ? "0" : "")\(hundredths)", faults: faults, notices: notices)
    }
}
