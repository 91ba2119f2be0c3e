import Foundation
import OnePointDomain

/// A circuit failed more often than configured within a period (故障重复发生; problem
/// management): event ``EventType/repeatedFaultDetected`` on `tickets`, keyed by the latest
/// ticket. It counts against network quality.
public struct RepeatedFault: EventPayload {
    /// The circuit.
    public var circuitId: String
    /// Its customer.
    public var customerId: String
    /// The unit that owns the circuit's fault handling.
    public var unit: UnitID
    /// Faults in the period, this one included.
    public var faultCount: Int
    /// The period's length, days.
    public var periodDays: Int
    /// The tickets counted, oldest first; the last is the one that crossed the threshold.
    public var ticketIds: [String]
    /// When it was detected.
    public var at: Date

    public init(circuitId: String, customerId: String, unit: UnitID, faultCount: Int, periodDays: Int, ticketIds: [String], at: Date) {
        self.circuitId = circuitId
        self.customerId = customerId
        self.unit = unit
        self.faultCount = faultCount
        self.periodDays = periodDays
        self.ticketIds = ticketIds
        self.at = at
    }

    /// The latest ticket id (the circuit id when there is none).
    public var kafkaKey: String { ticketIds.last ?? circuitId }
    /// The unit.
    public var addressedUnit: UnitID? { unit }
}
