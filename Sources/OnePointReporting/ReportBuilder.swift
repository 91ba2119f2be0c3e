import Foundation
import GRDB
import OnePointContracts
import OnePointDomain

/// Makes a unit's monthly report and scorecard from the facts the worker keeps, scoring them
/// with the domain's ``AssessmentPolicy`` (no scoring rule lives here).
///
/// Parts no worker emits facts for are **not measured**: they are left out of the scorecard's
/// parts (so of its total and maximum) and named in its `notScored` list, rather than scoring
/// full marks for want of facts (``notMeasured``).
public struct ReportBuilder: Sendable {
    /// The parts with no source yet, and why (docs/reporting.md).
    public static let notMeasured: [(part: AssessmentPart, reason: String)] = [
        (.networkQuality, "a yearly figure; no worker reports circuits' yearly outage and repeated faults against their SLA yet"),
    ]

    let policy: AssessmentPolicy
    let topology: Topology
    let zone: TimeZone

    /// A builder over the domain's scoring rules and units.
    public init(policy: AssessmentPolicy, topology: Topology, zone: TimeZone) {
        self.policy = policy
        self.topology = topology
        self.zone = zone
    }

    /// The domain's input for `facts` of one unit and month.
    public static func assessmentFacts(unit: UnitID, month: String, _ facts: [ReportFact]) -> AssessmentFacts {
        var result = AssessmentFacts(unit: unit, month: month)
        func overrun(_ fact: ReportFact) -> AssessmentFacts.Overrun {
            .init(level: fact.level, overrunMinutes: fact.overrun ?? 0, reference: fact.reference)
        }
        func count(_ tally: inout AssessmentFacts.Tally, _ fact: ReportFact) {
            tally.total += 1
            if fact.met == true { tally.met += 1 }
        }
        for fact in facts {
            switch fact.part {
            case .existingNetworkSurvey: result.existingNetworkSurveys.append(overrun(fact))
            case .constructionSurvey: result.constructionSurveys.append(overrun(fact))
            case .provisioningOnTime: count(&result.provisioningOnTime, fact)
            case .acceptancePass: count(&result.acceptance, fact)
            case .dataConfiguration: result.dataConfigurations.append(overrun(fact))
            case .restorationTime: result.restorations.append(overrun(fact))
            case .complaintTimeliness: count(&result.complaints, fact)
            case .networkQuality: if fact.met == false { result.networkQualityBreaches += 1 }
            case .informationNotices: if fact.met == false { result.lateCutoverNotices += 1 }
            }
        }
        return result
    }

    /// The scorecard of `facts`: the policy's, each part with the ids of its facts, the parts
    /// not measured left out and named.
    /// - Throws: ``DomainError`` when the facts break the domain's checks (a bug: facts are checked on arrival).
    public func scorecard(unit: UnitID, month: String, _ facts: [ReportFact]) throws -> Scorecard {
        let scored = try policy.score(Self.assessmentFacts(unit: unit, month: month, facts))
        let skipped = Set(Self.notMeasured.map(\.part))
        let parts = scored.parts.filter { !skipped.contains($0.part) }.map { part in
            var part = part
            part.factIds = facts.filter { $0.part == part.part }.map(\.id)
            return part
        }
        let notes = Self.notMeasured.map { "\($0.part.rawValue) (\($0.part.chineseName)): not measured: \($0.reason)" }
        return Scorecard(unit: unit, month: month, parts: parts, notScored: notes + scored.notScored)
    }

    /// The report of `unit` for `month` from the worker's tables, as of `now`.
    public func report(unit: UnitID, month: ReportMonth, now: Date, _ db: Database) throws -> MonthlyReport {
        let text = month.description
        let facts = try ReportFact.counted(unit: unit, month: text, db)
        let card = try scorecard(unit: unit, month: text, facts)
        func rate(_ part: AssessmentPart) -> MonthlyReport.Rate {
            let cases = facts.filter { $0.part == part }
            return .init(met: cases.filter { $0.met == true }.count, total: cases.count)
        }
        let restorations = facts.filter { $0.part == .restorationTime }
        let faults = CustomerLevel.allCases.compactMap { level -> MonthlyReport.FaultCount? in
            let ofLevel = restorations.filter { $0.level == level }
            guard !ofLevel.isEmpty else { return nil }
            return .init(level: level, faults: ofLevel.count, restoredInTime: ofLevel.filter { ($0.overrun ?? 0) <= 0 && !$0.provisional }.count)
        }
        var notable: [String] = []
        var problems: [String] = []
        for fact in facts {
            let late = (fact.overrun ?? 0) > 0 || fact.met == false
            guard late else { continue }
            let what = fact.overrun.map { "\($0) min over" } ?? "not met"
            if fact.provisional {
                problems.append("未完成 open at month end: \(fact.part.chineseName) \(fact.reference) (\(fact.level)) \(what)")
            } else {
                notable.append("\(fact.part.chineseName) \(fact.part.rawValue): \(fact.reference) (\(fact.level)) \(what)")
            }
        }
        let amendments = try ReportFact.amendments(unit: unit, into: text, db).map {
            MonthlyReport.Amendment(month: $0.month, factId: $0.id, part: $0.part, summary: $0.amendment ?? "")
        }
        var descendants: [MonthlyReport.UnitScore]?
        let below = try topology.descendants(of: unit, includingSelf: false)
        if !below.isEmpty {
            descendants = try below.map { child in
                let card = try scorecard(unit: child.id, month: text, ReportFact.counted(unit: child.id, month: text, db))
                return MonthlyReport.UnitScore(unit: child.id, total: card.total, maximum: card.maximum)
            }
        }
        return MonthlyReport(
            unit: unit, month: text, dueDate: try dueDate(of: month), provisioning: rate(.provisioningOnTime), acceptance: rate(.acceptancePass),
            faults: faults, cutoverNotices: rate(.informationNotices), notableCases: notable, problems: problems,
            nextMonthPlan: [], scorecard: card, generatedAt: now, amendments: amendments, descendants: descendants)
    }

    func dueDate(of month: ReportMonth) throws -> CivilDate {
        try CivilDate(year: month.next.year, month: month.next.month, day: 5)
    }

    /// What differs between two reports of the same unit and month, for people (empty when nothing).
    public static func changes(from old: MonthlyReport, to new: MonthlyReport) -> [String] {
        var lines: [String] = []
        for part in new.scorecard.parts {
            let before = old.scorecard.parts.first { $0.part == part.part }
            if before?.points != part.points || before?.detail != part.detail {
                lines.append(
                    "\(part.part.rawValue): \(before.map { "\($0.points) (\($0.detail))" } ?? "-") → \(part.points) (\(part.detail))")
            }
        }
        if old.scorecard.total != new.scorecard.total { lines.append("total: \(old.scorecard.total) → \(new.scorecard.total)") }
        for row in new.descendants ?? [] {
            let before = old.descendants?.first { $0.unit == row.unit }
            if before?.total != row.total { lines.append("\(row.unit): \(before.map { "\($0.total)" } ?? "-") → \(row.total)") }
        }
        let oldAmendments = Set((old.amendments ?? []).map(\.factId))
        for amendment in new.amendments ?? [] where !oldAmendments.contains(amendment.factId) {
            lines.append("amendment for \(amendment.month): \(amendment.factId): \(amendment.summary)")
        }
        if old.faults != new.faults || old.provisioning != new.provisioning || old.acceptance != new.acceptance
            || old.cutoverNotices != new.cutoverNotices || old.problems != new.problems, lines.isEmpty
        {
            lines.append("counts and cases updated")
        }
        return lines
    }
}
