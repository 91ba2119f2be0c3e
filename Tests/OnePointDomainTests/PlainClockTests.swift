import Foundation
import OnePointDomain
import Testing

@Suite struct PlainClockTests {
    typealias F = TimeFixtures

    @Test func restorationRunsAroundTheClock() throws {
        let clock = try F.clock()
        let limit = try F.policy().limit(for: .restoration, level: .gold)
        #expect(limit == .minutes(240) && limit.description == "4 hours")
        // Saturday night, no calendar involvement.
        #expect(try clock.deadline(for: limit, start: F.at("2026-11-21 22:00")) == (try F.at("2026-11-22 02:00")))
        let pause = try F.pause("2026-11-21 23:00", "2026-11-21 23:30")
        #expect(try clock.deadline(for: limit, start: F.at("2026-11-21 22:00"), pauses: [pause]) == (try F.at("2026-11-22 02:30")))
        #expect(try clock.elapsedSeconds(for: limit, from: F.at("2026-11-21 22:00"), to: F.at("2026-11-22 02:30"), pauses: [pause])
            == 240 * F.minute)
    }

    @Test func overlappingAndUnorderedPauses() throws {
        let start = try F.at("2026-11-21 10:00")
        let pauses = try [
            F.pause("2026-11-21 11:30", "2026-11-21 12:00"), F.pause("2026-11-21 10:30", "2026-11-21 11:00"),
            F.pause("2026-11-21 10:45", "2026-11-21 11:15"), F.pause("2026-11-21 11:15", "2026-11-21 11:20"),
        ]
        // Paused 10:30–11:20 and 11:30–12:00: 80 minutes.
        #expect(try PlainClock.deadline(start: start, addingSeconds: 90 * F.minute, pauses: pauses) == (try F.at("2026-11-21 12:50")))
        #expect(try PlainClock.elapsedSeconds(from: start, to: F.at("2026-11-21 12:50"), pauses: pauses) == 90 * F.minute)
        #expect(try PlainClock.elapsedSeconds(from: start, to: F.at("2026-11-21 11:10"), pauses: pauses) == 30 * F.minute)
    }

    @Test func pauseBeforeStartOrAfterDeadlineIsIgnored() throws {
        let start = try F.at("2026-11-21 10:00")
        let pauses = try [F.pause("2026-11-21 08:00", "2026-11-21 09:00"), F.pause("2026-11-21 12:00", "2026-11-21 13:00")]
        #expect(try PlainClock.deadline(start: start, addingSeconds: 30 * F.minute, pauses: pauses) == (try F.at("2026-11-21 10:30")))
        // Pause covering the start moves the start to its end.
        let covering = try F.pause("2026-11-21 09:00", "2026-11-21 10:15")
        #expect(try PlainClock.deadline(start: start, addingSeconds: 30 * F.minute, pauses: [covering]) == (try F.at("2026-11-21 10:45")))
    }

    @Test func dataConfigurationWithin30Minutes() throws {
        let policy = try F.policy()
        let limit = try policy.limit(for: .dataConfiguration, level: .bronze, accessPoints: 12)
        #expect(limit == .minutes(30) && limit.description == "30 minutes")
        #expect(try F.clock().deadline(for: limit, start: F.at("2026-11-20 17:50")) == (try F.at("2026-11-20 18:20")))
    }

    @Test func errors() throws {
        let start = try F.at("2026-11-21 10:00")
        #expect(throws: DomainError.self) { try PlainClock.deadline(start: start, addingSeconds: -1) }
        let backwards = #expect(throws: DomainError.self) { try PlainClock.elapsedSeconds(from: start, to: start.addingTimeInterval(-1)) }
        #expect(backwards?.code == .invalidInterval)
        let infinite = #expect(throws: DomainError.self) {
            try PlainClock.deadline(start: Date(timeIntervalSince1970: .infinity), addingSeconds: 1)
        }
        #expect(infinite?.code == .invalidValue)
    }
}
