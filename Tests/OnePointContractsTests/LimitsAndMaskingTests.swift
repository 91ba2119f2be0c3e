import Foundation
import OnePointContracts
import OnePointDomain
import Testing

/// Issue 17, items 6 and 4: bounded strings and lists in the events people and feeds send, and
/// phone numbers masked for reading.
@Suite("Contract limits (maxLength, maxItems) and personal-data masking")
struct LimitsAndMaskingTests {
    func decodingError<P: EventPayload>(_ text: String, as type: P.Type) -> ContractError? {
        do {
            _ = try EventEnvelope<P>.decode(Array(text.utf8), topology: ContractFixtures.topology)
            return nil
        } catch {
            return error
        }
    }

    func example(_ type: EventType) throws -> String {
        let example = try #require(EventCatalogueTests.examples[type])
        return String(decoding: try example.pretty(), as: UTF8.self)
    }

    @Test("a note of 4 000 characters is read; one more is invalid-value naming the field and the bound")
    func noteLength() throws {
        let text = try example(.troubleTicketCommand)
        let old = "抢修队已到达断点 Repair crew at the cut"
        #expect(text.contains(old))
        let longest = text.replacingOccurrences(of: old, with: String(repeating: "断", count: SchemaLimits.maxTextLength))
        #expect(decodingError(longest, as: TicketCommand.self) == nil)
        let tooLong = text.replacingOccurrences(of: old, with: String(repeating: "断", count: SchemaLimits.maxTextLength + 1))
        let error = try #require(decodingError(tooLong, as: TicketCommand.self))
        #expect(error.code == .invalidValue)
        #expect(error.message == "event.note: 4001 characters; at most 4000 are accepted (maxLength)")
    }

    @Test("a list of more than 1 000 items is invalid-value; circuit lists hold up to 100 000")
    func listLength() throws {
        let text = try example(.cutoverPlanAttributeValueChange)
        let anchor = #""cutoverId" : "CO-2026-1125-GZ-01","#
        let elements = (0...SchemaLimits.maxListItems).map { "\"E-\($0)\"" }.joined(separator: ",")
        let tooMany = text.replacingOccurrences(of: anchor, with: anchor + #" "addElementIds": ["# + elements + "],")
        let error = try #require(decodingError(tooMany, as: CutoverRevision.self))
        #expect(error.message == "event.addElementIds: 1001 items; at most 1000 are accepted (maxItems)")
        let circuits = (0...SchemaLimits.maxListItems).map { "\"C-\($0)\"" }.joined(separator: ",")
        let manyCircuits = text.replacingOccurrences(of: anchor, with: anchor + #" "addCircuitIds": ["# + circuits + "],")
        #expect(decodingError(manyCircuits, as: CutoverRevision.self) == nil)
    }

    @Test("events the workers emit are not bounded; the schema files say so")
    func outputsUnbounded() throws {
        let schema = try String(contentsOf: ContractFixtures.repositoryRoot.appendingPathComponent("schemas/TroubleTicketCommandEvent.v2.json"), encoding: .utf8)
        #expect(schema.contains("\"maxLength\": 4000"))
        let ticket = try String(contentsOf: ContractFixtures.repositoryRoot.appendingPathComponent("schemas/TroubleTicketCreateEvent.v2.json"), encoding: .utf8)
        #expect(!ticket.contains("maxLength"))
    }

    @Test("phone numbers are masked: under phone keys whatever their form, mobile numbers in free text; ids and dates are not")
    func masking() throws {
        #expect(PersonalData.maskPhone("13812345678") == "138****5678")
        #expect(PersonalData.maskPhone("+86 138 1234 5678") == "+86 138****5678")
        #expect(PersonalData.maskPhone("020-8888 1234") == "020****1234")
        #expect(PersonalData.maskText("call 13812345678 or +86 139-0000-1111 now") == "call 138****5678 or +86 139****1111 now")
        let untouched = "SO-2026-1123-0001 at 2026-11-23T10:00:00+08:00, ticket TT-2026-1215-0007, 12345678901234"
        #expect(PersonalData.maskText(untouched) == untouched)
        let json: [String: Any] = ["customerManager": ["name": "王经理", "phone": "020-8888 1234"], "note": "回电 13812345678"]
        let masked = try #require(PersonalData.maskJSON(json) as? [String: Any])
        #expect((masked["customerManager"] as? [String: Any])?["phone"] as? String == "020****1234")
        #expect((masked["customerManager"] as? [String: Any])?["name"] as? String == "王经理")
        #expect(masked["note"] as? String == "回电 138****5678")
    }
}
