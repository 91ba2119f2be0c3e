import Foundation

/// A delay application (延期申请) for a provisioning order.
///
/// Accepted only for a customer cause **and** filed strictly before the deadline; otherwise
/// rejected, and the rejection counts as one overdue occurrence (see ``OverdueTally``). Time to
/// build missing resources (``ClockStopReason/resourceConstruction``) is outside the limit by
/// its own clock stop, not by a delay application.
public struct DelayApplication: Sendable, Hashable, Codable {
    /// Why a delay application was rejected.
    public enum Rejection: String, Sendable, Hashable, Codable, CustomStringConvertible {
        /// The cause is not the customer's.
        case notCustomerCause
        /// Filed at or after the deadline.
        case filedAfterDeadline

        public var description: String { rawValue }
    }

    /// The outcome of a delay application.
    public enum Decision: Sendable, Hashable {
        /// The delay is granted.
        case accepted
        /// Refused; the order counts one more overdue occurrence.
        case rejected(Rejection)

        /// Whether the application was accepted.
        public var isAccepted: Bool { self == .accepted }
    }

    /// The cause given.
    public let reason: ClockStopReason
    /// When the application was filed.
    public let filedAt: Date

    /// Makes an application.
    public init(reason: ClockStopReason, filedAt: Date) {
        self.reason = reason
        self.filedAt = filedAt
    }

    /// Decides the application against the order's `deadline` (the deadline in force when it
    /// is filed). The cause is checked first, so a late non-customer application is rejected as
    /// ``Rejection/notCustomerCause``.
    public func decide(deadline: Date) -> Decision {
        guard reason.isCustomerCause else { return .rejected(.notCustomerCause) }
        guard filedAt < deadline else { return .rejected(.filedAfterDeadline) }
        return .accepted
    }

    /// The decision as an error to report: `nil` when accepted, otherwise a ``DomainError``
    /// with code ``DomainError/Code/delayRejected`` saying why.
    public func rejectionError(deadline: Date) -> DomainError? {
        switch decide(deadline: deadline) {
        case .accepted:
            return nil
        case .rejected(.notCustomerCause):
            return DomainError(
                .delayRejected,
                "delay application for '\(reason)' rejected: not a customer cause; the order counts as overdue")
        case .rejected(.filedAfterDeadline):
            return DomainError(
                .delayRejected,
                "delay application for '\(reason)' filed at \(filedAt) rejected: not before the deadline \(deadline); the order counts as overdue")
        }
    }
}
