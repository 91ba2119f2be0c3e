/// The life of a cutover plan (DOMAIN.md §6.2): decided on submission and on every revision,
/// renegotiated when a customer disagrees, closed by its execution report or a cancellation.
public enum CutoverState: String, Sendable, Codable, CaseIterable, StateMachine {
    /// Approved: notices sent, the planned-outage window published, answers awaited.
    case approved
    /// Refused (too late for its lead, a key-assurance conflict, a unit that does not own the
    /// network): a revision decides it again.
    case rejected
    /// A customer disagreed: the owning unit must propose a new window.
    case renegotiating
    /// The work has started.
    case executing
    /// Done; the real interruption reported.
    case completed
    /// Undone; the real interruption reported.
    case rolledBack
    /// Called off before it ran.
    case cancelled

    public var allowedNext: [CutoverState] {
        switch self {
        case .approved: [.approved, .rejected, .renegotiating, .executing, .completed, .rolledBack, .cancelled]
        case .rejected: [.approved, .rejected, .executing, .completed, .rolledBack, .cancelled]
        case .renegotiating: [.approved, .rejected, .renegotiating, .executing, .completed, .rolledBack, .cancelled]
        case .executing: [.completed, .rolledBack]
        case .completed, .rolledBack, .cancelled: []
        }
    }

    public static var subject: String { "cutover" }
    public static var noSuccessor: String { "none (closed)" }
    public var description: String { rawValue }
}
