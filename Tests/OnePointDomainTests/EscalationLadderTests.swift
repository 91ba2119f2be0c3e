import Foundation
import OnePointDomain
import Testing

@Suite struct EscalationLadderTests {
    typealias F = TimeFixtures

    @Test func faultLadderForKeyAssurance() throws {
        let policy = try F.policy()
        let limit = try policy.limit(for: .restoration, level: .key)
        let steps = try policy.faultLadder.schedule(start: F.at("2026-11-21 23:00"), limit: limit, clock: F.clock())
        #expect(steps.map(\.step.target) == [.dutyLead, .parentUnit, .unitAbove, .hqLeadership])
        #expect(steps.map(\.step.percent) == [50, 100, 150, 200])
        #expect(steps.map(\.due) == [
            try F.at("2026-11-21 23:45"), try F.at("2026-11-22 00:30"), try F.at("2026-11-22 01:15"), try F.at("2026-11-22 02:00"),
        ])
    }

    @Test func faultLadderWithPause() throws {
        let policy = try F.policy()
        let pause = try F.pause("2026-11-21 10:30", "2026-11-21 11:30")
        let steps = try policy.faultLadder.schedule(
            start: F.at("2026-11-21 10:00"), limit: .minutes(120), pauses: [pause], clock: F.clock())
        #expect(steps.map(\.due) == [
            try F.at("2026-11-21 12:00"), try F.at("2026-11-21 13:00"), try F.at("2026-11-21 14:00"), try F.at("2026-11-21 15:00"),
        ])
    }

    @Test func ladderValidation() throws {
        let error = #expect(throws: DomainError.self) {
            try EscalationLadder(steps: [.init(percent: 100, target: .parentUnit), .init(percent: 50, target: .dutyLead)])
        }
        #expect(error?.code == .invalidValue)
        #expect(throws: DomainError.self) { try EscalationLadder.Step(percent: 0, target: .dutyLead) }
        #expect(throws: DomainError.self) {
            try EscalationLadder(steps: [.init(percent: 100, target: .parentUnit), .init(percent: 100, target: .unitAbove)])
        }
        let ladder = try F.faultLadder()
        let data = try JSONEncoder().encode(ladder)
        #expect(try JSONDecoder().decode(EscalationLadder.self, from: data) == ladder)
        let bad = Data(#"{"steps": [{"percent": 150, "target": "unitAbove"}, {"percent": 50, "target": "dutyLead"}]}"#.utf8)
        #expect(throws: DomainError.self) { try JSONDecoder().decode(EscalationLadder.self, from: bad) }
    }
}

@Suite struct ProgressFeedbackScheduleTests {
    typealias F = TimeFixtures

    @Test func feedbackUntilRestoration() throws {
        let policy = try F.policy()
        let schedule = try policy.feedbackSchedule(for: .gold, start: F.at("2026-11-21 10:00"))
        #expect(schedule.intervalMinutes == 60)
        #expect(try schedule.instants(until: F.at("2026-11-21 13:00")) == [try F.at("2026-11-21 11:00"), try F.at("2026-11-21 12:00")])
        #expect(try schedule.instants(until: F.at("2026-11-21 13:01")).count == 3)
        #expect(try schedule.instants(until: F.at("2026-11-21 10:59")).isEmpty)
        #expect(try schedule.instants(until: F.at("2026-11-21 09:00")).isEmpty)
        #expect(try schedule.next(after: F.at("2026-11-21 09:00")) == (try F.at("2026-11-21 11:00")))
        #expect(try schedule.next(after: F.at("2026-11-21 11:00")) == (try F.at("2026-11-21 12:00")))
        #expect(try schedule.next(after: F.at("2026-11-21 11:59")) == (try F.at("2026-11-21 12:00")))
    }

    @Test func intervalsPerLevel() throws {
        let policy = try F.policy()
        let start = try F.at("2026-11-21 10:00")
        let expected: [(CustomerLevel, Int)] = [(.key, 30), (.diamond, 30), (.gold, 60), (.silver, 120), (.bronze, 240)]
        for (level, minutes) in expected {
            let schedule = try policy.feedbackSchedule(for: level, start: start)
            #expect(try schedule.instants(until: start.addingTimeInterval(TimeInterval(minutes * 60 * 3 + 1)))
                == (1...3).map { start.addingTimeInterval(TimeInterval($0 * minutes * 60)) })
        }
    }

    @Test func errors() throws {
        let start = try F.at("2026-11-21 10:00")
        #expect(throws: DomainError.self) { try ProgressFeedbackSchedule(start: start, intervalMinutes: 0) }
        let schedule = try ProgressFeedbackSchedule(start: start, intervalMinutes: 1)
        let error = #expect(throws: DomainError.self) { try schedule.instants(until: start.addingTimeInterval(86_400 * 30)) }
        #expect(error?.code == .invalidValue)
    }
}
