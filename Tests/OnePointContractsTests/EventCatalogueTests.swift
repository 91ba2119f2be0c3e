import Foundation
import OnePointContracts
import OnePointDomain
import Testing

@Suite("Event catalogue")
struct EventCatalogueTests {
    static let examples: [EventType: ContractExample] = Dictionary(
        ContractExamples.all.map { ($0.type, $0) }, uniquingKeysWith: { first, _ in first })

    @Test("every event type has exactly one example, and every payload type a schema")
    func everyTypeHasAnExample() throws {
        #expect(ContractExamples.all.count == EventType.allCases.count)
        #expect(Set(Self.examples.keys) == Set(EventType.allCases))
        for type in EventType.allCases {
            let schema = try type.jsonSchema()
            #expect(schema.contains("\"$id\": \"https://onepoint.example/schemas/\(type.rawValue).v\(type.schemaVersion).json\""))
        }
    }

    @Test("every example encodes, and decodes back equal", arguments: EventType.allCases)
    func roundTrip(type: EventType) throws {
        let example = try #require(Self.examples[type])
        let bytes = try example.pretty()
        #expect(try example.decodesEqual(bytes))
        let head = try EventHead(json: bytes)
        #expect(head.eventType == type.rawValue)
        #expect(head.schemaVersion == type.schemaVersion)
        #expect(try head.supportedEventType() == type)
    }

    @Test("every example validates against its JSON Schema (Python jsonschema, draft 2020-12)")
    func examplesValidateAgainstSchemas() throws {
        let types = EventType.allCases
        var pairs: [(schema: String, instance: [UInt8])] = []
        for type in types {
            let example = try #require(Self.examples[type])
            pairs.append((try type.jsonSchema(), try example.pretty()))
        }
        // Controls: the validator must refuse an unknown field, a wrong enum value and an
        // instant without an offset, or the check above proves nothing.
        let alarm = try #require(Self.examples[.alarmCreate])
        let alarmText = String(decoding: try alarm.pretty(), as: UTF8.self)
        let controls = [
            alarmText.replacingOccurrences(of: "\"probableCause\"", with: "\"colour\": \"red\",\n    \"probableCause\""),
            alarmText.replacingOccurrences(of: "\"perceivedSeverity\" : \"critical\"", with: "\"perceivedSeverity\" : \"hot\""),
            alarmText.replacingOccurrences(of: "2026-12-15T10:02:11+08:00", with: "2026-12-15T10:02:11"),
        ]
        #expect(Set(controls).count == 3 && !controls.contains(alarmText), "the controls must change the instance")
        for control in controls { pairs.append((try EventType.alarmCreate.jsonSchema(), Array(control.utf8))) }

        let results = try SchemaValidator.validate(pairs)
        for (type, errors) in zip(types, results) {
            #expect(errors.isEmpty, "\(type) does not validate against schemas/\(type.schemaFileName): \(errors)")
        }
        for (index, errors) in results.suffix(controls.count).enumerated() {
            #expect(!errors.isEmpty, "control \(index) should fail validation")
        }
    }

    @Test("schemas/ holds the schema the code generates for every event type")
    func schemaFilesMatchTheCode() throws {
        for type in EventType.allCases {
            GoldenFiles.expect(ContractFixtures.schemasDirectory.appendingPathComponent(type.schemaFileName), holds: try type.jsonSchema())
        }
        // Earlier versions' schemas stay, frozen, for readers of old records.
        let older = EventType.allCases.flatMap { type in (1..<type.schemaVersion).map { "\(type.rawValue).v\($0).json" } }
        for name in older {
            #expect(FileManager.default.fileExists(atPath: ContractFixtures.schemasDirectory.appendingPathComponent(name).path), "schemas/\(name) is kept")
        }
        GoldenFiles.expectOnly(Set(EventType.allCases.map(\.schemaFileName) + older), in: ContractFixtures.schemasDirectory, suffix: ".json")
    }

    @Test("docs/examples and docs/events.md show the examples the tests check")
    func documentationMatchesTheCode() throws {
        var texts: [EventType: String] = [:]
        for type in EventType.allCases {
            let example = try #require(Self.examples[type])
            let text = String(decoding: try example.pretty(), as: UTF8.self) + "\n"
            texts[type] = text
            GoldenFiles.expect(ContractFixtures.examplesDirectory.appendingPathComponent("\(type).json"), holds: text)
        }
        GoldenFiles.expectOnly(Set(EventType.allCases.map { "\($0).json" }), in: ContractFixtures.examplesDirectory, suffix: ".json")

        let document = try String(contentsOf: ContractFixtures.eventsDocument, encoding: .utf8)
        let regenerated = try #require(
            EventsDocument.replacingGenerated(in: document, with: EventsDocument.render(examples: texts)),
            "docs/events.md lacks the generated-catalogue markers")
        GoldenFiles.expect(ContractFixtures.eventsDocument, holds: regenerated)
    }

    @Test("each event type's topic is one its emitters write and its readers read")
    func topicsAreInTheCatalogue() {
        for type in EventType.allCases {
            #expect(Topic.allCases.contains(type.topic))
            #expect((1...3).contains(type.schemaVersion))
        }
        #expect(EventType.alarmCreate.topic == .alarms)
        #expect(EventType.troubleTicketStatusChange.topic == .tickets)
        #expect(EventType.circuitUpdate.topic.isCompacted)
        #expect(EventType.plannedOutage.topic.isCompacted)
    }
}
