import Foundation
import OnePointContracts
import OnePointDomain
@testable import OnePointFault
import Testing

/// A ticket's JSON columns are written without `JSONEncoder` (TicketRow+JSONColumns.swift): the
/// text must be exactly what the shared encoder writes, so a row saved before reads as one saved
/// after, and it must read back as the values written.
@Suite("Fault worker: a ticket's JSON columns written as JSONEncoder writes them")
struct TicketRowColumnsTests {
    /// Every ASCII character (controls, quote, backslash, slash), then text beyond ASCII.
    static let awkward: String = {
        var text = ""
        for code in UInt8(0)..<0x80 { text.unicodeScalars.append(Unicode.Scalar(code)) }
        return text + "é 😀 \u{2028} 故障"
    }()

    /// Instants as the worker makes them (fractional seconds) and at the formatting edges:
    /// integral, before 2001, negative zero, very large, very small.
    static let instants: [Date] = [
        Date(timeIntervalSince1970: 1_796_000_000.123_456), Date(timeIntervalSinceReferenceDate: 786_000_000),
        Date(timeIntervalSinceReferenceDate: -3.25), Date(timeIntervalSinceReferenceDate: -0.0),
        Date(timeIntervalSinceReferenceDate: 1e16), Date(timeIntervalSinceReferenceDate: 123_456_789_012_345_680),
        Date(timeIntervalSinceReferenceDate: 1e-7), Date(timeIntervalSinceReferenceDate: 0.1 + 0.2),
    ]

    static func encoded<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try TicketRow.encoder.encode(value), as: UTF8.self)
    }

    @Test("the status history: every reason, with and without one, at every instant")
    func history() throws {
        var history: [TroubleTicket.StatusChange] = []
        for (index, instant) in Self.instants.enumerated() {
            let reasons: [String?] = [nil, "opened from lossOfSignal on circuit GD-GZ-0001", Self.awkward, "", "a/b \"c\""]
            history.append(TroubleTicket.StatusChange(status: index.isMultiple(of: 2) ? .acknowledged : .resolved, at: instant, reason: reasons[index % reasons.count]))
        }
        let text = try TicketRow.text(history)
        #expect(text == (try Self.encoded(history)))
        let back: [TroubleTicket.StatusChange] = try TicketRow.list(text)
        #expect(back == history)
        #expect(try TicketRow.text([TroubleTicket.StatusChange]()) == "[]")
    }

    @Test("the notes and the pauses")
    func notesAndPauses() throws {
        let notes = Self.instants.map { TroubleTicket.Note(by: "GD-GZ \(Self.awkward)", at: $0, text: "fibre/cut \\ \"spliced\"\n") }
        let notesText = try TicketRow.text(notes)
        #expect(notesText == (try Self.encoded(notes)))
        let notesBack: [TroubleTicket.Note] = try TicketRow.list(notesText)
        #expect(notesBack == notes)
        let pauses = try Self.instants.map { try Pause(start: $0, end: $0.addingTimeInterval(90.5)) }
        let pausesText = try TicketRow.text(pauses)
        #expect(pausesText == (try Self.encoded(pauses)))
        let pausesBack: [Pause] = try TicketRow.list(pausesText)
        #expect(pausesBack == pauses)
    }

    @Test("an instant that is no finite number is refused, as the encoder refuses it")
    func nonFinite() {
        let history = [TroubleTicket.StatusChange(status: .acknowledged, at: Date(timeIntervalSinceReferenceDate: .infinity), reason: "x")]
        #expect(throws: EncodingError.self) { try TicketRow.text(history) }
    }
}
