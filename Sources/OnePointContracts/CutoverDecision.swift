import Foundation
import OnePointDomain

/// The cutover worker approved or rejected a plan: events ``EventType/cutoverApproved`` and
/// ``EventType/cutoverRejected`` on `cutover-notices`. A plan is rejected when a notice cannot
/// reach a customer in time, the unit does not own the network, or the window meets a
/// key-assurance period.
///
/// Schema version 2 added ``revision``, ``windowStart``, ``windowEnd``, ``earliestWindowStart``
/// and ``noticeIds``; all optional, so a version 1 decision still reads.
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
    /// `true` when the notice lead (latest send date) was counted through a year whose holiday notice is not loaded,
    /// on the provisional calendar (DOMAIN.md §9: Monday to Friday except Jan 1, May 1–2 and
    /// Oct 1–3); absent when every year it reaches is loaded. Added in this event type's next
    /// schema version.
    public var provisional: Bool? = nil
    /// Customers affected.
    public var affectedCustomers: Int
    /// Circuits affected.
    public var affectedCircuits: Int
    /// Why it was rejected (empty when approved).
    public var problems: [String]
    /// When it was decided.
    public var at: Date
    /// The plan revision decided: 1 as submitted (v2).
    public var revision: Int?
    /// The window decided on: start (v2).
    public var windowStart: Date?
    /// The window decided on: end (v2).
    public var windowEnd: Date?
    /// For a plan refused as too late: the earliest window start that would be in time (v2).
    public var earliestWindowStart: Date?
    /// For an approval: the notices sent, one per affected customer (v2).
    public var noticeIds: [String]?

    public init(
        cutoverId: String, unit: UnitID, requiredWorkingDays: Int?, latestSendDate: CivilDate, affectedCustomers: Int,
        affectedCircuits: Int, problems: [String] = [], at: Date, revision: Int? = nil, windowStart: Date? = nil, windowEnd: Date? = nil,
        earliestWindowStart: Date? = nil, noticeIds: [String]? = nil
    ) {
        self.cutoverId = cutoverId
        self.unit = unit
        self.requiredWorkingDays = requiredWorkingDays
        self.latestSendDate = latestSendDate
        self.affectedCustomers = affectedCustomers
        self.affectedCircuits = affectedCircuits
        self.problems = problems
        self.at = at
        self.revision = revision
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.earliestWindowStart = earliestWindowStart
        self.noticeIds = noticeIds
    }

    /// The cutover id.
    public var kafkaKey: String { cutoverId }
    /// The submitting unit.
    public var addressedUnit: UnitID? { unit }
}
