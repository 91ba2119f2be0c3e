import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointReporting
import OnePointTestSupport
import Testing

/// A month of facts through the real runtime on a simulated clock: the draft at the month's
/// end, a revision by late facts, final at 18:00 on the 5th, an amendment after it.
@Suite("Reporting month", .serialized)
struct MonthFlowTests {
    /// Every fact of November 2026 for Guangzhou, Shenzhen and Foshan (scores worked by hand below).
    static func novemberFacts(_ h: WorkerHarness) throws -> [EventRecord] {
        var records: [EventRecord] = []
        // Guangzhou.
        records.append(try h.fact(.existingNetworkSurvey, "GD-GZ", "PS-1", level: .gold, overrun: 45))  // 30-min steps: 2 → 0.4
        records.append(try h.fact(.existingNetworkSurvey, "GD-GZ", "PS-2", level: .bronze, overrun: 0))  // in time
        records.append(try h.fact(.constructionSurvey, "GD-GZ", "CS-1", level: .silver, overrun: 130))  // 720-min steps: 1 → 0.2
        records += try h.tally(.provisioningOnTime, "GD-GZ", met: 49, of: 50, prefix: "SO-GZ")  // 98.0 % → 6
        records += try h.tally(.acceptancePass, "GD-GZ", met: 18, of: 20, prefix: "AC-GZ")  // 90.0 % → 10
        records.append(try h.fact(.dataConfiguration, "GD-GZ", "SO-GZ-0", level: .key, overrun: 6))  // 5-min steps: 2 → 0.4
        records.append(try h.ticket("TT-GZ-1", unit: "GD-GZ", level: .key, deadline: "2026-11-10T10:00:00+08:00", restored: "2026-11-10T10:20:00+08:00"))  // 20 over: 2
        records.append(try h.ticket("TT-GZ-2", unit: "GD-GZ", level: .key, deadline: "2026-11-11T10:00:00+08:00", restored: "2026-11-11T10:21:00+08:00"))  // 21 over: 4
        records.append(try h.ticket("TT-GZ-3", unit: "GD-GZ", level: .gold, deadline: "2026-11-12T10:00:00+08:00", restored: "2026-11-12T09:30:00+08:00"))  // in time
        records.append(try h.fact(.informationNotices, "GD-GZ", "N-1", met: true))
        records.append(try h.fact(.informationNotices, "GD-GZ", "N-2", met: true))
        records.append(try h.fact(.informationNotices, "GD-GZ", "N-3", met: false))  // 1 late: 4
        // Shenzhen: the full-marks boundaries, and restoration floored at 0.
        records += try h.tally(.provisioningOnTime, "GD-SZ", met: 50, of: 50, prefix: "SO-SZ")  // 100 % → 10
        records += try h.tally(.acceptancePass, "GD-SZ", met: 19, of: 20, prefix: "AC-SZ")  // 95 % → 15
        records.append(try h.ticket("TT-SZ-1", unit: "GD-SZ", level: .bronze, deadline: "2026-11-05T10:00:00+08:00", restored: "2026-11-05T12:30:00+08:00"))  // 150 over, 60-min steps: 3 → 6
        records.append(try h.ticket("TT-SZ-2", unit: "GD-SZ", level: .bronze, deadline: "2026-11-06T10:00:00+08:00", restored: "2026-11-06T12:30:00+08:00"))  // 6 more: 12 → floor 0
        // Foshan: below both thresholds, and a fault still open at the month's end.
        records += try h.tally(.provisioningOnTime, "GD-FS", met: 48, of: 50, prefix: "SO-FS")  // 96 % → 0
        records += try h.tally(.acceptancePass, "GD-FS", met: 17, of: 20, prefix: "AC-FS")  // 85 % → 0
        records.append(try h.ticket("TT-FS-1", unit: "GD-FS", level: .diamond, deadline: "2026-11-30T23:00:00+08:00"))  // 60 over at month end: 3 steps → 6
        return records
    }

    @Test("November's facts to the exact score of every part; a revision, final at 18:00 on the 5th, an amendment in December")
    func month() async throws {
        let h = try WorkerHarness.reporting(start: at("2026-11-20T10:00:00+08:00"))
        try await h.run(h.logic, reading: reportingOutputs) { outputs in
            try await h.send(try Self.novemberFacts(h))
            try await h.settle()
            #expect(try outputs.events.reports(nil, "2026-11").isEmpty)

            // The month ends: every unit's report is drafted.
            try await h.advance(to: at("2026-12-01T00:00:00+08:00"))
            try await outputs.wait("15 drafts of November") { try $0.reports(nil, "2026-11").count == 15 && $0.filter { $0.type == .scorecard }.count == 15 }

            let gz = try #require(try outputs.events.scorecards("GD-GZ", "2026-11").last)
            #expect(gz.points == [
                .existingNetworkSurvey: pts("9.6"), .constructionSurvey: pts("9.8"), .provisioningOnTime: 6, .acceptancePass: 10,
                .dataConfiguration: pts("4.6"), .restorationTime: 4, .informationNotices: 4, .complaintTimeliness: 10,
            ])
            #expect(gz.total == 58 && gz.maximum == 75)
            #expect(gz.parts.first { $0.part == .provisioningOnTime }?.detail == "49 of 50 (98.0 %)")
            #expect(gz.parts.first { $0.part == .restorationTime }?.factIds == [
                "restorationTime:TT-GZ-1:C-TT-GZ-1", "restorationTime:TT-GZ-2:C-TT-GZ-2", "restorationTime:TT-GZ-3:C-TT-GZ-3",
            ])
            #expect(gz.parts.first { $0.part == .provisioningOnTime }?.factIds?.count == 50)
            // Network quality has no source: not measured, not full marks.
            #expect(gz.parts.allSatisfy { $0.part != .networkQuality })
            #expect(gz.notScored.contains { $0.hasPrefix("networkQuality (网络质量): not measured") })
            // Complaints are measured (the fault worker's complaintTimeliness facts): none this month, full marks.
            let complaints = try #require(gz.parts.first { $0.part == .complaintTimeliness })
            #expect(complaints.points == 10 && complaints.maximum == 10)

            let sz = try #require(try outputs.events.scorecards("GD-SZ", "2026-11").last)
            #expect(sz.points == [
                .existingNetworkSurvey: 10, .constructionSurvey: 10, .provisioningOnTime: 10, .acceptancePass: 15, .dataConfiguration: 5,
                .restorationTime: 0, .informationNotices: 5, .complaintTimeliness: 10,
            ])
            #expect(sz.total == 65)
            let fs = try #require(try outputs.events.scorecards("GD-FS", "2026-11").last)
            #expect(fs.points == [
                .existingNetworkSurvey: 10, .constructionSurvey: 10, .provisioningOnTime: 0, .acceptancePass: 0, .dataConfiguration: 5,
                .restorationTime: 4, .informationNotices: 5, .complaintTimeliness: 10,
            ])
            #expect(fs.total == 44)
            let fsReport = try #require(try outputs.events.reports("GD-FS", "2026-11").last)
            #expect(fsReport.status == .draft && fsReport.revision == 1)
            #expect(fsReport.problems.count == 1 && fsReport.problems[0].contains("TT-FS-1") && fsReport.problems[0].contains("60 min over"))
            #expect(fsReport.faults == [.init(level: .diamond, faults: 1, restoredInTime: 0)])

            // The province's own score (no facts of its own: no cases, full marks) and its table.
            let gd = try #require(try outputs.events.reports("GD", "2026-11").last)
            #expect(gd.scorecard.total == 75)
            #expect(Dictionary(uniqueKeysWithValues: (gd.descendants ?? []).map { ($0.unit, $0.total) }) == ["GD-GZ": 58, "GD-SZ": 65, "GD-FS": 44])
            let hq = try #require(try outputs.events.reports("HQ", "2026-11").last)
            #expect(hq.descendants?.count == 14)
            #expect(hq.descendants?.first { $0.unit == "GD-FS" }?.total == 44)

            // Late facts: Foshan's fault restored on 1 December (a December fact: November's
            // open count is withdrawn), one more passed acceptance for Guangzhou in November.
            try await h.advance(to: at("2026-12-02T10:00:00+08:00"))
            try await h.send([
                try h.ticket("TT-FS-1", unit: "GD-FS", level: .diamond, deadline: "2026-11-30T23:00:00+08:00", restored: "2026-12-01T01:00:00+08:00"),
                try h.fact(.acceptancePass, "GD-GZ", "AC-GZ-LATE", met: true),
            ])
            try await h.settle()
            try await outputs.wait("revisions of Foshan and Guangzhou") {
                try $0.reports("GD-FS", "2026-11").count == 2 && $0.reports("GD-GZ", "2026-11").count == 2
            }
            let fs2 = try #require(try outputs.events.reports("GD-FS", "2026-11").last)
            #expect(fs2.revision == 2 && fs2.status == .draft)
            #expect(fs2.scorecard[.restorationTime] == 10 && fs2.scorecard.total == 50)
            #expect(fs2.changes?.contains("total: 44 → 50") == true)
            let gz2 = try #require(try outputs.events.reports("GD-GZ", "2026-11").last)
            #expect(gz2.revision == 2)
            #expect(gz2.scorecard[.acceptancePass] == pts("10.4") && gz2.scorecard.total == pts("58.4"))  // 19 of 21: 90.4 %
            try await outputs.wait("the province revised twice") { try $0.reports("GD", "2026-11").count == 3 }
            let gd3 = try #require(try outputs.events.reports("GD", "2026-11").last)
            #expect(gd3.revision == 3)
            #expect(Dictionary(uniqueKeysWithValues: (gd3.descendants ?? []).map { ($0.unit, $0.total) }) == ["GD-GZ": pts("58.4"), "GD-SZ": 65, "GD-FS": 50])
            // Units the late facts do not touch are not re-emitted.
            #expect(try outputs.events.reports("GD-SZ", "2026-11").count == 1)

            // 18:00 on the 5th: final.
            try await h.advance(to: at("2026-12-05T17:59:59+08:00"))
            #expect(try outputs.events.reports(nil, "2026-11").allSatisfy { $0.status == .draft })
            try await h.advance(to: at("2026-12-05T18:00:00+08:00"))
            try await outputs.wait("15 final reports") { try $0.reports(nil, "2026-11").filter { $0.status == .final }.count == 15 }
            let gzFinal = try #require(try outputs.events.reports("GD-GZ", "2026-11").last)
            #expect(gzFinal.status == .final && gzFinal.revision == 2 && gzFinal.scorecard.total == pts("58.4"))

            // A November fact after that: an amendment in December's report; November stays final.
            try await h.advance(to: at("2026-12-06T10:00:00+08:00"))
            try await h.send([try h.fact(.provisioningOnTime, "GD-GZ", "SO-GZ-LATE", met: false)])
            try await h.settle()
            try await h.advance(to: at("2027-01-01T00:00:00+08:00"))
            try await outputs.wait("15 drafts of December") { try $0.reports(nil, "2026-12").count == 15 }
            #expect(try outputs.events.reports("GD-GZ", "2026-11").count == 3)
            let december = try #require(try outputs.events.reports("GD-GZ", "2026-12").last)
            #expect(december.amendments == [
                .init(month: "2026-11", factId: "provisioningOnTime:SO-GZ-LATE", part: .provisioningOnTime, summary: "provisioningOnTime 6 → 0; total 58.4 → 52.4")
            ])
            #expect(december.scorecard.total == 75)  // the amendment changes November's figure, not December's
            // Foshan's fault counts in December: 120 minutes over a Diamond limit, 5 steps, 10 off.
            let fsDecember = try #require(try outputs.events.scorecards("GD-FS", "2026-12").last)
            #expect(fsDecember[.restorationTime] == 0)
            #expect(outputs.deadLetters.isEmpty)
        }
    }
}
