/// Why a fault happened, as the handling unit records it when it resolves a ticket (DOMAIN.md
/// §6.1, default categories). Only faults in equipment the operator manages count against the
/// restoration limit and in repeated-fault detection; a fault whose cause is unstated is the
/// operator's.
public enum FaultCause: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The operator's equipment (设备).
    case operatorEquipment
    /// The operator's line plant (线路).
    case operatorLine
    /// The customer's equipment.
    case customerEquipment
    /// The customer's premises or power.
    case customerPremisesOrPower
    /// A third party outside the operator's plant (construction, theft).
    case thirdParty
    /// Force majeure (natural disaster).
    case forceMajeure

    /// Who is responsible for a fault of this cause.
    public var responsibility: FaultResponsibility {
        switch self {
        case .operatorEquipment, .operatorLine: .operator
        case .customerEquipment, .customerPremisesOrPower: .customer
        case .thirdParty: .thirdParty
        case .forceMajeure: .forceMajeure
        }
    }

    public var description: String { rawValue }
}

/// Who answers for a fault (DOMAIN.md §6.1). Only the operator's faults get a restoration verdict.
public enum FaultResponsibility: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The operator: measured against the restoration limit, counted as a repeated fault.
    case `operator`
    /// The customer: closed without a restoration verdict.
    case customer
    /// A third party outside the operator's plant: closed without a restoration verdict.
    case thirdParty
    /// Force majeure: closed without a restoration verdict.
    case forceMajeure

    /// Whether faults of this responsibility are measured against the restoration limit.
    public var isMeasured: Bool { self == .operator }

    /// The responsibility of a fault whose cause is `cause` (unstated: the operator's).
    public init(cause: FaultCause?) { self = cause?.responsibility ?? .operator }

    public var description: String { rawValue }
}
