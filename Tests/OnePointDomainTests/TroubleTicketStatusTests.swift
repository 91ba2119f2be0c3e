import OnePointDomain
import Testing

@Suite("Trouble ticket status (TMF621)")
struct TroubleTicketStatusTests {
    private static let expected: [TroubleTicketStatus: Set<TroubleTicketStatus>] = [
        .acknowledged: [.rejected, .inProgress, .pending, .held, .cancelled],
        .inProgress: [.pending, .held, .resolved, .cancelled],
        .pending: [.inProgress, .cancelled],
        .held: [.inProgress, .cancelled],
        .resolved: [.closed, .inProgress],
        .rejected: [], .cancelled: [], .closed: [],
    ]

    @Test func hasTheTMF621Vocabulary() {
        #expect(TroubleTicketStatus.allCases.map(\.rawValue) == [
            "acknowledged", "rejected", "pending", "held", "inProgress", "cancelled", "closed", "resolved",
        ])
    }

    @Test func everyPairFollowsTheTable() {
        for from in TroubleTicketStatus.allCases {
            for to in TroubleTicketStatus.allCases {
                #expect(from.canTransition(to: to) == (Self.expected[from]?.contains(to) ?? false), "\(from) → \(to)")
            }
        }
        #expect(TroubleTicketStatus.allCases.filter(\.isFinal) == [.rejected, .cancelled, .closed])
    }

    @Test func resolvedTicketsCanBeReopenedThenClosed() throws {
        var status = TroubleTicketStatus.acknowledged
        for next in [TroubleTicketStatus.inProgress, .held, .inProgress, .resolved, .inProgress, .pending, .inProgress, .resolved, .closed] {
            status = try status.transition(to: next)
        }
        #expect(status == .closed)
    }

    @Test func refusedTransitionsNameFromAndTo() {
        let afterClose = #expect(throws: DomainError.self) { try TroubleTicketStatus.closed.transition(to: .inProgress) }
        #expect(afterClose?.code == .invalidTransition)
        #expect(afterClose?.message.contains("from closed to inProgress") == true)
        let skip = #expect(throws: DomainError.self) { try TroubleTicketStatus.acknowledged.transition(to: .resolved) }
        #expect(skip?.message.contains("from acknowledged to resolved") == true)
        let early = #expect(throws: DomainError.self) { try TroubleTicketStatus.inProgress.transition(to: .closed) }
        #expect(early?.message.contains("allowed from inProgress: pending, held, cancelled, resolved") == true)
        #expect(throws: DomainError.self) { try TroubleTicketStatus.resolved.transition(to: .resolved) }
    }
}
