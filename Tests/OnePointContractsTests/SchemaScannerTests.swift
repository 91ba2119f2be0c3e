import Foundation
import OnePointDomain
import Testing

@testable import OnePointContracts

/// An envelope whose record names its type is read in one pass (``SchemaScanner``) when it can
/// be: the result must be what the usual parse, check and decode give for the same bytes, and
/// anything the usual path refuses must be left to it, so that its error is the one reported.
@Suite("Envelopes read in one pass")
struct SchemaScannerTests {
    static let alarmExamples: [(file: String, type: EventType)] = [
        ("AlarmCreateEvent.json", .alarmCreate), ("AlarmAttributeValueChangeEvent.json", .alarmAttributeValueChange), ("AlarmClearEvent.json", .alarmClear),
    ]

    static func text(_ file: String) throws -> String {
        String(decoding: try Data(contentsOf: ContractFixtures.examplesDirectory.appendingPathComponent(file)), as: UTF8.self)
    }

    /// The one-pass read of `text` as `type`.
    static func scanned(_ text: String, as type: EventType = .alarmCreate, topology: Topology? = nil) -> EventEnvelope<Alarm>? {
        EventEnvelope<Alarm>.scannedDirectly(Array(text.utf8), as: type, topology: topology)
    }

    /// The usual path's answer for `text`: the envelope, or the error's message.
    static func usual(_ text: String, topology: Topology? = nil) -> Result<EventEnvelope<Alarm>, ContractError> {
        do throws(ContractError) {
            return .success(try EventEnvelope<Alarm>.decode(Array(text.utf8), topology: topology))
        } catch {
            return .failure(error)
        }
    }

    /// Holds the scan to the usual path on `text`: when it reads an envelope, the usual path
    /// reads the same one; and `decode(_:topology:expecting:)` answers exactly as the usual path.
    static func agree(_ text: String, as type: EventType = .alarmCreate, topology: Topology? = nil, _ comment: String) {
        let usual = usual(text, topology: topology)
        if let scanned = scanned(text, as: type, topology: topology) {
            #expect((try? usual.get()) == scanned, "\(comment): the scan read an envelope the usual path does not")
        }
        let expecting: Result<EventEnvelope<Alarm>, ContractError>
        do throws(ContractError) {
            expecting = .success(try EventEnvelope<Alarm>.decode(Array(text.utf8), topology: topology, expecting: type))
        } catch {
            expecting = .failure(error)
        }
        switch (expecting, usual) {
        case (.success(let a), .success(let b)): #expect(a == b, "\(comment)")
        case (.failure(let a), .failure(let b)): #expect(a.code == b.code && a.message == b.message, "\(comment)")
        default: Issue.record("\(comment): decode(expecting:) gave \(expecting), the usual path \(usual)")
        }
    }

    @Test("each alarm example is read in one pass, to what the usual path and JSONDecoder read", arguments: alarmExamples.map(\.file))
    func examples(file: String) throws {
        let text = try Self.text(file)
        let type = try #require(Self.alarmExamples.first { $0.file == file }?.type)
        let scanned = try #require(Self.scanned(text, as: type), "\(file) is read in one pass")
        #expect(scanned == (try Self.usual(text).get()))
        #expect(scanned == (try ContractJSON.decoder().decode(EventEnvelope<Alarm>.self, from: Data(text.utf8))))
        // Written on one line with every object's members in reverse order, and checked against units.
        let reversed = try Self.reversed(.object(JSONValue.parseObject(Array(text.utf8))))
        #expect(!reversed.contains("\n") && reversed.hasPrefix("{\"source\":"))
        #expect(Self.scanned(reversed, as: type, topology: ContractFixtures.topology) == scanned)
    }

    /// `value` written compact, each object's members in reverse order of their names.
    static func reversed(_ value: JSONValue) throws -> String {
        guard case .object(let members) = value else { return String(decoding: try value.serialized(), as: UTF8.self) }
        let written = try members.keys.sorted(by: >).map { "\"\($0)\":\(try reversed(members[$0] ?? .null))" }
        return "{" + written.joined(separator: ",") + "}"
    }

    @Test("what the usual path refuses, or cannot read the same way, is left to it")
    func leftToUsualPath() throws {
        let text = try Self.text("AlarmCreateEvent.json")
        let changes: [(String, String, String)] = [
            ("a required member missing", "\"probableCause\" : \"lossOfSignal\",", ""),
            ("a member twice", "\"state\" : \"raised\"", "\"state\" : \"raised\", \"state\" : \"raised\""),
            ("an unknown payload member", "\"state\" : \"raised\"", "\"state\" : \"raised\", \"vendorExtra\" : \"x\""),
            ("an unknown envelope member", "\"domain\" : \"fault\",", "\"domain\" : \"fault\", \"traceId\" : \"x\","),
            ("an unknown source member", "\"worker\" : \"nms\"", "\"worker\" : \"nms\", \"host\" : \"h\""),
            ("a null optional", "\"specificProblem\" : \"R_LOS\"", "\"specificProblem\" : null"),
            ("a number for a string", "\"NMS-GD-88412073\"", "88412073"),
            ("an unknown severity", "\"critical\",\n    \"probableCause\"", "\"catastrophic\",\n    \"probableCause\""),
            ("a date without offset", "2026-12-15T10:02:11+08:00", "2026-12-15T10:02:11"),
            ("an event id that is not a UUID", "6f1c2a3e-5b7d-4c2a-9e1f-00000004fb3d", "not-a-uuid"),
            ("schemaVersion 0", "\"schemaVersion\" : 1", "\"schemaVersion\" : 0"),
            ("schemaVersion 99", "\"schemaVersion\" : 1", "\"schemaVersion\" : 99"),
            ("schemaVersion 1.0", "\"schemaVersion\" : 1", "\"schemaVersion\" : 1.0"),
            ("schemaVersion 1e0", "\"schemaVersion\" : 1", "\"schemaVersion\" : 1e0"),
            ("schemaVersion 01", "\"schemaVersion\" : 1", "\"schemaVersion\" : 01"),
            ("schemaVersion -1", "\"schemaVersion\" : 1", "\"schemaVersion\" : -1"),
            ("schemaVersion as text", "\"schemaVersion\" : 1", "\"schemaVersion\" : \"1\""),
            ("another event type", "\"AlarmCreateEvent\"", "\"AlarmClearEvent\""),
            ("a state its type does not carry", "\"state\" : \"raised\"", "\"state\" : \"cleared\""),
            ("an escaped quote", "OTU2 R_LOS", "OTU2 \\\"R_LOS\\\""),
            ("an escaped letter", "\"alarmId\" : \"NMS", "\"alarmId\" : \"\\u004eMS"),
            ("an escaped solidus", "towards SZ", "towards\\/SZ"),
            ("text beyond ASCII", "towards SZ", "towards 深圳"),
            ("a byte-order mark", "{\n  \"correlationId\"", "\u{FEFF}{\n  \"correlationId\""),
            ("a trailing comma", "\"worker\" : \"nms\"", "\"worker\" : \"nms\","),
            ("a second document", "\n}\n", "\n}\n{}"),
            ("an array for an object", "\"source\" : {", "\"source\" : [{"),
            ("an empty unit", "\"unit\" : \"GD-GZ\"", "\"unit\" : \"\""),
        ]
        for (name, target, replacement) in changes {
            #expect(text.contains(target), "\(name): the example has \(target)")
            let changed = text.replacingOccurrences(of: target, with: replacement)
            #expect(Self.scanned(changed) == nil, "\(name): left to the usual path")
            Self.agree(changed, name)
        }
        // Units are checked against the topology, as the usual path checks them.
        let elsewhere = text.replacingOccurrences(of: "\"unit\" : \"GD-GZ\"", with: "\"unit\" : \"XX-QQ\"")
        #expect(Self.scanned(elsewhere) != nil)
        #expect(Self.scanned(elsewhere, topology: ContractFixtures.topology) == nil)
        Self.agree(elsewhere, topology: ContractFixtures.topology, "an unknown unit")
        // A record whose head names another type is read the usual way.
        #expect(Self.scanned(text, as: .alarmClear) == nil)
        #expect(EventEnvelope<TroubleTicket>.scannedDirectly(Array(try Self.text("TroubleTicketCreateEvent.json").utf8), as: .troubleTicketCreate, topology: nil) == nil)
    }

    @Test("no change of one byte makes the scan read what the usual path does not", arguments: alarmExamples.map(\.file))
    func everyByte(file: String) throws {
        let bytes = Array(try Self.text(file).utf8)
        let type = try #require(Self.alarmExamples.first { $0.file == file }?.type)
        let replacements: [UInt8?] = [nil, 0x22, 0x5C, 0x2C, 0x7D, 0x7B, 0x3A, 0x30, 0x31, 0x78, 0x20, 0x2D, 0x6E]
        var read = 0
        for position in bytes.indices {
            for replacement in replacements {
                var changed = bytes
                if let replacement { changed[position] = replacement } else { changed.remove(at: position) }
                guard changed != bytes else { continue }
                let text = String(decoding: changed, as: UTF8.self)
                if let scanned = Self.scanned(text, as: type) {
                    read += 1
                    #expect((try? Self.usual(text).get()) == scanned, "\(file): byte \(position) → \(replacement.map { String($0) } ?? "deleted")")
                }
            }
        }
        // Changes inside text and to the spacing still read: the scan is not simply refusing all.
        #expect(read > bytes.count)
    }
}
