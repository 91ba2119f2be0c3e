import Foundation
import OnePointDomain

/// One unit's share of a service order (a leg, 工单): events ``EventType/workOrderCreate``
/// (dispatched) and ``EventType/workOrderStateChange`` (stage, milestones, clock or deadline
/// changed) on `work-orders`, keyed by the work-order id and addressed to its unit.
public struct WorkOrder: EventPayload {
    /// When each milestone of the test and completion flow was reached (DOMAIN.md §5).
    public struct Milestones: Sendable, Codable, Equatable, Hashable {
        /// Local test report accepted.
        public var localTest: Date?
        /// Local completion (本地竣工).
        public var localCompletion: Date?
        /// End-to-end test (全程测试) report accepted.
        public var endToEndTest: Date?
        /// End-to-end completion (全程竣工).
        public var endToEndCompletion: Date?

        public init(localTest: Date? = nil, localCompletion: Date? = nil, endToEndTest: Date? = nil, endToEndCompletion: Date? = nil) {
            self.localTest = localTest
            self.localCompletion = localCompletion
            self.endToEndTest = endToEndTest
            self.endToEndCompletion = endToEndCompletion
        }
    }

    /// A clock stop (暂停计时) on the work order; open while ``end`` is absent.
    public struct ClockStop: Sendable, Codable, Equatable, Hashable {
        /// Why the clock stopped.
        public var reason: ClockStopReason
        /// When it stopped.
        public var start: Date
        /// When it started again; absent while stopped.
        public var end: Date?

        public init(reason: ClockStopReason, start: Date, end: Date? = nil) {
            self.reason = reason
            self.start = start
            self.end = end
        }
    }

    /// The work-order id, e.g. `"SO-2026-1120-0001/GD-GZ"`.
    public var id: String
    /// The service order it belongs to.
    public var orderId: String
    /// The unit that must act.
    public var unit: UnitID
    /// What it must do: city access, provincial backbone or inter-province trunk.
    public var role: OrderRoute.Role
    /// The coordinating party (主调方) it reports to.
    public var coordinator: UnitID
    /// The customer and its level.
    public var customer: CustomerReference
    /// The service type.
    public var serviceType: ServiceType
    /// The bandwidth, kbit/s.
    public var bandwidthKbps: Int
    /// The access points this unit builds (none for a backbone or trunk leg).
    public var accessPoints: [AccessPoint]
    /// The current stage.
    public var stage: WorkOrderStage
    /// Milestones reached so far.
    public var milestones: Milestones
    /// When the work order was dispatched (the provisioning clock starts).
    public var dispatchedAt: Date
    /// The limit applied, for people: `"9 working days"`, `"13 working days"`.
    public var limit: String
    /// When the work is due, clock stops and accepted delays included.
    public var deadline: Date
    /// `true` when the deadline was counted through a year whose holiday notice is not loaded,
    /// on the provisional calendar (DOMAIN.md §9: Monday to Friday except Jan 1, May 1–2 and
    /// Oct 1–3); absent when every year it reaches is loaded. Added in this event type's next
    /// schema version.
    public var provisional: Bool? = nil
    /// Clock stops so far, the open one last.
    public var clockStops: [ClockStop]
    /// Times preliminary acceptance failed and returned the work to engineering.
    public var acceptanceFailures: Int

    public init(
        id: String, orderId: String, unit: UnitID, role: OrderRoute.Role, coordinator: UnitID, customer: CustomerReference,
        serviceType: ServiceType, bandwidthKbps: Int, accessPoints: [AccessPoint], stage: WorkOrderStage = .resourceDispatch,
        milestones: Milestones = Milestones(), dispatchedAt: Date, limit: String, deadline: Date, clockStops: [ClockStop] = [],
        acceptanceFailures: Int = 0
    ) {
        self.id = id
        self.orderId = orderId
        self.unit = unit
        self.role = role
        self.coordinator = coordinator
        self.customer = customer
        self.serviceType = serviceType
        self.bandwidthKbps = bandwidthKbps
        self.accessPoints = accessPoints
        self.stage = stage
        self.milestones = milestones
        self.dispatchedAt = dispatchedAt
        self.limit = limit
        self.deadline = deadline
        self.clockStops = clockStops
        self.acceptanceFailures = acceptanceFailures
    }

    /// The work-order id.
    public var kafkaKey: String { id }
    /// The unit that must act.
    public var addressedUnit: UnitID? { unit }
}
