import Foundation
import OnePointDomain
import Testing

@testable import OnePointContracts

@Suite("Decoding errors name the field and what is wrong")
struct ContractErrorTests {
    /// The pretty JSON of `type`'s example with `old` replaced by `new` (which must occur).
    func example(_ type: EventType, replacing old: String, with new: String) throws -> [UInt8] {
        let example = try #require(EventCatalogueTests.examples[type])
        let text = String(decoding: try example.pretty(), as: UTF8.self)
        #expect(text.contains(old), "the example of \(type) has no \(old)")
        return Array(text.replacingOccurrences(of: old, with: new).utf8)
    }

    func decodingError<P: EventPayload>(_ bytes: [UInt8], as type: P.Type, topology: Topology? = nil) -> ContractError? {
        do {
            _ = try EventEnvelope<P>.decode(bytes, topology: topology)
            return nil
        } catch {
            return error
        }
    }

    @Test("malformed JSON")
    func malformedJSON() throws {
        let broken = decodingError(Array(#"{"eventType": "AlarmCreateEvent", "#.utf8), as: Alarm.self)
        #expect(broken?.code == .malformedJSON)
        #expect(broken?.message.hasPrefix("not valid JSON") == true)
        let array = decodingError(Array("[1, 2]".utf8), as: Alarm.self)
        #expect(array?.code == .malformedJSON)
        #expect(array?.message == "expected a JSON object, got an array")
        #expect(throws: ContractError.self) { try EventHead(json: Array("nonsense".utf8)) }
        let trailing = try example(.alarmCreate, replacing: #""state" : "raised""#, with: #""state" : "raised" x"#)
        #expect(decodingError(trailing, as: Alarm.self)?.message.hasPrefix("not valid JSON: expected ',' or '}', found 'x' at byte") == true)
    }

    @Test("a string that is not valid UTF-8 is malformed JSON, whatever its bytes repair to; valid non-ASCII text is read")
    func invalidUTF8InAString() throws {
        let valid = Array(#"{"a":"广州 📡","b":"\u5e7f x"}"#.utf8)
        #expect(try JSONValue.parseObject(valid) == ["a": .string("广州 📡"), "b": .string("广 x")])
        // A lone continuation byte, a lead byte at the end, an encoded surrogate, an overlong
        // "/", and a 4-byte sequence cut after 3 bytes (repaired to U+FFFD, the same length).
        let invalid: [[UInt8]] = [[0x80], [0x41, 0xC3], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF0, 0x9F, 0x98, 0x41]]
        for bytes in invalid {
            for escaped in [false, true] {
                // With an escape before them, the bytes take the parser's slower path.
                let document = Array(#"{"a":""#.utf8) + (escaped ? Array(#"\n"#.utf8) : []) + bytes + Array(#""}"#.utf8)
                do {
                    _ = try JSONValue.parseObject(document)
                    Issue.record("\(bytes) was read as a string (escaped: \(escaped))")
                } catch {
                    #expect(error.code == .malformedJSON)
                    #expect(error.message.hasPrefix("not valid JSON: invalid UTF-8 in a string"))
                }
            }
        }
    }

    @Test("escapes in strings are read")
    func escapes() throws {
        let bytes = try example(
            .alarmCreate, replacing: #""alarmDetails" : "OTU2"#, with: #""alarmDetails" : "\u5e7f\u5dde \ud83d\udce1 \"q\" OTU2"#)
        let alarm = try EventEnvelope<Alarm>.decode(bytes)
        #expect(alarm.event.alarmDetails?.hasPrefix("广州 📡 \"q\" OTU2") == true)
    }

    @Test("unknown event type")
    func unknownEventType() throws {
        let bytes = try example(.alarmCreate, replacing: #""AlarmCreateEvent""#, with: #""AlarmExplodeEvent""#)
        let error = decodingError(bytes, as: Alarm.self)
        #expect(error?.code == .unknownEventType)
        #expect(error?.path == "eventType")
        #expect(error?.message == "eventType: 'AlarmExplodeEvent' is not an event type of this catalogue")
        // The head is still readable, so a consumer can dead-letter it with its id.
        let head = try EventHead(json: bytes)
        #expect(head.eventType == "AlarmExplodeEvent")
        #expect(throws: ContractError.self) { try head.supportedEventType() }
    }

    @Test("unsupported schema version")
    func unsupportedSchemaVersion() throws {
        let bytes = try example(.alarmCreate, replacing: #""schemaVersion" : 1"#, with: #""schemaVersion" : 2"#)
        let error = decodingError(bytes, as: Alarm.self)
        #expect(error?.code == .unsupportedSchemaVersion)
        #expect(error?.message == "schemaVersion: 2 is not supported for AlarmCreateEvent; this build reads 1")
    }

    @Test("a missing field, at the top and inside a list")
    func missingField() throws {
        let noCause = try example(.alarmCreate, replacing: #""probableCause" : "lossOfSignal","#, with: "")
        let error = decodingError(noCause, as: Alarm.self)
        #expect(error?.code == .missingField)
        #expect(error?.path == "event.probableCause")
        #expect(error?.message == "event.probableCause: missing")

        let noUnit = try example(.serviceOrderCreate, replacing: #""unit" : "JS-NJ""#, with: #""site" : "JS-NJ""#)
        let nested = decodingError(noUnit, as: ServiceOrder.self)
        #expect(nested?.code == .missingField)
        #expect(nested?.message == "event.accessPoints[1].unit: missing")

        let noEventType = try example(.alarmCreate, replacing: #""eventType" : "AlarmCreateEvent","#, with: "")
        #expect(decodingError(noEventType, as: Alarm.self)?.message == "eventType: missing")
    }

    @Test("a wrong enum value")
    func wrongEnumValue() throws {
        let bytes = try example(.alarmCreate, replacing: #""perceivedSeverity" : "critical""#, with: #""perceivedSeverity" : "hot""#)
        let error = decodingError(bytes, as: Alarm.self)
        #expect(error?.code == .invalidValue)
        #expect(error?.path == "event.perceivedSeverity")
        #expect(error?.message == "event.perceivedSeverity: 'hot' is not one of critical, major, minor, warning, indeterminate, cleared")

        let level = try example(.serviceOrderCreate, replacing: #""level" : "diamond""#, with: #""level" : "platinum""#)
        #expect(decodingError(level, as: ServiceOrder.self)?.message == "event.customer.level: 'platinum' is not one of key, diamond, gold, silver, bronze")
    }

    @Test("an unknown unit, with the topology")
    func unknownUnit() throws {
        let bytes = try example(.serviceOrderCreate, replacing: #""unit" : "JS-NJ""#, with: #""unit" : "GD-XX""#)
        #expect(decodingError(bytes, as: ServiceOrder.self) == nil, "without a topology any unit id is accepted")
        let error = decodingError(bytes, as: ServiceOrder.self, topology: ContractFixtures.topology)
        #expect(error?.code == .invalidValue)
        #expect(error?.message == "event.accessPoints[1].unit: unknown unit 'GD-XX'")
    }

    @Test("wrong types, unknown fields, instants without offset, nulls")
    func otherProblems() throws {
        let text = try example(.serviceOrderCreate, replacing: #""bandwidthKbps" : 100000"#, with: #""bandwidthKbps" : "100M""#)
        #expect(decodingError(text, as: ServiceOrder.self)?.message == "event.bandwidthKbps: expected an integer, got a string ('100M')")

        let extra = try example(.alarmCreate, replacing: #""probableCause""#, with: #""colour" : "red", "probableCause""#)
        let unknown = decodingError(extra, as: Alarm.self)
        #expect(unknown?.code == .unknownField)
        #expect(unknown?.message.hasPrefix("event.colour: unknown field; expected one of alarmId, state,") == true)

        let local = try example(.alarmCreate, replacing: #""alarmRaisedTime" : "2026-12-15T10:02:11+08:00""#, with: #""alarmRaisedTime" : "2026-12-15 10:02""#)
        #expect(
            decodingError(local, as: Alarm.self)?.message
                == "event.alarmRaisedTime: '2026-12-15 10:02' is not an ISO-8601 date-time with offset (e.g. 2026-11-20T16:00:00+08:00)")

        let null = try example(.alarmCreate, replacing: #""alarmId" : "NMS-GD-88412073""#, with: #""alarmId" : null"#)
        #expect(decodingError(null, as: Alarm.self)?.code == .missingField)

        let badId = try example(.alarmCreate, replacing: #""eventId" : "6f1c2a3e"#, with: #""eventId" : "x6f1c2a3e"#)
        #expect(decodingError(badId, as: Alarm.self)?.path == "eventId")
    }

    @Test("every problem at once, for an order's rejection")
    func everyProblem() throws {
        var bytes = try example(.serviceOrderCreate, replacing: #""unit" : "JS-NJ""#, with: #""unit" : "GD-XX""#)
        bytes = Array(String(decoding: bytes, as: UTF8.self)
            .replacingOccurrences(of: #""level" : "diamond""#, with: #""level" : "platinum""#)
            .replacingOccurrences(of: #""serviceType" : "ETHERNET","#, with: "").utf8)
        let problems = EventEnvelope<ServiceOrder>.problems(in: bytes, topology: ContractFixtures.topology)
        #expect(problems.map(\.message) == [
            "event.customer.level: 'platinum' is not one of key, diamond, gold, silver, bronze",
            "event.serviceType: missing",
            "event.accessPoints[1].unit: unknown unit 'GD-XX'",
        ])
        #expect(decodingError(bytes, as: ServiceOrder.self, topology: ContractFixtures.topology) == problems.first)
        let example = try #require(EventCatalogueTests.examples[.serviceOrderCreate])
        #expect(EventEnvelope<ServiceOrder>.problems(in: try example.pretty(), topology: ContractFixtures.topology).isEmpty)
    }

    @Test("an alarm event type and the alarm's state must agree")
    func alarmState() throws {
        let bytes = try example(.alarmCreate, replacing: #""state" : "raised""#, with: #""state" : "cleared""#)
        #expect(decodingError(bytes, as: Alarm.self)?.message == "event.state: 'cleared' does not match AlarmCreateEvent, which carries state 'raised'")
    }

    @Test("an event decoded as another payload type")
    func unexpectedEventType() throws {
        let example = try #require(EventCatalogueTests.examples[.alarmCreate])
        let error = decodingError(try example.pretty(), as: TroubleTicket.self)
        #expect(error?.code == .unexpectedEventType)
        #expect(error?.message == "eventType: AlarmCreateEvent carries Alarm, not TroubleTicket")
    }

    @Test("instants are read with any offset and written with +08:00")
    func instants() throws {
        let utc = try example(.alarmCreate, replacing: #""alarmRaisedTime" : "2026-12-15T10:02:11+08:00""#, with: #""alarmRaisedTime" : "2026-12-15T02:02:11.250Z""#)
        let envelope = try EventEnvelope<Alarm>.decode(utc)
        #expect(envelope.event.alarmRaisedTime == ContractFixtures.at("2026-12-15T10:02:11+08:00").addingTimeInterval(0.25))
        let written = String(decoding: try envelope.encoded(), as: UTF8.self)
        #expect(written.contains(#""alarmRaisedTime":"2026-12-15T10:02:11.250+08:00""#))
    }
}

@Suite("A bare payload (a feed file) is checked like the envelope's event")
struct PayloadCheckTests {
    let order = #"{"id":"SO-1","action":"add","state":"acknowledged","customer":{"id":"C-1","name":"n","level":"gold"},"serviceType":"ETHERNET","bandwidthKbps":1000,"accessPoints":[{"id":"A","unit":"GD-GZ","address":"a"},{"id":"Z","unit":"GD-SZ","address":"z"}],"initiatingUnit":"GD-GZ","customerManager":{"name":"m","phone":"1"},"requestedDate":"2026-12-01","orderDate":"2026-11-23T09:00:00+08:00"}"#

    @Test("a valid payload decodes; every problem of a broken one is listed with its path inside the payload")
    func payloadProblems() throws {
        let topology = ContractFixtures.topology
        let decoded = try EventEnvelope<ServiceOrder>.decodePayload(Array(order.utf8), as: .serviceOrderCreate, topology: topology)
        #expect(decoded.accessPoints.map(\.unit) == ["GD-GZ", "GD-SZ"])
        let broken = order.replacingOccurrences(of: #""unit":"GD-SZ""#, with: #""unit":"GD-XX""#)
            .replacingOccurrences(of: #""serviceType":"ETHERNET""#, with: #""serviceType":"X.25""#)
        let problems = EventEnvelope<ServiceOrder>.payloadProblems(in: Array(broken.utf8), as: .serviceOrderCreate, topology: topology)
        #expect(Set(problems.map(\.path)) == ["serviceType", "accessPoints[1].unit"])
        #expect(problems.allSatisfy { $0.code == .invalidValue })
        #expect(throws: ContractError.self) {
            _ = try EventEnvelope<ServiceOrder>.decodePayload(Array(broken.utf8), as: .serviceOrderCreate, topology: topology)
        }
        let wrongType = EventEnvelope<ServiceOrder>.payloadProblems(in: Array(order.utf8), as: .alarmCreate)
        #expect(wrongType.map(\.code) == [.unexpectedEventType])
    }
}
