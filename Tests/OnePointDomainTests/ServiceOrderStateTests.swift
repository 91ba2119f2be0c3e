import OnePointDomain
import Testing

@Suite("Service order state (TMF641)")
struct ServiceOrderStateTests {
    private static let expected: [ServiceOrderState: Set<ServiceOrderState>] = [
        .acknowledged: [.rejected, .inProgress, .pending, .held, .assessingCancellation],
        .inProgress: [.pending, .held, .completed, .failed, .partial, .assessingCancellation],
        .pending: [.inProgress, .assessingCancellation],
        .held: [.inProgress, .assessingCancellation],
        .assessingCancellation: [.pendingCancellation, .acknowledged, .inProgress, .pending, .held],
        .pendingCancellation: [.cancelled],
        .rejected: [], .cancelled: [], .completed: [], .failed: [], .partial: [],
    ]

    @Test func hasTheTMF641Vocabulary() {
        #expect(ServiceOrderState.allCases.map(\.rawValue) == [
            "acknowledged", "rejected", "pending", "held", "inProgress", "cancelled", "completed", "failed", "partial",
            "assessingCancellation", "pendingCancellation",
        ])
    }

    @Test func everyPairFollowsTheTable() {
        for from in ServiceOrderState.allCases {
            for to in ServiceOrderState.allCases {
                #expect(from.canTransition(to: to) == (Self.expected[from]?.contains(to) ?? false), "\(from) → \(to)")
            }
        }
        #expect(ServiceOrderState.allCases.filter(\.isFinal) == [.rejected, .cancelled, .completed, .failed, .partial])
    }

    @Test func aTypicalLifeAndACancellation() throws {
        var state = ServiceOrderState.acknowledged
        for next in [ServiceOrderState.inProgress, .pending, .inProgress, .held, .inProgress, .completed] {
            state = try state.transition(to: next)
        }
        #expect(state == .completed)
        var cancelled = ServiceOrderState.inProgress
        for next in [ServiceOrderState.assessingCancellation, .inProgress, .assessingCancellation, .pendingCancellation, .cancelled] {
            cancelled = try cancelled.transition(to: next)
        }
        #expect(cancelled == .cancelled)
    }

    @Test func refusedTransitionsNameFromAndTo() {
        let reopen = #expect(throws: DomainError.self) { try ServiceOrderState.completed.transition(to: .inProgress) }
        #expect(reopen?.code == .invalidTransition)
        #expect(reopen?.message.contains("from completed to inProgress") == true)
        #expect(reopen?.message.contains("none (final state)") == true)
        let jump = #expect(throws: DomainError.self) { try ServiceOrderState.acknowledged.transition(to: .completed) }
        #expect(jump?.message.contains("allowed from acknowledged: rejected, pending, held, inProgress, assessingCancellation") == true)
        #expect(throws: DomainError.self) { try ServiceOrderState.inProgress.transition(to: .inProgress) }
        #expect(throws: DomainError.self) { try ServiceOrderState.inProgress.transition(to: .cancelled) }
    }
}
