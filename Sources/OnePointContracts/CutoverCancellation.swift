import Foundation
import OnePointDomain

/// The owning unit calls a cutover off before it runs: event ``EventType/cutoverPlanCancel`` on
/// `cutover-plans`. The planned-outage window is cancelled, timers stop, the plan closes.
public struct CutoverCancellation: EventPayload {
    /// The cutover.
    public var cutoverId: String
    /// The unit cancelling it (the plan's unit).
    public var unit: UnitID
    /// Why.
    public var reason: String
    /// Who cancelled it.
    public var cancelledBy: String
    /// When.
    public var at: Date

    public init(cutoverId: String, unit: UnitID, reason: String, cancelledBy: String, at: Date) {
        self.cutoverId = cutoverId
        self.unit = unit
        self.reason = reason
        self.cancelledBy = cancelledBy
        self.at = at
    }

    /// The cutover id.
    public var kafkaKey: String { cutoverId }
    /// The cancelling unit.
    public var addressedUnit: UnitID? { unit }
    /// The unit that sends it: `event.unit`.
    public var actingUnit: UnitID? { unit }
}
