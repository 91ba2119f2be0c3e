import Foundation
import OnePointDomain

/// A declared key-communication-assurance period (重要通信保障, 重保), e.g. with
/// `onepoint assurance declare`: event ``EventType/assurancePeriodCreate`` on
/// `assurance-periods`. During it the covered customers' faults are handled at Key level.
public struct AssurancePeriod: EventPayload {
    /// The period's id, e.g. `"AP-2026-NATIONAL-DAY"`.
    public var periodId: String
    /// What it is for, e.g. `"国庆保障 National Day"`.
    public var name: String
    /// The units covered (with their children).
    public var units: [UnitID]
    /// The customers covered, by id.
    public var customerIds: [String]
    /// When it starts.
    public var from: Date
    /// When it ends (a summary of its faults follows).
    public var to: Date
    /// Who declared it.
    public var declaredBy: String

    public init(periodId: String, name: String, units: [UnitID], customerIds: [String], from: Date, to: Date, declaredBy: String) {
        self.periodId = periodId
        self.name = name
        self.units = units
        self.customerIds = customerIds
        self.from = from
        self.to = to
        self.declaredBy = declaredBy
    }

    /// The period id.
    public var kafkaKey: String { periodId }
}
