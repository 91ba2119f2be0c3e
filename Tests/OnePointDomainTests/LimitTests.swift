import Foundation
import OnePointDomain
import Testing

@Suite struct LimitTests {
    @Test(arguments: [
        (Limit.workingHalfDays(13), "6.5 working days"), (.workingHalfDays(18), "9 working days"),
        (.workingHalfDays(2), "1 working day"), (.workingHalfDays(1), "0.5 working days"),
        (.workingHalfDays(36), "18 working days"), (.minutes(240), "4 hours"), (.minutes(90), "1.5 hours"),
        (.minutes(60), "1 hour"), (.minutes(30), "30 minutes"), (.minutes(45), "45 minutes"),
        (.minutes(100), "100 minutes"), (.minutes(1), "1 minute"), (.minutes(480), "8 hours"),
    ])
    func describes(_ limit: Limit, _ text: String) {
        #expect(limit.description == text)
    }

    @Test func kindsAndCodable() throws {
        #expect(Limit.workingHalfDays(3).isWorkingTime && !Limit.minutes(3).isWorkingTime)
        let limits: [Limit] = [.workingHalfDays(13), .minutes(90)]
        let data = try JSONEncoder().encode(limits)
        #expect(String(decoding: data, as: UTF8.self) == #"[{"workingHalfDays":13},{"minutes":90}]"#)
        #expect(try JSONDecoder().decode([Limit].self, from: data) == limits)
        for bad in [#"{"minutes": -1}"#, #"{}"#, #"{"minutes": 1, "workingHalfDays": 2}"#] {
            #expect(throws: DomainError.self) { try JSONDecoder().decode(Limit.self, from: Data(bad.utf8)) }
        }
    }

    @Test func secondsPerLimit() throws {
        let clock = try TimeFixtures.clock()
        #expect(try clock.seconds(in: .workingHalfDays(18)) == 72 * 3600)
        #expect(try clock.seconds(in: .workingHalfDays(1)) == 4 * 3600)
        #expect(try clock.seconds(in: .minutes(90)) == 5400)
        #expect(throws: DomainError.self) { try clock.seconds(in: .workingHalfDays(Int.max)) }
    }
}
