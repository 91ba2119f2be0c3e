/// Why a limit's clock stops (DOMAIN.md §5): time lost to the customer, and time to build
/// missing resources.
public enum ClockStopReason: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The customer's machine room is not ready.
    case machineRoomNotReady
    /// The customer's equipment has not been delivered.
    case customerEquipmentNotDelivered
    /// The customer's building is not ready.
    case buildingNotReady
    /// Property management denies access.
    case propertyAccessDenied
    /// The customer asked to move the date.
    case customerRequestedDateChange
    /// The customer changed the service type.
    case customerChangedServiceType
    /// Missing resources are being built (project approval and construction); outside the
    /// limit, but not a customer cause.
    case resourceConstruction

    /// Whether the cause lies with the customer (only these justify a delay application).
    public var isCustomerCause: Bool { self != .resourceConstruction }

    public var description: String { rawValue }
}
