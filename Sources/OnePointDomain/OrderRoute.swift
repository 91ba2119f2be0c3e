/// How one service order splits across units: who coordinates and which units must act
/// (DOMAIN.md §1, §5). Made by ``Topology/route(accessPoints:initiator:policy:)``.
public struct OrderRoute: Sendable, Codable, Equatable {
    /// What one unit must do for the order.
    public enum Role: String, Sendable, Codable, CaseIterable {
        /// A city's local access: build, configure and test its access points.
        case access
        /// A province's in-province backbone between its cities (or to the trunk).
        case provincialBackbone
        /// HQ's inter-province trunk.
        case interProvincialTrunk
    }

    /// One unit's share of the order: a work order dispatched to that unit.
    public struct Leg: Sendable, Codable, Equatable, Hashable {
        /// The unit that must act.
        public var unit: UnitID
        /// What it must do.
        public var role: Role

        public init(unit: UnitID, role: Role) {
            self.unit = unit
            self.role = role
        }
    }

    /// How far the order reaches.
    public var scope: NetworkScope
    /// The unit where the customer's requirement was raised.
    public var initiator: UnitID
    /// The coordinating party (主调方): tracks every leg and owns problems met during provisioning.
    public var coordinator: UnitID
    /// The unit that files the end-to-end test report: the access city of a local order, the
    /// province of a cross-city order, HQ (assembling the provinces' reports) for a cross-province one.
    public var endToEndReporter: UnitID
    /// The units that must act: HQ first, then provinces, then cities, each sorted by id.
    public var legs: [Leg]

    /// Whether the business spans more than one unit (跨域), i.e. has more than one leg.
    public var isCrossDomain: Bool { legs.count > 1 }

    public init(scope: NetworkScope, initiator: UnitID, coordinator: UnitID, endToEndReporter: UnitID, legs: [Leg]) {
        self.scope = scope
        self.initiator = initiator
        self.coordinator = coordinator
        self.endToEndReporter = endToEndReporter
        self.legs = legs
    }
}
