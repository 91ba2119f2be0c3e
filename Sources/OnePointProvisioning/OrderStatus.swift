import Foundation
import GRDB
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointRuntime
import OnePointState

/// Where one service order stands, as the provisioning worker's state says: for
/// `onepoint order show` and the demo driver `onepoint order play`.
public struct OrderStatus: Sendable {
    /// One work order of the order.
    public struct Leg: Sendable {
        public var workOrderId: String
        public var unit: UnitID
        public var role: OrderRoute.Role
        /// The work order's stage (``WorkOrderStage/preliminaryAcceptance`` once its point is accepted).
        public var stage: WorkOrderStage
        /// Whether its in-progress inspection (随工检查) passed.
        public var inspected: Bool
        /// Whether its own preliminary acceptance (the point's, 初验) passed.
        public var accepted: Bool
        /// The passed local test report, once filed.
        public var localReportId: String?
        public var localCompletion: Date?
        /// Whether this work order's clock is stopped now.
        public var clockStopped: Bool
    }

    public var orderId: String
    public var state: ServiceOrderState
    public var customer: CustomerReference
    public var serviceType: ServiceType
    public var scope: NetworkScope
    public var coordinator: UnitID
    public var endToEndReporter: UnitID
    /// The order-level stage (the slowest leg's while legs are in progress).
    public var stage: WorkOrderStage
    public var legs: [Leg]
    public var limit: String
    public var dispatchedAt: Date
    public var deadline: Date
    /// The years with no loaded calendar the deadline was counted through, on the provisional
    /// rule (DOMAIN.md §9); empty when the deadline is final.
    public var provisionalYears: [Int]
    /// Whether the deadline is provisional (``provisionalYears`` is not empty).
    public var isProvisional: Bool { !provisionalYears.isEmpty }
    /// What `onepoint order show` prints after a provisional deadline
    /// (`"provisional: no holiday notice loaded for 2027; …"`); `nil` when it is final.
    public var provisionalNote: String? { isProvisional ? CalendarYear.provisionalNote(years: provisionalYears) : nil }
    public var endToEndReportId: String?
    public var endToEndCompletedAt: Date?
    public var completedAt: Date?
    public var overdueOccurrences: Int
    public var acceptanceFailures: Int
    /// Working seconds left at `now` (negative once overdue); `nil` once the clock has stopped
    /// for good (end-to-end completion) or while a clock stop is open.
    public var remainingWorkingSeconds: Int?

    /// Reads order `orderId` from the provisioning worker's state file, read-only (the worker
    /// may be running: SQLite's WAL lets both work).
    ///
    /// - Returns: `nil` when the worker has no such order (never submitted, or rejected).
    /// - Throws: when the state file cannot be opened or read.
    public static func load(statePath: String, orderId: String, configuration: DomainConfiguration, now: Date) throws -> OrderStatus? {
        try load(statePaths: [statePath], orderId: orderId, configuration: configuration, now: now)
    }

    /// Reads order `orderId` from whichever of the worker's stores holds it (its single store,
    /// or the task stores of a worker with a task per partition), read-only.
    public static func load(statePaths: [String], orderId: String, configuration: DomainConfiguration, now: Date) throws -> OrderStatus? {
        let stores = try ReadOnlyStores(paths: statePaths)
        // The deadline as the worker counts it: on the calendar in force in its state (years
        // loaded with `onepoint calendar load` win over calendar.yaml).
        let loaded = LoadedCalendar(configured: configuration.calendar, table: ProvisioningLogic.calendarTable)
        guard let (record, calendar) = try stores.first({ db -> (ProvisioningOrder, WorkingCalendar)? in
            guard let record = try ProvisioningTables.order(db, id: orderId) else { return nil }
            return (record, try loaded.calendar(readingStateOf: db))
        }) else { return nil }
        let clock = WorkingClock(calendar: calendar, hours: configuration.hours)
        let deadline = try clock.deadline(for: record.limit, start: record.dispatchedAt, pauses: record.pauses)
        var remaining: Int?
        if record.endToEndCompletedAt == nil && !record.isClockStopped && !record.state.isFinal {
            remaining = try? clock.remainingSeconds(for: record.limit, start: record.dispatchedAt, at: now, pauses: record.pauses)
        }
        return OrderStatus(
            orderId: record.order.id, state: record.state, customer: record.order.customer, serviceType: record.order.serviceType,
            scope: record.route.scope, coordinator: record.route.coordinator, endToEndReporter: record.route.endToEndReporter, stage: record.stage,
            legs: record.legs.map { leg in
                Leg(
                    workOrderId: leg.workOrderId, unit: leg.unit, role: leg.role, stage: leg.shownStage, inspected: leg.acceptance.isInspected,
                    accepted: leg.acceptance.isAccepted, localReportId: leg.localReportId,
                    localCompletion: leg.milestones.localCompletion,
                    clockStopped: record.clockStops.contains { $0.workOrderId == leg.workOrderId && $0.end == nil })
            },
            limit: record.limit.description, dispatchedAt: record.dispatchedAt, deadline: deadline,
            provisionalYears: try clock.provisionalYears(from: record.dispatchedAt, to: deadline), endToEndReportId: record.endToEndReportId,
            endToEndCompletedAt: record.endToEndCompletedAt, completedAt: record.completedAt, overdueOccurrences: record.overdue.occurrences,
            acceptanceFailures: record.acceptanceFailures, remainingWorkingSeconds: remaining)
    }

    /// The ids of every order the worker's stores hold, sorted.
    public static func orderIDs(statePaths: [String]) throws -> [String] {
        try ReadOnlyStores(paths: statePaths).each { db in try ProvisioningTables.orderIDs(db) }.joined().sorted()
    }

    /// Working time as people say it: `"3 working days 2 h 15 min"`, `"-1 h 30 min"`, with
    /// `workingDay` seconds to a working day (8 h by default hours).
    public static func describe(workingSeconds seconds: Int, workingDay: Int) -> String {
        let sign = seconds < 0 ? "-" : ""
        let dayMinutes = max(workingDay / 60, 1)
        var rest = abs(seconds) / 60
        let days = rest / dayMinutes
        rest %= dayMinutes
        var parts: [String] = []
        if days > 0 { parts.append("\(days) working \(days == 1 ? "day" : "days")") }
        if rest / 60 > 0 { parts.append("\(rest / 60) h") }
        if rest % 60 > 0 || parts.isEmpty { parts.append("\(rest % 60) min") }
        return sign + parts.joined(separator: " ")
    }
}
