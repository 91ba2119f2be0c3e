import Foundation
import OnePointDomain
import Testing

@testable import OnePointContracts

/// ``SchemaNode/accepts(_:units:)`` (the allocation-free check of a valid event) must agree with
/// ``SchemaNode/collect(_:path:units:into:)`` (the one that lists every problem) on every value.
@Suite("The quick schema check agrees with the full one")
struct SchemaAcceptanceTests {
    /// Every example with each of its members, in turn, removed, nulled, replaced by a value of
    /// every kind, or given an unknown sibling; with and without the topology.
    @Test("every example and thousands of broken variants of it", arguments: EventType.allCases)
    func variants(type: EventType) throws {
        let example = try #require(EventCatalogueTests.examples[type])
        let object = try JSONValue.parseObject(example.pretty())
        let node = try type.envelopeNode()
        var checked = 0
        for variant in Self.variants(of: .object(object)) {
            for units in [nil, ContractFixtures.topology] {
                var problems: [ContractError] = []
                node.collect(variant, path: "", units: units, into: &problems)
                #expect(node.accepts(variant, units: units) == problems.isEmpty, "\(problems.first?.description ?? "accepted by collect")")
                checked += 1
            }
        }
        #expect(checked > 20)
    }

    static let replacements: [JSONValue] = [
        .null, .bool(true), .number(1, isInteger: true), .number(-1.5, isInteger: false), .string(""), .string("x"),
        .string("GD-XX"), .string("GD-GZ"), .string("2026-11-20T16:00:00+08:00"), .string("2026-11-20T16:00:00"), .string("2026-02-30"),
        .string("6f1c2a3e-5b7d-4c2a-9e1f-000000019a11"), .string("critical"), .string("raised"), .array([]), .array([.string("x")]),
        .object([:]), .object(["id": .string("x")]),
    ]

    /// `value` and its variants (see ``variants(type:)``).
    static func variants(of value: JSONValue) -> [JSONValue] {
        var result: [JSONValue] = [value]
        switch value {
        case .object(let members):
            var unknown = members
            unknown["notAField"] = .string("x")
            result.append(.object(unknown))
            for (name, member) in members {
                var removed = members
                removed[name] = nil
                result.append(.object(removed))
                for replacement in replacements {
                    var replaced = members
                    replaced[name] = replacement
                    result.append(.object(replaced))
                }
                for inner in variants(of: member).dropFirst() {
                    var replaced = members
                    replaced[name] = inner
                    result.append(.object(replaced))
                }
            }
        case .array(let elements):
            result.append(.array([]))
            for (index, element) in elements.enumerated() {
                for replacement in replacements + variants(of: element).dropFirst() {
                    var replaced = elements
                    replaced[index] = replacement
                    result.append(.array(replaced))
                }
            }
        default:
            break
        }
        return result
    }
}
