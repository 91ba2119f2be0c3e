import Foundation
import GRDB
import OnePointDomain

/// One fact of a unit's month as the reporting worker keeps it (a row of `report_facts`).
public struct ReportFact: Sendable, Equatable {
    /// The fact's id: `<part>:<reference>` for a rate part or notice, `<part>:<reference>:<unit>`
    /// for a survey or data configuration, `restorationTime:<ticket>:<customer>` for a restoration.
    public var id: String
    /// The unit that owned the work.
    public var unit: UnitID
    /// The month it counts in.
    public var month: String
    /// The part it scores in.
    public var part: AssessmentPart
    /// The customer's level.
    public var level: CustomerLevel
    /// Rate parts and notices: whether it met the target.
    public var met: Bool?
    /// Overrun parts: minutes past the limit (0 or less in time).
    public var overrun: Int?
    /// Restoration: minutes from the fault to restoration (for the distribution chart).
    public var duration: Int?
    /// The order, ticket or notice.
    public var reference: String
    /// When it was decided.
    public var at: Date
    /// The event it came from (empty for open work counted at a month's end).
    public var sourceEvent: String
    /// Open work counted at a month's end, to be replaced by the final figure.
    public var provisional: Bool
    /// The month of the report that carries it as an amendment (its own month was final).
    public var amendedInto: String?
    /// What the amendment changes.
    public var amendment: String?

    /// A fact with every field; `provisional`, `amendedInto` and `amendment` default to a plain fact.
    public init(
        id: String, unit: UnitID, month: String, part: AssessmentPart, level: CustomerLevel, met: Bool? = nil, overrun: Int? = nil,
        duration: Int? = nil, reference: String, at: Date, sourceEvent: String, provisional: Bool = false, amendedInto: String? = nil,
        amendment: String? = nil
    ) {
        self.id = id
        self.unit = unit
        self.month = month
        self.part = part
        self.level = level
        self.met = met
        self.overrun = overrun
        self.duration = duration
        self.reference = reference
        self.at = at
        self.sourceEvent = sourceEvent
        self.provisional = provisional
        self.amendedInto = amendedInto
        self.amendment = amendment
    }

    /// Whether two facts say the same thing (ignoring where they came from).
    func sameFigures(as other: ReportFact) -> Bool {
        unit == other.unit && month == other.month && part == other.part && level == other.level && met == other.met
            && overrun == other.overrun && duration == other.duration && provisional == other.provisional
    }

    init(row: Row) throws {
        let partText: String = row["part"]
        let levelText: String = row["level"]
        guard let part = AssessmentPart(rawValue: partText), let level = CustomerLevel(rawValue: levelText) else {
            throw ReportingError(.unreadableState, "fact \(row["fact_id"] as String? ?? "?") has part '\(partText)' and level '\(levelText)'")
        }
        id = row["fact_id"]
        unit = UnitID(rawValue: row["unit"])
        month = row["month"]
        self.part = part
        self.level = level
        met = (row["met"] as Int?).map { $0 != 0 }
        overrun = row["overrun"]
        duration = row["duration"]
        reference = row["reference"]
        at = Date(timeIntervalSince1970: row["at"])
        sourceEvent = row["source_event"]
        provisional = (row["provisional"] as Int) != 0
        amendedInto = row["amended_into"]
        amendment = row["amendment"]
    }

    /// The fact `id`, if kept.
    static func load(_ id: String, _ db: Database) throws -> ReportFact? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM report_facts WHERE fact_id = ?"), arguments: [id]).map { try ReportFact(row: $0) }
    }

    /// The facts a unit's report of `month` counts (amendments to it are never counted: it was final).
    static func counted(unit: UnitID, month: String, _ db: Database) throws -> [ReportFact] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM report_facts WHERE unit = ? AND month = ? AND amended_into IS NULL ORDER BY fact_id"),
            arguments: [unit.rawValue, month]
        ).map { try ReportFact(row: $0) }
    }

    /// The amendments a unit's report of `month` carries.
    static func amendments(unit: UnitID, into month: String, _ db: Database) throws -> [ReportFact] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM report_facts WHERE unit = ? AND amended_into = ? ORDER BY fact_id"),
            arguments: [unit.rawValue, month]
        ).map { try ReportFact(row: $0) }
    }

    /// Writes the fact, replacing one with the same id.
    func save(_ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO report_facts
            (fact_id, unit, month, part, level, met, overrun, duration, reference, at, source_event, provisional, amended_into, amendment)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        ).execute(arguments: [
            id, unit.rawValue, month, part.rawValue, level.rawValue, met.map { $0 ? 1 : 0 }, overrun, duration, reference,
            at.timeIntervalSince1970, sourceEvent, provisional ? 1 : 0, amendedInto, amendment,
        ])
    }
}
