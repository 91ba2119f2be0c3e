/// How urgently consumers and people should look at an event (the envelope's `priority`).
public enum EventPriority: String, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    /// Service is down for a Key-assurance or Diamond customer, or a limit has passed.
    case critical
    /// Needs action soon: escalations, overdue warnings, major alarms.
    case high
    /// The ordinary flow of work.
    case normal
    /// Informational.
    case low

    private var rank: Int {
        switch self {
        case .critical: 0
        case .high: 1
        case .normal: 2
        case .low: 3
        }
    }

    /// `critical < high < normal < low`: the more urgent sorts first.
    public static func < (lhs: EventPriority, rhs: EventPriority) -> Bool { lhs.rank < rhs.rank }

    public var description: String { rawValue }
}
