/// A state of a lifecycle with allowed transitions: service orders (TMF641), trouble tickets
/// (TMF621), work-order stages. Conformers say what may follow each state; moving is checked here.
public protocol StateMachine: RawRepresentable, CaseIterable, Hashable, CustomStringConvertible where RawValue == String {
    associatedtype Successors: Sequence where Successors.Element == Self
    /// The states that may follow this one.
    var allowedNext: Successors { get }
    /// What the states belong to, in error messages: `service order`, `trouble ticket`.
    static var subject: String { get }
    /// How an error names a state with no successor: `none (final state)`.
    static var noSuccessor: String { get }
}

extension StateMachine {
    /// Whether no transition leaves this state.
    public var isFinal: Bool { allowedNext.first(where: { _ in true }) == nil }

    /// Whether moving to `next` is allowed.
    public func canTransition(to next: Self) -> Bool { allowedNext.contains(next) }

    /// The state after moving to `next`.
    /// - Throws: ``DomainError/Code/invalidTransition`` naming both states and the allowed ones.
    public func transition(to next: Self) throws(DomainError) -> Self {
        guard canTransition(to: next) else {
            let successors = Set(allowedNext)
            let allowed = Self.allCases.filter(successors.contains).map(\.rawValue).joined(separator: ", ")
            throw DomainError(
                .invalidTransition,
                "\(Self.subject) cannot move from \(self) to \(next); allowed from \(self): \(allowed.isEmpty ? Self.noSuccessor : allowed)")
        }
        return next
    }
}
