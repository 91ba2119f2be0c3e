import Foundation
import OnePointDomain
import Testing

@testable import OnePointContracts

/// Ticket, progress feedback and escalation envelopes are written without `Encoder`
/// (``DirectlyEncodedPayload``): each must make exactly the value the generic encoding makes, and
/// so the very bytes `JSONEncoder` writes, and refuse exactly what that encoding refuses.
@Suite("Ticket, feedback and escalation envelopes written without Encoder")
struct DirectEncodingTests {
    typealias Ticket = TroubleTicket

    /// The example ticket, changed by each of `switches`' bits: every optional member set or not,
    /// lists empty or not, text that needs escaping, instants with and without milliseconds.
    static func variant(_ switches: Int) -> Ticket {
        func on(_ bit: Int) -> Bool { switches & (1 << bit) != 0 }
        let at = ContractExamples.at("2026-12-15T10:02:11+08:00")
        let later = at.addingTimeInterval(on(0) ? 5400.25 : 5400)
        var ticket = ContractExamples.ticket
        if on(1) { ticket.restoredAt = later }
        if on(2) { ticket.closedAt = later.addingTimeInterval(60) }
        if on(3) { ticket.cause = .operatorLine }
        if on(4) { ticket.responsibility = .customer }
        if on(5) {
            ticket.statusHistory.append(.init(status: .resolved, at: later))
            ticket.relatedAlarms[0].clearedAt = later
        }
        if on(6) {
            ticket.customers[0].restoredAt = later
            ticket.customers[0].restorationMinutes = 90
            ticket.customers[1].metLimit = on(0)
        }
        if on(7) { ticket.notes = [.init(by: "值班 duty \"A\"", at: later, text: "line 1\nline 2\t/ \\ \u{1}")] }
        if on(8) { ticket.faultReportIds = ["FR-1", "FR-2"] }
        if on(9) {
            ticket.customers = []
            ticket.circuitIds = []
            ticket.statusHistory = []
        }
        ticket.escalationLevel = switches % 5
        ticket.reopenCount = switches % 3
        ticket.planned = on(3)
        return ticket
    }

    static func envelope(_ ticket: Ticket) -> EventEnvelope<Ticket> {
        EventEnvelope(.troubleTicketAttributeValueChange, event: ticket, eventTime: ContractExamples.at("2026-12-15T10:05:00+08:00"), source: ContractExamples.fault)
    }

    /// Expects `envelope` and its payload made directly as the generic encoding makes them, and
    /// written as `JSONEncoder` writes them.
    static func expectSame<Payload: DirectlyEncodedPayload>(_ envelope: EventEnvelope<Payload>, _ name: String) throws {
        #expect(envelope.event.directJSON == (try JSONValue.encoding(envelope.event)), "\(name)")
        #expect(envelope.directJSON() == (try JSONValue.encoding(envelope)), "\(name)")
        let written = try #require(EventEnvelope<Payload>.written(envelope), "\(name)")
        #expect(written.bytes == (try EventEnvelope<Payload>.writtenByFoundation(envelope, pretty: false)), "\(name)")
    }

    @Test("every variant of the example ticket: the value the generic encoding makes, and JSONEncoder's bytes")
    func asTheGenericEncoding() throws {
        for switches in 0..<1024 {
            try Self.expectSame(Self.envelope(Self.variant(switches)), "variant \(switches)")
        }
    }

    /// The example envelope of `type`.
    static func example<Payload: EventPayload>(_ type: EventType, as: Payload.Type) throws -> EventEnvelope<Payload> {
        let example = try #require(ContractExamples.all.first { $0.type == type })
        return try EventEnvelope<Payload>.decode(try example.pretty())
    }

    @Test("progress feedback and escalation notices, their optional members set or not: as the generic encoding and JSONEncoder")
    func notices() throws {
        let feedback = try Self.example(.progressFeedbackNotification, as: ProgressFeedback.self)
        for switches in 0..<4 {
            var envelope = feedback
            envelope.event.nextSteps = switches & 1 == 0 ? nil : "下一步 \"next\"\n/"
            envelope.event.customerActions = switches & 2 == 0 ? nil : "请确认 confirm"
            envelope.event.at = envelope.event.at.addingTimeInterval(switches == 3 ? 0.5 : 0)
            try Self.expectSame(envelope, "feedback \(switches)")
        }
        let escalation = try Self.example(.escalationNotification, as: EscalationNotice.self)
        for switches in 0..<8 {
            var envelope = escalation
            envelope.event.customerLevel = switches & 1 == 0 ? nil : .key
            envelope.event.provisional = switches & 2 == 0 ? nil : switches & 4 == 0
            envelope.event.remainingMinutes = switches & 4 == 0 ? -15 : 0
            try Self.expectSame(envelope, "escalation \(switches)")
        }
        var hugeFeedback = feedback.event
        hugeFeedback.sequence = 1 << 53
        #expect(hugeFeedback.directJSON == nil)
        #expect(throws: JSONValue.EncodingRefused.self) { try JSONValue.encoding(hugeFeedback) }
        var hugeEscalation = escalation.event
        hugeEscalation.elapsedMinutes = 1 << 53
        #expect(hugeEscalation.directJSON == nil)
        #expect(throws: JSONValue.EncodingRefused.self) { try JSONValue.encoding(hugeEscalation) }
    }

    @Test("an integer from 2^53 on is refused where the generic encoding refuses it, and JSONEncoder writes the record")
    func refusesWhatTheGenericEncodingRefuses() throws {
        let huge = 1 << 53
        let changes: [(String, (inout Ticket) -> Void)] = [
            ("escalationLevel", { $0.escalationLevel = huge }),
            ("reopenCount", { $0.reopenCount = -huge }),
            ("limitMinutes", { $0.customers[1].limitMinutes = huge }),
            ("restorationMinutes", { $0.customers[0].restorationMinutes = huge }),
        ]
        for (name, change) in changes {
            var ticket = ContractExamples.ticket
            change(&ticket)
            #expect(ticket.directJSON == nil, "\(name)")
            #expect(throws: JSONValue.EncodingRefused.self, "\(name)") { try JSONValue.encoding(ticket) }
            #expect(EventEnvelope<Ticket>.written(Self.envelope(ticket)) == nil, "\(name)")
        }
        var envelope = Self.envelope(ContractExamples.ticket)
        envelope.schemaVersion = huge
        #expect(envelope.directJSON() == nil)
        #expect(throws: JSONValue.EncodingRefused.self) { try JSONValue.encoding(envelope) }
        // Just below the bound both make the same value.
        var ticket = ContractExamples.ticket
        ticket.reopenCount = huge - 1
        #expect(ticket.directJSON == (try JSONValue.encoding(ticket)))
    }

    @Test("a ticket's record carries JSONEncoder's bytes and passes its schema check")
    func record() throws {
        let envelope = Self.envelope(Self.variant(0b11_1111_1111))
        let record = try EventRecord(envelope, topology: ContractFixtures.topology)
        #expect(record.value == (try EventEnvelope<Ticket>.writtenByFoundation(envelope, pretty: false)))
        #expect(try EventEnvelope<Ticket>.decode(record.value, topology: ContractFixtures.topology) == envelope)
    }
}
