import Foundation
import OnePointDomain

/// The faults of a key-assurance period, emitted when it ends so the plan can be archived:
/// event ``EventType/assurancePeriodSummary`` on `notifications`.
public struct AssurancePeriodSummary: EventPayload {
    /// The period.
    public var periodId: String
    /// Its name.
    public var name: String
    /// When it started.
    public var from: Date
    /// When it ended.
    public var to: Date
    /// Tickets opened during it for covered customers.
    public var ticketIds: [String]
    /// How many of those were restored within the Key limit.
    public var restoredInTime: Int
    /// The longest restoration, minutes (0 when there was no fault).
    public var longestRestorationMinutes: Int

    public init(
        periodId: String, name: String, from: Date, to: Date, ticketIds: [String], restoredInTime: Int, longestRestorationMinutes: Int
    ) {
        self.periodId = periodId
        self.name = name
        self.from = from
        self.to = to
        self.ticketIds = ticketIds
        self.restoredInTime = restoredInTime
        self.longestRestorationMinutes = longestRestorationMinutes
    }

    /// The period id.
    public var kafkaKey: String { periodId }
}
