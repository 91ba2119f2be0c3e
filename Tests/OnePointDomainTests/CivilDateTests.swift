import Foundation
import OnePointDomain
import Testing

@Suite struct CivilDateTests {
    @Test func parsesAndPrints() throws {
        let date = try CivilDate(parsing: "2026-11-25")
        #expect(date.year == 2026 && date.month == 11 && date.day == 25)
        #expect(date.description == "2026-11-25")
        #expect(try CivilDate(year: 2026, month: 2, day: 5).description == "2026-02-05")
    }

    @Test(arguments: ["2026-02-30", "2026-13-01", "2026-1-05", "26-01-05", "2026-01-05x", "", "2026/01/05", "0000-01-01"])
    func rejectsBadText(_ text: String) {
        let error = #expect(throws: DomainError.self) { try CivilDate(parsing: text) }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.contains("'\(text)'") == true)
    }

    @Test func leapYears() throws {
        #expect(throws: Never.self) { try CivilDate(year: 2024, month: 2, day: 29) }
        #expect(throws: DomainError.self) { try CivilDate(year: 2026, month: 2, day: 29) }
        #expect(throws: DomainError.self) { try CivilDate(year: 1900, month: 2, day: 29) }
        #expect(throws: Never.self) { try CivilDate(year: 2000, month: 2, day: 29) }
    }

    @Test func weekdaysAndArithmetic() throws {
        let friday = try CivilDate(parsing: "2026-11-20")
        #expect(friday.weekday == 5 && !friday.isWeekend)
        #expect(friday.adding(days: 1).isWeekend && friday.adding(days: 2).weekday == 7)
        #expect(try CivilDate(parsing: "1970-01-01").weekday == 4)
        #expect(friday.adding(days: 41).description == "2026-12-31")
        #expect(friday.adding(days: 42).description == "2027-01-01")
        #expect(friday.adding(days: -325).description == "2025-12-30")
        #expect(try CivilDate(parsing: "2024-02-28").adding(days: 1).description == "2024-02-29")
    }

    @Test func dayNumbersRoundTripOverFourCenturies() throws {
        var day = try CivilDate(parsing: "1900-01-01")
        var previous = day
        for _ in 0..<(146_097 + 400) {
            day = day.adding(days: 1)
            #expect(day > previous)
            if day.day != 1 { #expect(day.day == previous.day + 1 && day.month == previous.month) }
            previous = day
        }
        #expect(day.description == "2301-02-05")
    }

    @Test func ordersAndRuns() throws {
        let run = try CivilDate.days(from: CivilDate(parsing: "2026-02-15"), through: CivilDate(parsing: "2026-02-23"))
        #expect(run.count == 9)
        #expect(run == run.sorted())
        #expect(try CivilDate.days(from: CivilDate(parsing: "2026-02-15"), through: CivilDate(parsing: "2026-02-15")).count == 1)
        let error = #expect(throws: DomainError.self) {
            try CivilDate.days(from: CivilDate(parsing: "2026-02-16"), through: CivilDate(parsing: "2026-02-15"))
        }
        #expect(error?.code == .invalidInterval)
    }

    @Test func codableAsText() throws {
        let date = try CivilDate(parsing: "2026-11-25")
        let data = try JSONEncoder().encode([date])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2026-11-25\"]")
        #expect(try JSONDecoder().decode([CivilDate].self, from: data) == [date])
        #expect(throws: (any Error).self) { try JSONDecoder().decode([CivilDate].self, from: Data("[\"2026-02-30\"]".utf8)) }
    }
}
