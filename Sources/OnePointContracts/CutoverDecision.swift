import Foundation
import OnePointDomain

/// The cutover worker approved or rejected a plan: events ``EventType/cutoverApproved`` and
/// ``EventType/cutoverRejected`` on `cutover-notices`. A plan is rejected when a notice cannot
/// reach a customer in time, or a customer disagreed and no new window was agreed.
public struct CutoverDecision: EventPayload {
    /// The cutover.
    public var cutoverId: String
    /// The unit that submitted it.
    public var unit: UnitID
    /// The longest lead required among the affected customers, working days (absent for an
    /// emergency).
    public var requiredWorkingDays: Int?
    /// The latest day the notices can go out.
    public var latestSendDate: CivilDate
    /// Customers affected.
    public var affectedCustomers: Int
    /// Circuits affected.
    public var affectedCircuits: Int
    /// Why it was rejected (empty when approved).
    public var problems: [String]
    /// When it was decided.
    public var at: Date

    public init(
        cutoverId: String, unit: UnitID, requiredWorkingDays: Int?, latestSendDate: CivilDate, affectedCustomers: Int,
        affectedCircuits: Int, problems: [String] = [], at: Date
    ) {
        self.cutoverId = cutoverId
        self.unit = unit
        self.requiredWorkingDays = requiredWorkingDays
        self.latestSendDate = latestSendDate
        self.affectedCustomers = affectedCustomers
        self.affectedCircuits = affectedCircuits
        self.problems = problems
        self.at = at
    }

    /// The cutover id.
    public var kafkaKey: String { cutoverId }
    /// The submitting unit.
    public var addressedUnit: UnitID? { unit }
}
