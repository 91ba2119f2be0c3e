import Foundation
import OnePointDomain
import Testing

@testable import OnePointContracts

/// An alarm envelope is read without `Decoder` (``DirectlyDecodedPayload``): it must read exactly
/// what `JSONDecoder` reads, and leave anything it does not know to the usual path.
@Suite("Alarm envelopes read without Decoder")
struct DirectDecodingTests {
    static let alarmExamples = ["AlarmCreateEvent.json", "AlarmAttributeValueChangeEvent.json", "AlarmClearEvent.json"]

    /// The example file's object, changed by `change`.
    static func example(_ file: String, _ change: (inout [String: JSONValue], inout [String: JSONValue]) -> Void = { _, _ in }) throws -> [String: JSONValue] {
        let bytes = Array(try Data(contentsOf: ContractFixtures.examplesDirectory.appendingPathComponent(file)))
        var object = try JSONValue.parseObject(bytes)
        guard case .object(var event)? = object["event"] else { throw ContractError(.invalidValue, path: "event", "not an object") }
        change(&object, &event)
        object["event"] = .object(event)
        return object
    }

    static func foundation(_ object: [String: JSONValue]) throws -> EventEnvelope<Alarm> {
        try ContractJSON.decoder().decode(EventEnvelope<Alarm>.self, from: Data(try JSONValue.object(object).serialized()))
    }

    @Test("each alarm example, and each with its optional members absent, null or set, as JSONDecoder reads it", arguments: alarmExamples)
    func asJSONDecoder(file: String) throws {
        let variants: [(String, (inout [String: JSONValue], inout [String: JSONValue]) -> Void)] = [
            ("as written", { _, _ in }),
            ("optionals absent", { _, event in for key in ["specificProblem", "alarmChangedTime", "alarmClearedTime", "alarmDetails"] { event[key] = nil } }),
            ("optionals null", { _, event in for key in ["specificProblem", "alarmChangedTime", "alarmClearedTime", "alarmDetails"] { event[key] = .null } }),
            ("optionals set", { _, event in
                event["specificProblem"] = .string("R_LOS")
                event["alarmChangedTime"] = .string("2026-11-20T08:00:01.250+08:00")
                event["alarmClearedTime"] = .string("2026-11-20T00:00:02Z")
                event["alarmDetails"] = .string("détails \"quoted\" 😀")
            }),
        ]
        for (name, change) in variants {
            let object = try Self.example(file, change)
            let direct = try #require(EventEnvelope<Alarm>.decodedDirectly(object), "\(file), \(name): read directly")
            #expect(direct == (try Self.foundation(object)), "\(file), \(name)")
        }
    }

    @Test("a member it does not know, a value of another shape or a date it cannot read: left to the usual path")
    func leftToDecoder() throws {
        let file = Self.alarmExamples[0]
        let changes: [(String, (inout [String: JSONValue], inout [String: JSONValue]) -> Void)] = [
            ("unknown payload member", { _, event in event["vendorExtra"] = .string("x") }),
            ("unknown envelope member", { object, _ in object["traceId"] = .string("x") }),
            ("unknown source member", { object, _ in object["source"] = .object(["unit": .string("GD-GZ"), "worker": .string("nms"), "host": .string("h")]) }),
            ("number for a string", { _, event in event["alarmId"] = .number(7, isInteger: true) }),
            ("unknown severity", { _, event in event["perceivedSeverity"] = .string("catastrophic") }),
            ("a date without offset", { _, event in event["alarmRaisedTime"] = .string("2026-11-20T08:00:00") }),
            ("schemaVersion not whole", { object, _ in object["schemaVersion"] = .number(1.5, isInteger: false) }),
            ("an optional of another shape", { _, event in event["alarmDetails"] = .bool(true) }),
        ]
        for (name, change) in changes {
            #expect(EventEnvelope<Alarm>.decodedDirectly(try Self.example(file, change)) == nil, "\(name)")
        }
    }

    @Test("other payloads are not read directly")
    func otherPayloads() throws {
        let bytes = Array(try Data(contentsOf: ContractFixtures.examplesDirectory.appendingPathComponent("TroubleTicketCreateEvent.json")))
        #expect(EventEnvelope<TroubleTicket>.decodedDirectly(try JSONValue.parseObject(bytes)) == nil)
    }

    @Test("decode(_:) of an alarm gives what it gave before: the example files, and refusals unchanged")
    func decodeUnchanged() throws {
        for file in Self.alarmExamples {
            let bytes = Array(try Data(contentsOf: ContractFixtures.examplesDirectory.appendingPathComponent(file)))
            #expect(try EventEnvelope<Alarm>.decode(bytes) == (try ContractJSON.decoder().decode(EventEnvelope<Alarm>.self, from: Data(bytes))))
        }
        let broken = try Self.example(Self.alarmExamples[0]) { _, event in event["perceivedSeverity"] = .string("catastrophic") }
        #expect(throws: ContractError.self) { try EventEnvelope<Alarm>.decode(try JSONValue.object(broken).serialized()) }
    }
}
