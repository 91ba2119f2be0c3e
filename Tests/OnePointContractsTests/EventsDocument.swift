import Foundation
import OnePointContracts

/// The generated part of `docs/events.md`: an index and one section per event type, with its
/// topic, key, emitter, payload, schema and example, made from the catalogue.
enum EventsDocument {
    static let begin = "<!-- BEGIN GENERATED CATALOGUE: edit Sources/OnePointContracts, then run the tests with ONEPOINT_RECORD_CONTRACTS=1 -->"
    static let end = "<!-- END GENERATED CATALOGUE -->"

    static let groups: [(title: String, domain: EventDomain)] = [
        ("Provisioning (售前, 售中)", .provisioning),
        ("Inventory (资源, compacted)", .inventory),
        ("Faults (售后: 故障)", .fault),
        ("Cutovers (割接)", .cutover),
        ("Reports (报告与考核)", .reporting),
        ("Operations", .operations),
    ]

    /// The text between the markers, markers included.
    static func render(examples: [EventType: String]) -> String {
        var text = begin + "\n\n## Index\n\n| event type | topic | key | emitted by |\n|---|---|---|---|\n"
        for type in EventType.allCases {
            text += "| [`\(type)`](#\(type.rawValue.lowercased())) | `\(type.topic.defaultName)` | \(type.keyDescription) | \(type.emittedBy) |\n"
        }
        for group in groups {
            let types = EventType.allCases.filter { $0.domain == group.domain }
            guard !types.isEmpty else { continue }
            text += "\n## \(group.title)\n"
            for type in types {
                text += """

                    ### \(type)

                    \(type.summary)

                    - topic: `\(type.topic.defaultName)`; key: \(type.keyDescription)
                    - emitted by: \(type.emittedBy)
                    - payload: `\(type.payloadType)`; schema: [`schemas/\(type.schemaFileName)`](../schemas/\(type.schemaFileName)); example: [`docs/examples/\(type).json`](examples/\(type).json)\(limits(type))

                    ```json
                    \(examples[type, default: "(no example)"])```

                    """
            }
        }
        return text + "\n" + end
    }

    /// The limits line of a bounded event type (docs/security.md), empty for the others.
    static func limits(_ type: EventType) -> String {
        guard type.isBounded else { return "" }
        return "\n- limits: every string at most \(SchemaLimits.maxTextLength) characters, every list at most \(SchemaLimits.maxListItems) items (lists of circuits \(SchemaLimits.maxCircuitListItems)); longer is a dead letter `invalid-value` ([security](security.md#limits-on-what-one-message-may-carry))"
    }

    /// `document` with its generated part replaced by `generated`, or `nil` without markers.
    static func replacingGenerated(in document: String, with generated: String) -> String? {
        guard let start = document.range(of: begin), let stop = document.range(of: end), start.lowerBound < stop.lowerBound else {
            return nil
        }
        return String(document[..<start.lowerBound]) + generated + String(document[stop.upperBound...])
    }
}
