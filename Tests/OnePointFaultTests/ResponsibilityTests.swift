import Foundation
import OnePointContracts
import OnePointDomain
import Testing

/// Fault responsibility (DOMAIN.md §6.1): the handling unit records the cause; only the
/// operator's faults get a restoration verdict and count as repeated faults.
@Suite("Fault responsibility: the cause, the verdict, repeated faults")
struct ResponsibilityTests {
    func classify(_ harness: FaultHarness, _ ticket: String, _ cause: FaultCause, action: TicketCommand.Action = .classify) async throws {
        try await harness.send(
            .troubleTicketCommand, TicketCommand(ticketId: ticket, action: action, unit: "GD-GZ", by: "duty operator", at: harness.clock.now(), cause: cause))
    }

    @Test("restored after 5 h: the operator's Gold fault is over its 4 h limit; a customer-caused one gets no verdict")
    func verdicts() async throws {
        var settings = FaultHarness.testSettings
        settings.flapHoldDown = 0
        let harness = try FaultHarness(settings: settings)
        var inventory = TestInventory()
        let ours = inventory.customer("C-OURS", .gold)[0]
        let theirs = inventory.customer("C-THEIRS", .gold)[0]
        try await harness.run { outputs in
            try await harness.load(inventory)
            for circuit in [ours, theirs] { try await harness.raise(.init(id: circuit, type: .circuit), at: t0) }
            try await harness.settle()
            try await harness.advance(to: t0 + minutes(300))
            for circuit in [ours, theirs] { try await harness.clear(.init(id: circuit, type: .circuit), raised: t0, at: t0 + minutes(300)) }
            try await harness.settle()
            #expect(try await outputs.wait { _ in outputs.latest.values.filter { $0.status == .resolved }.count == 2 })
            let theirsTicket = try #require(outputs.latest.values.first { $0.circuitIds == [theirs] })
            try await classify(harness, theirsTicket.id, .customerEquipment, action: .close)
            try await harness.settle()
            #expect(try await outputs.wait { _ in outputs.latest[theirsTicket.id]?.cause == .customerEquipment })

            let mine = try #require(outputs.latest.values.first { $0.circuitIds == [ours] })
            #expect(mine.cause == nil)
            #expect(mine.responsibility == .operator, "unstated: the operator's")
            #expect(mine.customers.first?.restorationMinutes == 300)
            #expect(mine.customers.first?.metLimit == false, "300 min against Gold's 240")

            let customer = try #require(outputs.latest[theirsTicket.id])
            #expect(customer.responsibility == .customer)
            #expect(customer.status == .closed)
            #expect(customer.customers.first?.restorationMinutes == 300)
            #expect(customer.customers.first?.metLimit == nil, "no restoration verdict for the customer's fault")
        }
    }

    @Test("a third-party fault is not a repeated fault: three faults with one of them a third party's raise no flag, three of the operator's do")
    func repeatedFaultsAreTheOperators() async throws {
        var settings = FaultHarness.testSettings
        settings.reopenWindow = minutes(10)
        settings.flapHoldDown = 0
        let harness = try FaultHarness(settings: settings)
        var inventory = TestInventory()
        let excused = inventory.customer("C-EXCUSED", .silver)[0]
        let repeated = inventory.customer("C-REPEATED", .silver)[0]
        try await harness.run { outputs in
            try await harness.load(inventory)
            for n in 0..<3 {
                let raised = t0 + minutes(Double(n * 60))
                try await harness.advance(to: raised)
                for circuit in [excused, repeated] { try await harness.raise(.init(id: circuit, type: .circuit), at: raised) }
                try await harness.settle()
                try await harness.advance(to: raised + minutes(5))
                for circuit in [excused, repeated] { try await harness.clear(.init(id: circuit, type: .circuit), raised: raised, at: raised + minutes(5)) }
                try await harness.settle()
                if n == 1 {
                    #expect(try await outputs.wait { _ in outputs.creates.filter { $0.circuitIds == [excused] }.count == 2 })
                    let second = try #require(outputs.creates.filter { $0.circuitIds == [excused] }.last)
                    try await classify(harness, second.id, .thirdParty)
                    try await harness.settle()
                }
            }
            #expect(try await outputs.wait { events in
                events.contains { if case .repeated = $0 { true } else { false } } && outputs.creates.count == 6
            })
            let flags = outputs.events.compactMap { if case .repeated(let r) = $0 { r } else { nil } }
            #expect(flags.map(\.circuitId) == [repeated], "only the circuit whose three faults were all the operator's")
        }
    }

    @Test("classify without a cause, or a cause on an acknowledgement, is dead-lettered")
    func badClassify() async throws {
        let harness = try FaultHarness()
        var inventory = TestInventory()
        let circuit = inventory.customer("C-X", .gold)[0]
        try await harness.run { outputs in
            try await harness.load(inventory)
            try await harness.raise(.init(id: circuit, type: .circuit), at: t0)
            try await harness.settle()
            #expect(try await outputs.wait { _ in !outputs.creates.isEmpty })
            let ticket = try #require(outputs.creates.first)
            try await harness.command(ticket.id, .classify)
            try await classify(harness, ticket.id, .thirdParty, action: .acknowledge)
            try await harness.settle()
            #expect(try await outputs.wait { events in events.filter { if case .deadLetter = $0 { true } else { false } }.count == 2 })
            let messages = outputs.events.compactMap { if case .deadLetter(_, let message) = $0 { message } else { nil } }
            #expect(messages.contains { $0.contains("classify needs the fault's cause") })
            #expect(messages.contains { $0.contains("not acknowledge") })
        }
    }
}
