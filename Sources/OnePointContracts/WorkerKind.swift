/// The four OnePoint workers, the topics each reads and writes, and their default ports.
public enum WorkerKind: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case provisioning
    case fault
    case cutover
    case reporting

    /// The executable's name, e.g. `onepoint-fault`.
    public var executableName: String { "onepoint-\(rawValue)" }

    /// The consumer group of the worker's instances.
    public var consumerGroup: String { "onepoint-\(rawValue)" }

    /// The default port of the worker's `/health`, `/ready` and `/metrics`.
    public var defaultHTTPPort: Int {
        switch self {
        case .provisioning: 9101
        case .fault: 9102
        case .cutover: 9103
        case .reporting: 9104
        }
    }

    /// The topics the worker consumes.
    public var inputs: [Topic] {
        switch self {
        case .provisioning: [.serviceOrders, .presaleRequests, .workOrderProgress, .testReports, .inventory, .calendar]
        case .fault: [.alarms, .faultReports, .ticketCommands, .complaints, .assurancePeriods, .plannedOutages, .inventory]
        case .cutover: [.cutoverPlans, .cutoverFeedback, .assurancePeriods, .inventory, .calendar]
        case .reporting: [.orderEvents, .workOrders, .tickets, .cutoverNotices, .notifications, .presaleRequests, .calendar]
        }
    }

    /// The topics the worker writes (besides ``Topic/deadLetters``, which every worker writes).
    public var outputs: [Topic] {
        switch self {
        case .provisioning: [.workOrders, .orderEvents, .notifications, .inventory, .presaleRequests]
        case .fault: [.tickets, .notifications, .orderEvents]
        case .cutover: [.cutoverNotices, .plannedOutages, .orderEvents]
        case .reporting: [.reports]
        }
    }

    public var description: String { rawValue }
}
