/// A logical topic of OnePoint. Its Kafka name is configuration (`topics.<id>.name`); the
/// defaults below are what `config/onepoint.yaml` ships.
///
/// The catalogue is the one place that says which topics exist, how many partitions they start
/// with, which are compacted, and what their records are keyed by. `docs/architecture.md` shows
/// who writes and who reads each one.
public enum Topic: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    // Provisioning (售中)
    /// Service orders from a CRM feed or `onepoint order submit`; key: order id.
    case serviceOrders = "service-orders"
    /// Pre-sale resource-check requests and their answers; key: request id (a request and its
    /// answer meet on one partition; a check never meets an order's state).
    case presaleRequests = "presale-requests"
    /// Work orders dispatched to province and city units; key: work-order id.
    case workOrders = "work-orders"
    /// Progress reported by units on their work orders (stage changes, clock stops, delay
    /// applications); key: order id (schema version 1 records: work-order id).
    case workOrderProgress = "work-order-progress"
    /// Local and end-to-end test reports; key: order id (schema version 1 records: work-order id).
    case testReports = "test-reports"
    /// The lifecycle of orders as the provisioning worker decides it; key: order id.
    case orderEvents = "order-events"

    // Inventory (configuration management)
    /// Customers, circuits, network elements and ports; compacted; key: `customer:<id>`,
    /// `circuit:<id>`, `element:<id>`.
    case inventory = "inventory"

    // Faults (售后: 故障)
    /// Network alarms (TMF642 / X.733); key: the alarm's reduction key.
    case alarms = "alarms"
    /// Customer fault reports (故障申告); key: circuit id.
    case faultReports = "fault-reports"
    /// Operator and customer actions on tickets (acknowledge, note, confirm); key: ticket id.
    case ticketCommands = "ticket-commands"
    /// Declared key-communication-assurance periods (重保); key: period id.
    case assurancePeriods = "assurance-periods"
    /// Fault tickets and their lifecycle (TMF621), and complaints' state; key: ticket or
    /// complaint id.
    case tickets = "tickets"
    /// Customer complaints (投诉) and the handling unit's actions on them; key: complaint id.
    case complaints = "complaints"

    // Cutovers (割接)
    /// Cutover plans submitted for notice and approval; key: cutover id.
    case cutoverPlans = "cutover-plans"
    /// Customers' feedback letters on notices; key: cutover id.
    case cutoverFeedback = "cutover-feedback"
    /// Notice letters, approvals, rejections and reminders; key: cutover id.
    case cutoverNotices = "cutover-notices"
    /// Approved planned-outage windows; compacted; key: cutover id.
    case plannedOutages = "planned-outages"

    // Configuration
    /// Working calendars loaded without a restart (`onepoint calendar load`), one record per
    /// year; compacted; key: the year.
    case calendar = "calendar"

    // Across workers
    /// Warnings, escalations and progress-feedback notifications; key: the entity's id.
    case notifications = "notifications"
    /// Monthly reports, scorecards and customer operation reports; key: `unit:month`.
    case reports = "reports"
    /// Inputs no worker could apply, with the reason in headers; key: the input's key.
    case deadLetters = "dead-letters"

    /// The default Kafka topic name: `onepoint.<id>`.
    public var defaultName: String { "onepoint.\(rawValue)" }

    /// Partitions the topic is created with. Keyed topics that carry the load get 6, so up to
    /// six instances of a worker share it.
    ///
    /// The provisioning worker's inputs all have 6: service orders, progress and test reports
    /// are keyed by the order id and must have the same count, so that an order's records land
    /// on the same partition number of each and reach the one task holding the order
    /// (co-partitioning, docs/provisioning.md). Resource checks meet no order, but share the
    /// count so that every task takes a share of them.
    public var defaultPartitions: Int {
        switch self {
        case .alarms, .serviceOrders, .presaleRequests, .workOrders, .workOrderProgress, .testReports, .tickets, .orderEvents,
            .notifications, .inventory:
            6
        case .deadLetters, .faultReports, .ticketCommands, .complaints, .cutoverPlans,
            .cutoverFeedback, .cutoverNotices, .plannedOutages, .reports:
            3
        case .assurancePeriods, .calendar:
            1
        }
    }

    /// Whether the topic is compacted (the latest record per key is the state of that key).
    public var isCompacted: Bool {
        self == .inventory || self == .plannedOutages || self == .calendar
    }

    /// The kinds of command every unit writes on a topic of its own when
    /// `commands.unitTopics` is on (`config/security.yaml`, docs/security.md): ticket commands,
    /// complaints, work-order progress, test reports, cutover plans, cutover feedback and fault
    /// reports. A consumer knows the acting unit of a record on such a topic from the topic,
    /// which a Kafka ACL lets only that unit's principal write.
    ///
    /// The name of a unit's topic is `TopicNames.name(of:unit:)` business (`onepoint.<unit>.<id>` by
    /// default); every one of them has the partitions and configs of its kind.
    public static let unitCommandTopics: [Topic] = [
        .ticketCommands, .complaints, .workOrderProgress, .testReports, .cutoverPlans, .cutoverFeedback, .faultReports,
    ]

    /// Whether units write this kind of command on topics of their own when
    /// `commands.unitTopics` is on (``unitCommandTopics``).
    public var isUnitCommandTopic: Bool { Self.unitCommandTopics.contains(self) }

    /// Topic configs to create the topic with.
    public var configs: [String: String] {
        isCompacted ? ["cleanup.policy": "compact"] : [:]
    }

    public var description: String { rawValue }
}
