import Foundation
import OnePointDomain

/// The owning unit revises a cutover plan: a new window (after a customer disagreed, or its own
/// reasons), a new expected interruption, more elements or circuits. Event
/// ``EventType/cutoverPlanAttributeValueChange`` on `cutover-plans`. The worker decides the plan
/// again as if submitted now: fresh notices, lead counted against the new window, supersede the
/// old ones, and the planned-outage window moves.
public struct CutoverRevision: EventPayload {
    /// The cutover.
    public var cutoverId: String
    /// The unit revising it (the plan's unit).
    public var unit: UnitID
    /// Why it is revised (for the record and the new letters).
    public var reason: String
    /// The new window's start; absent keeps the window.
    public var windowStart: Date?
    /// The new window's end; absent keeps the window.
    public var windowEnd: Date?
    /// The new expected interruption, minutes; absent keeps it.
    public var expectedInterruptionMinutes: Int?
    /// Elements (or `<element>/<port>`, fibre sections) added to the plan.
    public var addElementIds: [String]?
    /// Circuits added to the plan.
    public var addCircuitIds: [String]?
    /// Who revised it.
    public var revisedBy: String
    /// When.
    public var revisedAt: Date

    public init(
        cutoverId: String, unit: UnitID, reason: String, windowStart: Date? = nil, windowEnd: Date? = nil,
        expectedInterruptionMinutes: Int? = nil, addElementIds: [String]? = nil, addCircuitIds: [String]? = nil, revisedBy: String,
        revisedAt: Date
    ) {
        self.cutoverId = cutoverId
        self.unit = unit
        self.reason = reason
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.expectedInterruptionMinutes = expectedInterruptionMinutes
        self.addElementIds = addElementIds
        self.addCircuitIds = addCircuitIds
        self.revisedBy = revisedBy
        self.revisedAt = revisedAt
    }

    /// The cutover id.
    public var kafkaKey: String { cutoverId }
    /// The revising unit.
    public var addressedUnit: UnitID? { unit }
    /// The unit that sends it: `event.unit`.
    public var actingUnit: UnitID? { unit }
}
