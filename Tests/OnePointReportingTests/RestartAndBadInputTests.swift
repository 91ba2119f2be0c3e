import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointReporting
import OnePointTestSupport
import Testing

/// A restart mid-month counts nothing twice; bad facts are dead-lettered with a clear message
/// and the worker goes on.
@Suite("Reporting restart and bad input", .serialized)
struct RestartAndBadInputTests {
    @Test("restart mid-month: the same events again and a duplicate fact are counted once; bad facts dead-lettered")
    func restart() async throws {
        let h = try WorkerHarness.reporting(start: at("2026-11-10T10:00:00+08:00"))
        let first = try h.tally(.provisioningOnTime, "GD-GZ", met: 9, of: 10, prefix: "SO")
        try await h.run(h.logic, reading: reportingOutputs) { _ in
            try await h.send(first)
            try await h.settle()
        }
        let kept = try await h.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM report_facts") ?? -1 }
        #expect(kept == 10)

        try await h.run(h.logic, reading: reportingOutputs) { outputs in
            // The same ten events once more (same event ids), the same fact under a new event id,
            // and one new fact.
            try await h.send(first)
            try await h.send([try h.fact(.provisioningOnTime, "GD-GZ", "SO-0", met: true), try h.fact(.provisioningOnTime, "GD-GZ", "SO-10", met: true)])
            // Bad facts: an unknown unit, a month that does not exist, months years away.
            func raw(_ record: AssessmentRecord) throws -> [UInt8] {
                try EventEnvelope(.assessmentRecord, event: record, eventTime: h.clock.now(), source: EventSource(unit: "HQ", worker: "test")).encoded()
            }
            try await h.sendRaw(.orderEvents, key: "SO-X", value: try raw(AssessmentRecord(
                part: .provisioningOnTime, unit: "XX-YY", month: "2026-11", level: .gold, reference: "SO-X", met: true, at: h.clock.now())))
            try await h.sendRaw(.orderEvents, key: "SO-Y", value: try raw(AssessmentRecord(
                part: .provisioningOnTime, unit: "GD-GZ", month: "2026-13", level: .gold, reference: "SO-Y", met: true, at: h.clock.now())))
            try await h.sendRaw(.orderEvents, key: "SO-Z", value: try raw(AssessmentRecord(
                part: .provisioningOnTime, unit: "GD-GZ", month: "2020-01", level: .gold, reference: "SO-Z", met: true, at: h.clock.now())))
            try await h.sendRaw(.orderEvents, key: "SO-F", value: try raw(AssessmentRecord(
                part: .provisioningOnTime, unit: "GD-GZ", month: "2031-01", level: .gold, reference: "SO-F", met: true, at: h.clock.now())))
            try await h.settle()
            try await outputs.wait("four dead letters") { $0.compactMap(\.deadLetter).count == 4 }
            let letters = outputs.deadLetters.map(\.message)
            #expect(letters.contains { $0.contains("XX-YY") })
            #expect(letters.contains { $0.contains("2026-13") }, "\(letters)")
            #expect(letters.contains { $0.contains("2020-01") && $0.contains("before the worker's month 2026-11") && $0.contains("refused") })
            #expect(letters.contains { $0.contains("2031-01") && $0.contains("after the worker's month 2026-11") })

            // The worker went on: November is drafted with 11 orders, 10 on time.
            try await h.advance(to: at("2026-12-01T00:00:00+08:00"))
            try await outputs.wait("Guangzhou's November scorecard") { try !$0.scorecards("GD-GZ", "2026-11").isEmpty }
            let card = try #require(try outputs.events.scorecards("GD-GZ", "2026-11").last)
            #expect(card.parts.first { $0.part == .provisioningOnTime }?.detail == "10 of 11 (90.9 %)")
            #expect(card[.provisioningOnTime] == 0)
            #expect(card.parts.first { $0.part == .provisioningOnTime }?.factIds?.count == 11)
        }
    }
}
