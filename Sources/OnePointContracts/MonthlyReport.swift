import Foundation
import OnePointDomain

/// A unit's monthly operation analysis report (月度运行分析报告) for the previous month, due by
/// the 5th: event ``EventType/monthlyReport`` on `reports`, keyed `unit:month`.
public struct MonthlyReport: EventPayload {
    /// How many cases met their target, out of how many.
    public struct Rate: Sendable, Codable, Equatable, Hashable {
        /// Cases that met the target.
        public var met: Int
        /// All cases.
        public var total: Int

        public init(met: Int, total: Int) {
            self.met = met
            self.total = total
        }
    }

    /// Faults of one customer level.
    public struct FaultCount: Sendable, Codable, Equatable, Hashable {
        /// The level.
        public var level: CustomerLevel
        /// Faults restored in the month.
        public var faults: Int
        /// Of those, restored within the limit.
        public var restoredInTime: Int

        public init(level: CustomerLevel, faults: Int, restoredInTime: Int) {
            self.level = level
            self.faults = faults
            self.restoredInTime = restoredInTime
        }
    }

    /// Where a report stands (version 2).
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Drafted at the month's end; revised while late facts for the month arrive.
        case draft
        /// Final at its due time (18:00 on the 5th); later facts are amendments in a later report.
        case final
    }

    /// A fact for an earlier month whose report was already final, carried in this report
    /// (version 2).
    public struct Amendment: Sendable, Codable, Equatable, Hashable {
        /// The month the fact belongs to, `YYYY-MM`.
        public var month: String
        /// The fact's id (e.g. `provisioningOnTime:SO-1`).
        public var factId: String
        /// The part it scores in.
        public var part: AssessmentPart
        /// What it changes, for people (e.g. `provisioningOnTime 10 → 6; total 85 → 81`).
        public var summary: String

        public init(month: String, factId: String, part: AssessmentPart, summary: String) {
            self.month = month
            self.factId = factId
            self.part = part
            self.summary = summary
        }
    }

    /// One row of a province's or HQ's table of the units below it (version 2).
    public struct UnitScore: Sendable, Codable, Equatable, Hashable {
        /// The unit.
        public var unit: UnitID
        /// Its total for the month.
        public var total: ScorePoints
        /// The most it could score (parts not measured left out).
        public var maximum: ScorePoints

        public init(unit: UnitID, total: ScorePoints, maximum: ScorePoints) {
            self.unit = unit
            self.total = total
            self.maximum = maximum
        }
    }

    /// The unit.
    public var unit: UnitID
    /// The month reported, `YYYY-MM`.
    public var month: String
    /// The day it is due (the 5th of the next month).
    public var dueDate: CivilDate
    /// Orders completed, and on time.
    public var provisioning: Rate
    /// Preliminary acceptances, and passed first time.
    public var acceptance: Rate
    /// Faults by level.
    public var faults: [FaultCount]
    /// Cutover notices sent, and in time.
    public var cutoverNotices: Rate
    /// Notable cases, for people.
    public var notableCases: [String]
    /// Problems met.
    public var problems: [String]
    /// Next month's plan.
    public var nextMonthPlan: [String]
    /// The month's assessment.
    public var scorecard: Scorecard
    /// When the report was made.
    public var generatedAt: Date
    /// Draft or final (version 2; absent in version 1).
    public var status: Status?
    /// 1 for the draft at the month's end, one more for each revision by a late fact (version 2).
    public var revision: Int?
    /// What changed since the previous revision, for people (version 2).
    public var changes: [String]?
    /// Facts for earlier months that arrived after their report was final (version 2).
    public var amendments: [Amendment]?
    /// For a province or HQ: every unit below it, with its score (version 2).
    public var descendants: [UnitScore]?

    public init(
        unit: UnitID, month: String, dueDate: CivilDate, provisioning: Rate, acceptance: Rate, faults: [FaultCount], cutoverNotices: Rate,
        notableCases: [String] = [], problems: [String] = [], nextMonthPlan: [String] = [], scorecard: Scorecard, generatedAt: Date,
        status: Status? = nil, revision: Int? = nil, changes: [String]? = nil, amendments: [Amendment]? = nil, descendants: [UnitScore]? = nil
    ) {
        self.unit = unit
        self.month = month
        self.dueDate = dueDate
        self.provisioning = provisioning
        self.acceptance = acceptance
        self.faults = faults
        self.cutoverNotices = cutoverNotices
        self.notableCases = notableCases
        self.problems = problems
        self.nextMonthPlan = nextMonthPlan
        self.scorecard = scorecard
        self.generatedAt = generatedAt
        self.status = status
        self.revision = revision
        self.changes = changes
        self.amendments = amendments
        self.descendants = descendants
    }

    /// `unit:month`, e.g. `GD-GZ:2026-11`.
    public var kafkaKey: String { "\(unit):\(month)" }
    /// The unit reported on.
    public var addressedUnit: UnitID? { unit }
}
