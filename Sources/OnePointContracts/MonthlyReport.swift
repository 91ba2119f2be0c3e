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

    public init(
        unit: UnitID, month: String, dueDate: CivilDate, provisioning: Rate, acceptance: Rate, faults: [FaultCount], cutoverNotices: Rate,
        notableCases: [String] = [], problems: [String] = [], nextMonthPlan: [String] = [], scorecard: Scorecard, generatedAt: Date
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
    }

    /// `unit:month`, e.g. `GD-GZ:2026-11`.
    public var kafkaKey: String { "\(unit):\(month)" }
    /// The unit reported on.
    public var addressedUnit: UnitID? { unit }
}
