/// Who a warning or escalation step notifies, abstractly; resolving a target to a unit is done
/// with the topology elsewhere.
public enum EscalationTarget: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The coordinating party (主调方) of a provisioning order.
    case coordinatingParty
    /// The duty lead of the unit handling the work.
    case dutyLead
    /// The parent unit of the unit handling the work.
    case parentUnit
    /// The unit above the parent (the grandparent), capped at HQ.
    case unitAbove
    /// HQ leadership.
    case hqLeadership

    public var description: String { rawValue }
}
