/// The business entity a notification is about.
public struct EntityReference: Sendable, Codable, Equatable, Hashable {
    /// What kind of entity.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A service order (业务开通).
        case serviceOrder
        /// One unit's work order of a service order.
        case workOrder
        /// A pre-sale resource check (资源核查).
        case resourceCheck
        /// A fault ticket (故障工单).
        case troubleTicket
        /// A cutover (割接).
        case cutover
        /// A key-assurance period (重保).
        case assurancePeriod
        /// A customer complaint (投诉); new in `EscalationNotificationEvent` and
        /// `ProgressFeedbackNotificationEvent` version 2.
        case complaint
    }

    /// What kind of entity.
    public var kind: Kind
    /// Its id (the Kafka key of its own events).
    public var id: String

    public init(kind: Kind, id: String) {
        self.kind = kind
        self.id = id
    }
}
