import Foundation
import OnePointDomain

/// The owning unit reports how a cutover ran: event ``EventType/cutoverExecutionReport`` on
/// `cutover-plans`. `completed` and `rolledBack` close the plan with the real interruption; an
/// interruption longer than announced is recorded, and counts as a late notice for every
/// affected customer (DOMAIN.md §6.2).
public struct CutoverExecutionReport: EventPayload {
    /// What happened.
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        /// The work started.
        case started
        /// The work is done.
        case completed
        /// The work was undone.
        case rolledBack
    }

    /// The cutover.
    public var cutoverId: String
    /// The unit reporting (the plan's unit).
    public var unit: UnitID
    /// What happened.
    public var outcome: Outcome
    /// The real interruption of customers' service, minutes (required with `completed` and
    /// `rolledBack`).
    public var actualInterruptionMinutes: Int?
    /// Anything worth keeping.
    public var note: String?
    /// Who reports.
    public var reportedBy: String
    /// When it happened.
    public var at: Date

    public init(
        cutoverId: String, unit: UnitID, outcome: Outcome, actualInterruptionMinutes: Int? = nil, note: String? = nil, reportedBy: String,
        at: Date
    ) {
        self.cutoverId = cutoverId
        self.unit = unit
        self.outcome = outcome
        self.actualInterruptionMinutes = actualInterruptionMinutes
        self.note = note
        self.reportedBy = reportedBy
        self.at = at
    }

    /// The cutover id.
    public var kafkaKey: String { cutoverId }
    /// The reporting unit.
    public var addressedUnit: UnitID? { unit }
    /// The unit that sends it: `event.unit`.
    public var actingUnit: UnitID? { unit }
}
