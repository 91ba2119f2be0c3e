import Foundation
import OnePointContracts
import OnePointDomain
import OnePointReporting
import OnePointTestSupport

/// Guangzhou's November 2026 report after an October one, from the real worker: three
/// restorations, three notices (one late), a month before it for the trend.
enum ReportPageFixture {
    /// The state file and the routes that render from it.
    static func make() async throws -> (harness: WorkerHarness, routes: ReportRoutes) {
        let h = try WorkerHarness.reporting(start: at("2026-10-20T10:00:00+08:00"))
        try await h.run(h.logic, reading: reportingOutputs) { outputs in
            try await h.send(try h.tally(.provisioningOnTime, "GD-GZ", met: 10, of: 10, prefix: "SO-OCT", month: "2026-10"))
            try await h.settle()
            try await h.advance(to: at("2026-11-01T00:00:00+08:00"))
            try await outputs.wait("October's drafts") { try $0.reports(nil, "2026-10").count == 15 }
            try await h.advance(to: at("2026-11-20T10:00:00+08:00"))
            try await h.send(try h.tally(.provisioningOnTime, "GD-GZ", met: 49, of: 50, prefix: "SO-GZ"))
            try await h.send([
                try h.ticket("TT-1", unit: "GD-GZ", level: .key, deadline: "2026-11-10T10:00:00+08:00", restored: "2026-11-10T10:20:00+08:00"),  // 140 min
                try h.ticket("TT-2", unit: "GD-GZ", level: .gold, deadline: "2026-11-11T10:00:00+08:00", restored: "2026-11-11T09:30:00+08:00"),  // 90 min
                try h.ticket("TT-3", unit: "GD-GZ", level: .silver, deadline: "2026-11-12T10:00:00+08:00", restored: "2026-11-12T09:00:00+08:00"),  // 60 min
                try h.fact(.informationNotices, "GD-GZ", "N-1", met: true),
                try h.fact(.informationNotices, "GD-GZ", "N-2", met: false),
                try h.fact(.informationNotices, "GD-GZ", "N-3", met: true),
            ])
            try await h.settle()  // every fact in before the month ends
            try await h.advance(to: at("2026-12-01T00:00:00+08:00"))
            try await outputs.wait("November's drafts") { try $0.reports(nil, "2026-11").count == 15 }
        }
        return (h, try ReportRoutes(configDirectory: configDirectory, statePath: h.state))
    }

    /// The marks each chart of that page must have: 8 scored parts, 5 levels, 5 restoration
    /// buckets, 3 notices, 2 months.
    static let expectedMarks = ["score": 8, "faults": 5, "restoration": 5, "notices": 3, "trend": 2]

    /// How many elements with class `mark` each `<svg data-chart="…">` of `html` holds.
    static func marks(in html: String) -> [String: Int] {
        var result: [String: Int] = [:]
        for chunk in html.components(separatedBy: "<svg").dropFirst() {
            guard let svg = chunk.components(separatedBy: "</svg>").first,
                let range = svg.range(of: "data-chart=\""),
                let end = svg[range.upperBound...].firstIndex(of: "\"")
            else { continue }
            let name = String(svg[range.upperBound..<end])
            result[name, default: 0] += svg.components(separatedBy: "class=\"mark\"").count - 1
        }
        return result
    }
}
