import Foundation
import OnePointContracts
import OnePointDomain

/// Everything the provisioning worker knows of one service order: its legs, where each stands,
/// its clock and what has been decided. Stored as one JSON row per order (`prov_orders`), read and
/// written inside the runtime's transaction.
struct ProvisioningOrder: Codable, Sendable, Equatable {
    /// One unit's work order.
    struct Leg: Codable, Sendable, Equatable {
        var workOrderId: String
        var unit: UnitID
        var role: OrderRoute.Role
        var accessPoints: [AccessPoint]
        var progress: WorkOrderProgress
        var milestones: WorkOrder.Milestones
        /// The id of the passed local test report, once there is one.
        var localReportId: String?
        /// When data configuration started, and how many minutes it started late.
        var dataConfigurationStartedAt: Date?
        var dataConfigurationLateMinutes: Int?
        /// The leg's in-progress inspection and point acceptance (absent in rows stored before
        /// acceptance ran point by point: nothing passed yet).
        var pointAcceptance: LegAcceptance?

        /// The leg's in-progress inspection and point acceptance (DOMAIN.md §5).
        var acceptance: LegAcceptance {
            get { pointAcceptance ?? LegAcceptance() }
            set { pointAcceptance = newValue }
        }

        /// The stage the work order shows: ``WorkOrderStage/preliminaryAcceptance`` once its
        /// point has been accepted, its own progress otherwise.
        var shownStage: WorkOrderStage { acceptance.isAccepted ? .preliminaryAcceptance : progress.stage }
    }

    /// A clock stop on one of the order's work orders; the order's clock stops with it.
    struct ClockStop: Codable, Sendable, Equatable {
        var workOrderId: String
        var reason: ClockStopReason
        var start: Date
        var end: Date?
    }

    /// The service order as submitted.
    var order: ServiceOrder
    var route: OrderRoute
    var legs: [Leg]
    /// TMF641 state of the order.
    var state: ServiceOrderState
    /// The order-level stage once every leg has completed locally (end-to-end test onwards);
    /// `nil` while legs are still in progress.
    var orderProgress: WorkOrderProgress?
    /// When the work orders were dispatched: the provisioning clock starts.
    var dispatchedAt: Date
    /// The limit from the SLA table (levels and access points), in half working days.
    var baseHalfDays: Int
    /// Half working days granted by accepted delay applications.
    var grantedHalfDays: Int
    var clockStops: [ClockStop]
    /// Ladder steps already fired, by percent.
    var firedSteps: [Int]
    var overdue: OverdueTally
    /// Preliminary acceptance failures (the work went back to engineering).
    var acceptanceFailures: Int
    /// Whether the first preliminary acceptance was already scored.
    var acceptanceScored: Bool
    var endToEndReportId: String?
    /// End-to-end completion (全程竣工): the provisioning clock stops here.
    var endToEndCompletedAt: Date?
    var completedAt: Date?
    var circuitId: String
    /// Progress feedbacks sent to the customer manager so far (absent in rows stored before).
    var feedbackSent: Int?

    /// The limit in force.
    var limit: Limit { .workingHalfDays(baseHalfDays + grantedHalfDays) }

    /// Closed clock stops, as pauses of the working clock.
    var pauses: [Pause] {
        clockStops.compactMap { stop in stop.end.flatMap { end in try? Pause(start: stop.start, end: end) } }
    }

    /// Clock stops up to `instant`, an open one as if it ended then (for the time on the clock
    /// at `instant`).
    func pauses(upTo instant: Date) -> [Pause] {
        clockStops.compactMap { stop in
            let end = min(stop.end ?? instant, instant)
            return end > stop.start ? try? Pause(start: stop.start, end: end) : nil
        }
    }

    /// Whether a clock stop is open (the deadline is not known until it ends).
    var isClockStopped: Bool { clockStops.contains { $0.end == nil } }

    func leg(_ workOrderId: String) -> Leg? { legs.first { $0.workOrderId == workOrderId } }

    func legIndex(_ workOrderId: String) -> Int? { legs.firstIndex { $0.workOrderId == workOrderId } }

    /// Units whose legs have not completed locally.
    var openUnits: [UnitID] { legs.filter { $0.milestones.localCompletion == nil }.map(\.unit) }

    /// The stage to show for the whole order.
    var stage: WorkOrderStage {
        if let orderProgress { return orderProgress.stage }
        return legs.map(\.progress.stage).min { WorkOrderStage.allCases.firstIndex(of: $0) ?? 0 < WorkOrderStage.allCases.firstIndex(of: $1) ?? 0 }
            ?? .resourceDispatch
    }
}

/// A pre-sale resource check being worked on.
struct ResourceCheck: Codable, Sendable, Equatable {
    var request: ResourceCheckRequest
    var limit: Limit
    var deadline: Date
    var answeredAt: Date?
    var overrunMinutes: Int?
}
