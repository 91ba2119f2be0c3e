import Foundation
import OnePointDomain
import Testing

@Suite struct WorkingHoursTests {
    @Test func defaultScheduleIs480Minutes() throws {
        let hours = try TimeFixtures.hours()
        #expect(hours.minutesPerDay == 480)
        #expect(hours.periods.map(\.description) == ["09:00–12:00", "13:00–18:00"])
    }

    @Test func rejectsBadSchedules() throws {
        let morning = try WorkingHours.Period(start: "09:00", end: "12:00")
        let overlapping = try WorkingHours.Period(start: "11:00", end: "14:00")
        let error = #expect(throws: DomainError.self) { try WorkingHours(periods: [morning, overlapping]) }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.contains("11:00–14:00") == true)
        #expect(throws: DomainError.self) { try WorkingHours(periods: [overlapping, morning]) }
        #expect(throws: DomainError.self) { try WorkingHours(periods: []) }
        #expect(throws: DomainError.self) { try WorkingHours.Period(start: "12:00", end: "09:00") }
        #expect(throws: DomainError.self) { try WorkingHours.Period(start: "09:00", end: "09:00") }
        #expect(throws: DomainError.self) { try WorkingHours.Period(startMinute: -1, endMinute: 60) }
        let text = #expect(throws: DomainError.self) { try WorkingHours.Period(start: "9:00", end: "25:00") }
        #expect(text?.message.contains("'9:00'") == true)
        #expect(throws: DomainError.self) { try WorkingHours.Period(start: "09:00", end: "24:01") }
    }

    @Test func touchingPeriodsAndMidnightEnd() throws {
        let hours = try WorkingHours(periods: [
            WorkingHours.Period(start: "00:00", end: "12:00"), WorkingHours.Period(start: "12:00", end: "24:00"),
        ])
        #expect(hours.minutesPerDay == 1440)
    }

    @Test func codable() throws {
        let hours = try TimeFixtures.hours()
        let data = try JSONEncoder().encode(hours)
        #expect(try JSONDecoder().decode(WorkingHours.self, from: data) == hours)
        let bad = Data(#"{"periods": [{"start": "13:00", "end": "18:00"}, {"start": "09:00", "end": "12:00"}]}"#.utf8)
        #expect(throws: DomainError.self) { try JSONDecoder().decode(WorkingHours.self, from: bad) }
    }
}
