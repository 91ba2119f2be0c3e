import Foundation
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointReporting
import OnePointTestSupport

/// The package's `config/` folder.
let configDirectory: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("config").path

/// An instant written as people write it: `2026-11-16T10:00:00+08:00`.
func at(_ text: String) -> Date {
    (try? ISOTime.parse(text, role: "test instant")) ?? Date(timeIntervalSince1970: 0)
}

/// What the reporting worker writes.
let reportingOutputs: [Topic] = [.reports]

extension WorkerHarness {
    /// A reporting worker's harness on the shipped configuration.
    static func reporting(start: Date) throws -> WorkerHarness { try WorkerHarness(.reporting, configDirectory: configDirectory, start: start) }

    var logic: ReportingLogic { ReportingLogic(domain: domain, topics: topics) }

    /// The record of one assessment fact.
    func fact(
        _ part: AssessmentPart, _ unit: UnitID, _ reference: String, month: String = "2026-11", level: CustomerLevel = .gold, met: Bool? = nil,
        overrun: Int? = nil
    ) throws -> EventRecord {
        try record(
            .assessmentRecord,
            AssessmentRecord(part: part, unit: unit, month: month, level: level, reference: reference, met: met, overrunMinutes: overrun, at: clock.now()),
            unit: unit)
    }

    /// `total` on-time (or acceptance) facts of which `met` met their target.
    func tally(_ part: AssessmentPart, _ unit: UnitID, met: Int, of total: Int, prefix: String, month: String = "2026-11") throws -> [EventRecord] {
        try (0..<total).map { try fact(part, unit, "\(prefix)-\($0)", month: month, met: $0 < met) }
    }

    /// The record of a ticket with one customer of `level`, its deadline and (maybe) its restoration.
    func ticket(
        _ id: String, unit: UnitID, level: CustomerLevel, deadline: String, restored: String? = nil, status: TroubleTicketStatus? = nil
    ) throws -> EventRecord {
        let deadline = at(deadline)
        let restoredAt = restored.map(at)
        let ticket = TroubleTicket(
            id: id, status: status ?? (restoredAt == nil ? .inProgress : .resolved), statusHistory: [], unit: unit, description: "光缆中断 Fibre cut",
            startedAt: deadline.addingTimeInterval(-120 * 60), circuitIds: ["\(id)-C1"],
            customers: [
                .init(
                    customer: CustomerReference(id: "C-\(id)", name: "客户 \(id)", level: level), handledAtLevel: level, circuitIds: ["\(id)-C1"],
                    limitMinutes: 120, deadline: deadline, restoredAt: restoredAt)
            ],
            restoredAt: restoredAt)
        return try record(restoredAt == nil ? .troubleTicketCreate : .troubleTicketStatusChange, ticket, unit: unit)
    }
}

extension [CollectedEvent] {
    /// The reports emitted (for `unit`, if given) for `month`, in order.
    func reports(_ unit: UnitID? = nil, _ month: String) throws -> [MonthlyReport] {
        try filter { $0.type == .monthlyReport }.map { try $0.payload(MonthlyReport.self) }.filter { (unit == nil || $0.unit == unit) && $0.month == month }
    }

    /// The scorecards emitted for `unit` and `month`, in order.
    func scorecards(_ unit: UnitID, _ month: String) throws -> [Scorecard] {
        try filter { $0.type == .scorecard }.map { try $0.payload(Scorecard.self) }.filter { $0.unit == unit && $0.month == month }
    }
}

extension Scorecard {
    /// Points per part, for comparing with hand-worked figures.
    var points: [AssessmentPart: ScorePoints] {
        Dictionary(uniqueKeysWithValues: parts.map { ($0.part, $0.points) })
    }
}

/// Points from text (`"9.6"`).
func pts(_ text: String) -> ScorePoints {
    (try? ScorePoints(Decimal(string: text) ?? 0)) ?? .zero
}
