/// The status of a fault ticket, with the TMF621 (Trouble Ticket) vocabulary (DOMAIN.md §6.1).
///
/// In ITIL terms (DOMAIN.md §8) a fault ticket is an incident. Allowed transitions (anything
/// else is refused, including staying in the same status):
///
/// | from | to |
/// |---|---|
/// | acknowledged | rejected, inProgress, pending, held, cancelled |
/// | inProgress | pending, held, resolved, cancelled |
/// | pending | inProgress, cancelled |
/// | held | inProgress, cancelled |
/// | resolved | closed, inProgress (reopen: the fault came back or the customer does not confirm) |
/// | rejected, cancelled, closed | nothing (final) |
///
/// `pending` is waiting on the customer, `held` on a third party. ``resolved`` is the moment
/// service is restored, which stops the restoration clock.
public enum TroubleTicketStatus: String, Sendable, Codable, CaseIterable, CustomStringConvertible, StateMachine {
    public static let subject = "trouble ticket"
    public static let noSuccessor = "none (final status)"

    case acknowledged
    case rejected
    case pending
    case held
    case inProgress
    case cancelled
    case closed
    case resolved

    /// The statuses reachable from this one.
    public var allowedNext: Set<TroubleTicketStatus> {
        switch self {
        case .acknowledged: [.rejected, .inProgress, .pending, .held, .cancelled]
        case .inProgress: [.pending, .held, .resolved, .cancelled]
        case .pending, .held: [.inProgress, .cancelled]
        case .resolved: [.closed, .inProgress]
        case .rejected, .cancelled, .closed: []
        }
    }




    public var description: String { rawValue }
}
