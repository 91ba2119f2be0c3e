import Foundation
import OnePointContracts
import OnePointDomain
import OnePointReporting
import OnePointTestSupport
import Testing

/// Restoration overrun steps per level, from tickets through the runtime: 2 points for the first
/// started step past the limit, 2 more per further started step (Key 20, Diamond 25, Gold 30,
/// Silver 40, Bronze 60 minutes), floored at 0.
@Suite("Reporting restoration steps", .serialized)
struct RestorationStepsTests {
    /// Unit, level, how far past the deadline it was restored, and the part's expected points.
    static let cases: [(unit: UnitID, level: CustomerLevel, over: TimeInterval, points: ScorePoints)] = [
        ("GD-GZ", .key, 20 * 60, 8),  // 1 step
        ("GD-SZ", .key, 21 * 60, 6),  // 2 steps
        ("GD-FS", .diamond, 25 * 60, 8),
        ("JS-NJ", .diamond, 26 * 60, 6),
        ("JS-SZ", .gold, 30 * 60, 8),
        ("JS-WX", .gold, 31 * 60, 6),
        ("ZJ-HZ", .silver, 40 * 60, 8),
        ("ZJ-NB", .silver, 41 * 60, 6),
        ("SC-CD", .bronze, 60 * 60, 8),
        ("SC-MY", .bronze, 61 * 60, 6),
        ("SC", .key, 1, 8),  // one second over: a started minute, a started step
        ("ZJ", .key, 0, 10),  // restored at the deadline: in time
        ("JS", .bronze, 241 * 60, 0),  // 5 steps: 10 off
    ]

    @Test("each level's step boundary, a second over, exactly on time, and the floor at 0")
    func steps() async throws {
        let h = try WorkerHarness.reporting(start: at("2026-11-20T10:00:00+08:00"))
        try await h.run(h.logic, reading: reportingOutputs) { outputs in
            let deadline = at("2026-11-10T10:00:00+08:00")
            var records: [EventRecord] = []
            for (index, c) in Self.cases.enumerated() {
                let ticket = TroubleTicket(
                    id: "TT-\(index)", status: .resolved, statusHistory: [], unit: c.unit, description: "光缆中断 Fibre cut",
                    startedAt: deadline.addingTimeInterval(-3600), circuitIds: ["CIR-\(index)"],
                    customers: [
                        .init(
                            customer: CustomerReference(id: "C-\(index)", name: "客户 \(index)", level: c.level), handledAtLevel: c.level,
                            circuitIds: ["CIR-\(index)"], limitMinutes: 60, deadline: deadline, restoredAt: deadline.addingTimeInterval(c.over))
                    ],
                    restoredAt: deadline.addingTimeInterval(c.over))
                records.append(try h.record(.troubleTicketStatusChange, ticket, unit: c.unit))
            }
            // The floor: one more fault for Jiangsu changes nothing.
            records.append(try h.ticket("TT-JS-2", unit: "JS", level: .bronze, deadline: "2026-11-11T10:00:00+08:00", restored: "2026-11-11T12:00:00+08:00"))
            try await h.send(records)
            try await h.settle()
            try await h.advance(to: at("2026-12-01T00:00:00+08:00"))
            try await outputs.wait("15 scorecards") { $0.filter { $0.type == .scorecard }.count == 15 }
            for c in Self.cases {
                let card = try #require(try outputs.events.scorecards(c.unit, "2026-11").last)
                #expect(card[.restorationTime] == c.points, "\(c.unit) \(c.level) \(c.over) s over: \(card.parts.first { $0.part == .restorationTime }?.detail ?? "")")
            }
        }
    }
}
