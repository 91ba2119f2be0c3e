import Foundation
import OnePointDomain
import Testing

/// DOMAIN.md §5: accept point by point, then as a whole; each leg's in-progress inspection goes
/// with its engineering.
@Suite("acceptance point by point, then as a whole")
struct LegAcceptanceTests {
    typealias F = TimeFixtures

    @Test("the in-progress inspection goes with engineering; a failed one changes nothing, a passed one opens the way out")
    func inspection() throws {
        var leg = LegAcceptance()
        let early = #expect(throws: DomainError.self) { try leg.inspect(passed: true, at: F.at("2026-11-23 10:00"), stage: .resourceDispatch) }
        #expect(early?.code == .invalidTransition)
        #expect(early?.message.contains("goes with engineering; the work order is in resourceDispatch") == true)
        let blocked = #expect(throws: DomainError.self) { try leg.checkMove(from: .engineering, to: .configurationActivation) }
        #expect(blocked?.message.contains("before its in-progress inspection") == true)
        try leg.inspect(passed: false, at: F.at("2026-11-23 11:00"), stage: .engineering)
        #expect(!leg.isInspected)
        #expect(throws: DomainError.self) { try leg.checkMove(from: .engineering, to: .configurationActivation) }
        try leg.inspect(passed: true, at: F.at("2026-11-23 15:00"), stage: .engineering)
        #expect(leg.inspectedAt == (try F.at("2026-11-23 15:00")))
        try leg.checkMove(from: .engineering, to: .configurationActivation)
        #expect(throws: DomainError.self) { try leg.inspect(passed: true, at: F.at("2026-11-23 16:00"), stage: .engineering) }
        // Moves that do not leave engineering are not its business.
        try LegAcceptance().checkMove(from: .resourceDispatch, to: .engineering)
        try LegAcceptance().checkMove(from: .localTest, to: .localCompletion)
    }

    @Test("a point is accepted after its local completion; a failed point is cleared for its rework")
    func point() throws {
        var leg = LegAcceptance()
        try leg.inspect(passed: true, at: F.at("2026-11-23 15:00"), stage: .engineering)
        let early = #expect(throws: DomainError.self) { try leg.acceptPoint(passed: true, at: F.at("2026-11-24 10:00"), locallyComplete: false) }
        #expect(early?.message.contains("follows its local completion") == true)
        try leg.acceptPoint(passed: false, at: F.at("2026-11-25 10:00"), locallyComplete: true)
        #expect(!leg.isAccepted && !leg.isInspected, "back to engineering: inspected and accepted again")
        let uninspected = #expect(throws: DomainError.self) { try leg.acceptPoint(passed: true, at: F.at("2026-11-25 11:00"), locallyComplete: true) }
        #expect(uninspected?.message.contains("in-progress inspection") == true)
        try leg.inspect(passed: true, at: F.at("2026-11-26 10:00"), stage: .engineering)
        try leg.acceptPoint(passed: true, at: F.at("2026-11-27 10:00"), locallyComplete: true)
        #expect(leg.acceptedAt == (try F.at("2026-11-27 10:00")))
        #expect(throws: DomainError.self) { try leg.acceptPoint(passed: true, at: F.at("2026-11-27 11:00"), locallyComplete: true) }
    }

    @Test("a preliminary acceptance is the point's until the leg's own passed; one leg is the whole")
    func scope() throws {
        var accepted = LegAcceptance()
        try accepted.inspect(passed: true, at: F.at("2026-11-23 15:00"), stage: .engineering)
        try accepted.acceptPoint(passed: true, at: F.at("2026-11-24 10:00"), locallyComplete: true)
        #expect(LegAcceptance.scope(of: LegAcceptance(), legs: 3) == .point)
        #expect(LegAcceptance.scope(of: accepted, legs: 3) == .whole)
        #expect(LegAcceptance.scope(of: LegAcceptance(), legs: 1) == .whole)
    }

    @Test("the whole order's preliminary acceptance waits for every point, naming those not accepted")
    func whole() throws {
        var accepted = LegAcceptance()
        try accepted.inspect(passed: true, at: F.at("2026-11-23 15:00"), stage: .engineering)
        try accepted.acceptPoint(passed: true, at: F.at("2026-11-24 10:00"), locallyComplete: true)
        let error = #expect(throws: DomainError.self) {
            try LegAcceptance.requireEveryPointAccepted([("GD", accepted), ("GD-GZ", LegAcceptance()), ("GD-SZ", LegAcceptance())])
        }
        #expect(error?.code == .invalidTransition)
        #expect(error?.message.hasSuffix("not yet accepted: GD-GZ, GD-SZ") == true)
        try LegAcceptance.requireEveryPointAccepted([("GD", accepted), ("GD-GZ", accepted)])
        try LegAcceptance.requireEveryPointAccepted([("GD-GZ", LegAcceptance())])
    }

    @Test("stored legs round-trip")
    func codable() throws {
        var leg = LegAcceptance()
        try leg.inspect(passed: true, at: F.at("2026-11-23 15:00"), stage: .engineering)
        #expect(try JSONDecoder().decode(LegAcceptance.self, from: JSONEncoder().encode(leg)) == leg)
    }
}
