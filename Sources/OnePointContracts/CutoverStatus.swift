import Foundation
import OnePointDomain

/// A cutover plan's state changed: event ``EventType/cutoverStateChange`` on `cutover-notices`,
/// emitted by the cutover worker on renegotiation, execution, closure and cancellation (approval
/// and refusal have their own events).
public struct CutoverStatus: EventPayload {
    /// The cutover.
    public var cutoverId: String
    /// The owning unit.
    public var unit: UnitID
    /// The new state.
    public var state: CutoverState
    /// The state before.
    public var previousState: CutoverState
    /// The plan's revision (1 as submitted, +1 per revision).
    public var revision: Int
    /// The current window's start.
    public var windowStart: Date
    /// The current window's end.
    public var windowEnd: Date
    /// Why, for people.
    public var reason: String
    /// What the plan waits for next, for people (absent once closed).
    public var awaiting: String?
    /// The real interruption, minutes (closure only).
    public var actualInterruptionMinutes: Int?
    /// Minutes beyond the announced interruption (closure only; 0 when within it).
    public var interruptionOverrunMinutes: Int?
    /// When.
    public var at: Date

    public init(
        cutoverId: String, unit: UnitID, state: CutoverState, previousState: CutoverState, revision: Int, windowStart: Date, windowEnd: Date,
        reason: String, awaiting: String? = nil, actualInterruptionMinutes: Int? = nil, interruptionOverrunMinutes: Int? = nil, at: Date
    ) {
        self.cutoverId = cutoverId
        self.unit = unit
        self.state = state
        self.previousState = previousState
        self.revision = revision
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.reason = reason
        self.awaiting = awaiting
        self.actualInterruptionMinutes = actualInterruptionMinutes
        self.interruptionOverrunMinutes = interruptionOverrunMinutes
        self.at = at
    }

    /// The cutover id.
    public var kafkaKey: String { cutoverId }
    /// The owning unit.
    public var addressedUnit: UnitID? { unit }
}
