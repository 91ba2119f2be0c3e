/// The state of a service order, with the TMF641 (Service Ordering) vocabulary.
///
/// Allowed transitions (anything else is refused, including staying in the same state):
///
/// | from | to |
/// |---|---|
/// | acknowledged | rejected, inProgress, pending, held, assessingCancellation |
/// | inProgress | pending, held, completed, failed, partial, assessingCancellation |
/// | pending | inProgress, assessingCancellation |
/// | held | inProgress, assessingCancellation |
/// | assessingCancellation | pendingCancellation (accepted); acknowledged, inProgress, pending, held (refused: back where it was) |
/// | pendingCancellation | cancelled |
/// | rejected, cancelled, completed, failed, partial | nothing (final) |
///
/// `pending` is waiting on the customer (the clock-stop causes of DOMAIN.md §5); `held` is
/// waiting on the operator itself, e.g. resources being built.
public enum ServiceOrderState: String, Sendable, Codable, CaseIterable, CustomStringConvertible, StateMachine {
    public static let subject = "service order"
    public static let noSuccessor = "none (final state)"

    case acknowledged
    case rejected
    case pending
    case held
    case inProgress
    case cancelled
    case completed
    case failed
    case partial
    case assessingCancellation
    case pendingCancellation

    /// The states reachable from this one.
    public var allowedNext: Set<ServiceOrderState> {
        switch self {
        case .acknowledged: [.rejected, .inProgress, .pending, .held, .assessingCancellation]
        case .inProgress: [.pending, .held, .completed, .failed, .partial, .assessingCancellation]
        case .pending, .held: [.inProgress, .assessingCancellation]
        case .assessingCancellation: [.pendingCancellation, .acknowledged, .inProgress, .pending, .held]
        case .pendingCancellation: [.cancelled]
        case .rejected, .cancelled, .completed, .failed, .partial: []
        }
    }




    public var description: String { rawValue }
}
