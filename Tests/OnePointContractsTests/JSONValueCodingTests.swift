import Foundation
import OnePointDomain
import Testing

@testable import OnePointContracts

@Suite("Reading and writing JSON without JSONDecoder and JSONEncoder")
struct JSONValueCodingTests {
    /// Event types whose payloads hold a `Decimal`: left to `JSONDecoder` and `JSONEncoder`.
    static let decimalTypes: Set<EventType> = [.testReportCreate, .testReportEvaluated, .scorecard, .assessmentRecord, .monthlyReport]

    @Test("every example: written byte for byte as JSONEncoder writes it, decoded as JSONDecoder decodes it", arguments: EventType.allCases)
    func everyExample(type: EventType) throws {
        let comparison = try #require(EventCatalogueTests.examples[type]).codingComparison()
        #expect(comparison.encodedEqual)
        #expect(comparison.recordEqual)
        #expect(comparison.decodesEqual)
        #expect(comparison.valueRoundTrips)
        if let valueBytes = comparison.valueBytes {
            #expect(valueBytes == comparison.foundationBytes)
        }
        if let decodes = comparison.decodesAsFoundation {
            #expect(decodes)
        }
        if !Self.decimalTypes.contains(type) {
            #expect(comparison.valueBytes != nil, "\(type) should be written without JSONEncoder")
            #expect(comparison.decodesAsFoundation != nil, "\(type) should be decoded without JSONDecoder")
        }
    }

    @Test("every example file under docs/examples decodes as JSONDecoder decodes it")
    func exampleFiles() throws {
        let directory = ContractFixtures.examplesDirectory
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }
        #expect(files.count == EventType.allCases.count)
        for file in files {
            let bytes = Array(try Data(contentsOf: directory.appendingPathComponent(file)))
            let type = try EventHead(json: bytes).supportedEventType()
            let example = try #require(EventCatalogueTests.examples[type])
            #expect(try example.decodesEqual(bytes), "\(file)")
        }
    }

    struct Sample: Codable, Equatable {
        enum Colour: String, Codable, CaseIterable, CodingKeyRepresentable { case red, green }
        struct Inner: Codable, Equatable {
            var name: String
            var when: Date?
        }
        var text: String
        var count: Int
        var ratio: Double
        var flag: Bool
        var optional: String?
        var list: [Inner]
        var grid: [[Int]]
        var byColour: [Colour: Int]
        var byName: [String: [String]]
        var unit: UnitID
        var day: CivilDate

        enum CodingKeys: String, CodingKey { case text, count, ratio, flag, optional, list, grid, byColour, byName, unit, day }
    }

    static let sampleJSON = #"""
        {"text":"a\/b \"q\" \\ \u00e9 😀 \n","count":-42,"ratio":0.1,"flag":true,"optional":null,
         "list":[{"name":"x","when":"2026-11-20T08:00:00.250Z"},{"name":"y"}],"grid":[[1,2],[],[3]],
         "byColour":{"red":1,"green":2},"byName":{"k":["v","w"],"":[]},"unit":"GD-GZ","day":"2026-02-28"}
        """#

    @Test("a value of every kind decodes as JSONDecoder decodes it")
    func everyKind() throws {
        let bytes = Array(Self.sampleJSON.utf8)
        let foundation = try ContractJSON.decoder().decode(Sample.self, from: Data(bytes))
        let decoded = try JSONValue.object(JSONValue.parseObject(bytes)).decode(Sample.self)
        #expect(decoded == foundation)
    }

    @Test("the alarm envelope's enums: every case as JSONDecoder reads it; an unknown value, a number or null fails as it fails there")
    func plainEnums() throws {
        struct Holder<E: Codable & Equatable>: Codable, Equatable { var value: E; var list: [E]; var absent: E? }
        func check<E: Codable & Equatable & CaseIterable & RawRepresentable>(_ type: E.Type) throws where E.RawValue == String {
            for value in E.allCases {
                let bytes = Array(#"{"value":"\#(value.rawValue)","list":["\#(value.rawValue)"]}"#.utf8)
                let foundation = try ContractJSON.decoder().decode(Holder<E>.self, from: Data(bytes))
                #expect(try JSONValue.object(JSONValue.parseObject(bytes)).decode(Holder<E>.self) == foundation)
            }
            for wrong in [#""no-such-case""#, "7", "null"] {
                let bytes = Array(#"{"value":\#(wrong),"list":[]}"#.utf8)
                #expect(throws: (any Error).self) { try ContractJSON.decoder().decode(Holder<E>.self, from: Data(bytes)) }
                #expect(throws: (any Error).self) { try JSONValue.object(JSONValue.parseObject(bytes)).decode(Holder<E>.self) }
            }
        }
        try check(EventType.self)
        try check(EventDomain.self)
        try check(EventPriority.self)
        try check(Alarm.State.self)
        try check(Alarm.PerceivedSeverity.self)
        try check(Alarm.AlarmType.self)
        try check(Alarm.AlarmedObject.Kind.self)
    }

    @Test("what JSONDecoder decodes differently is left to it")
    func refusals() throws {
        struct Amount: Codable { var value: Decimal }
        struct Big: Codable { var value: Int }
        struct Small: Codable { var value: Int32 }
        let amount = JSONValue.object(try JSONValue.parseObject(Array(#"{"value":0.1}"#.utf8)))
        #expect(throws: JSONValue.DecodingRefused.self) { try amount.decode(Amount.self) }
        let big = JSONValue.object(try JSONValue.parseObject(Array(#"{"value":9007199254740993}"#.utf8)))
        #expect(throws: JSONValue.DecodingRefused.self) { try big.decode(Big.self) }
        let small = JSONValue.object(try JSONValue.parseObject(Array(#"{"value":1}"#.utf8)))
        #expect(throws: JSONValue.DecodingRefused.self) { try small.decode(Small.self) }
        #expect(throws: JSONValue.EncodingRefused.self) { try JSONValue.encoding(Amount(value: 1)) }
        #expect(throws: JSONValue.EncodingRefused.self) { try JSONValue.encoding(Big(value: 1 << 60)) }
        #expect(throws: JSONValue.EncodingRefused.self) { try JSONValue.encoding(Small(value: 1)) }
    }

    @Test("a value of every kind is written as JSONEncoder writes it")
    func everyKindWritten() throws {
        var sample = try ContractJSON.decoder().decode(Sample.self, from: Data(Self.sampleJSON.utf8))
        sample.ratio = 1  // a Double is left to JSONEncoder: none here
        struct Written: Encodable {
            var sample: Sample
            func encode(to encoder: any Encoder) throws {
                // Everything but the Double.
                var container = encoder.container(keyedBy: Sample.CodingKeys.self)
                try container.encode(sample.text, forKey: .text)
                try container.encode(sample.count, forKey: .count)
                try container.encode(sample.flag, forKey: .flag)
                try container.encodeIfPresent(sample.optional, forKey: .optional)
                try container.encodeNil(forKey: .optional)
                try container.encode(sample.list, forKey: .list)
                try container.encode(sample.grid, forKey: .grid)
                try container.encode(sample.byColour, forKey: .byColour)
                try container.encode(sample.byName, forKey: .byName)
                try container.encode(sample.unit, forKey: .unit)
                try container.encode(sample.day, forKey: .day)
            }
        }
        let value = try JSONValue.encoding(Written(sample: sample))
        #expect(try value.serialized() == Array(try ContractJSON.encoder().encode(Written(sample: sample))))
    }

    @Test("strings and names are escaped as JSONEncoder escapes them, and names sorted by their UTF-8 bytes")
    func escapes() throws {
        var text = String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self)
        text += "é ñ 😀 \u{2028} \u{2029} \u{FEFF} \u{7F} / \\ \" e\u{301}"
        let names = ["b", "B", "a", "é", "Z", "aa", "a ", "", "_", "😀", "\u{1}", "z/", text]
        let dictionary = Dictionary(uniqueKeysWithValues: names.map { ($0, text) })
        let value = try JSONValue.encoding(dictionary)
        let bytes = try value.serialized()
        #expect(bytes == Array(try ContractJSON.encoder().encode(dictionary)))
        #expect(try JSONValue.object(JSONValue.parseObject(bytes)) == value)
    }

    @Test("a structure with nothing in it, an empty list and a null are written as JSONEncoder writes them")
    func emptyValues() throws {
        struct Empty: Codable { var a: String? }
        struct Holder: Encodable {
            var empty = Empty()
            var list: [Int] = []
            var map: [String: Int] = [:]
            var nothing: String? = nil
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(empty, forKey: .empty)
                try container.encode(list, forKey: .list)
                try container.encode(map, forKey: .map)
                try container.encode(nothing, forKey: .nothing)
            }
            enum CodingKeys: String, CodingKey { case empty, list, map, nothing }
        }
        #expect(try JSONValue.encoding(Holder()).serialized() == Array(try ContractJSON.encoder().encode(Holder())))
    }

    @Test("a document that repeats a name decodes as before: checked by its last value, decoded by JSONDecoder")
    func repeatedNames() throws {
        let example = try #require(EventCatalogueTests.examples[.alarmCreate])
        let text = String(decoding: try example.pretty(), as: UTF8.self)
        let repeated = text.replacingOccurrences(of: #""reportingSystemId" : "GD-OTN-NMS""#, with: #""reportingSystemId" : "FIRST", "reportingSystemId" : "GD-OTN-NMS""#)
        #expect(repeated != text)
        let bytes = Array(repeated.utf8)
        #expect(try JSONValue.parseDocument(bytes).repeatsNames)
        #expect(try !JSONValue.parseDocument(example.pretty()).repeatsNames)
        let decoded = try EventEnvelope<Alarm>.decode(bytes)
        let foundation = try ContractJSON.decoder().decode(EventEnvelope<Alarm>.self, from: Data(bytes))
        #expect(decoded == foundation)
        #expect(decoded.event.reportingSystemId == "FIRST")
    }

    /// A payload whose decoding enforces rules of its own, as domain types do.
    struct Ruled: Decodable {
        struct Item: Decodable {
            var code: String
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                code = try container.decode(String.self, forKey: .code)
                guard code.count == 3 else {
                    throw DecodingError.dataCorruptedError(forKey: .code, in: container, debugDescription: "'\(code)' is not 3 letters")
                }
            }
            enum CodingKeys: String, CodingKey { case code }
        }
        var count: Int
        var items: [Item]
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            count = try container.decode(Int.self, forKey: .count)
            guard count >= 0 else { throw DomainError(.invalidValue, "count must be 0 or more, got \(count)") }
            items = try container.decode([Item].self, forKey: .items)
            _ = try container.decode(String.self, forKey: .missing)
        }
        enum CodingKeys: String, CodingKey { case count, items, missing }
    }

    @Test(
        "a rule a type enforces while decoding is reported as JSONDecoder reported it",
        arguments: [
            #"{"count":-1,"items":[],"missing":"x"}"#, #"{"count":1,"items":[{"code":"abc"},{"code":"ab"}],"missing":"x"}"#,
            #"{"count":1,"items":[{"code":"abc"}]}"#, #"{"count":1,"items":[{"code":7}],"missing":"x"}"#,
            #"{"count":1,"items":[null],"missing":"x"}"#,
        ])
    func ruleErrors(json: String) throws {
        let bytes = Array(json.utf8)
        let value = JSONValue.object(try JSONValue.parseObject(bytes))
        var fast: ContractError?
        do { _ = try EventEnvelope<Alarm>.read(Ruled.self, from: value, bytes: bytes, domainPath: "event") } catch { fast = error }
        var foundation: ContractError?
        do { _ = try EventEnvelope<Alarm>.read(Ruled.self, from: bytes, domainPath: "event") } catch { foundation = error }
        #expect(fast != nil)
        #expect(fast == foundation)
    }
}
