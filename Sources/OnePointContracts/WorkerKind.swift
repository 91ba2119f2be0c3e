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

    /// The worker's internal topics, named after it with the prefix of `deadLetterTopic`'s name
    /// (the shared topics' prefix, `onepoint` by default): the changelog of its tasks' stores
    /// (compacted) and, for a worker whose inputs meet by another key than they arrive with, its
    /// repartition topic.
    public func internalTopics(beside deadLetterTopic: String = Topic.deadLetters.defaultName) -> (changelog: String, repartition: String?) {
        let parts = deadLetterTopic.split(separator: ".").dropLast()
        let prefix = parts.isEmpty ? "onepoint" : parts.joined(separator: ".")
        return ("\(prefix).\(rawValue).changelog", routesInputs ? "\(prefix).\(rawValue).repartition" : nil)
    }

    /// Whether the worker's inputs meet in the task of another key than the one they arrive with,
    /// through its repartition topic: the fault worker (alarms keyed by reduction key meet by
    /// correlation domain), the provisioning worker (version 1 progress keyed by work-order id
    /// meets its order) and the reporting worker (every fact, keyed by its order, ticket or
    /// request, meets in task 0, which holds every unit's reports: docs/reporting.md, "Scaling
    /// out").
    public var routesInputs: Bool { self == .fault || self == .provisioning || self == .reporting }

    /// The inputs every task needs whole, whichever partitions it runs (global topics): the
    /// compacted ones (inventory, calendar, planned outages) and, for the fault and cutover
    /// workers, the assurance periods (each covers units of any domain, and customers of any
    /// cutover).
    public var globalInputs: [Topic] {
        inputs.filter { $0.isCompacted || ((self == .fault || self == .cutover) && $0 == .assurancePeriods) }
    }

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
