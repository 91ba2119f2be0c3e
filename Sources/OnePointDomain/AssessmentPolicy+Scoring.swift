extension AssessmentPolicy {
    /// The note carried by every scorecard about the part of the source's 100 points not scored here.
    public static let notScored = ["external satisfaction survey (外部满意度评价): not scored by this system"]

    /// Scores one unit's month (DOMAIN.md §7). Every part floors at 0 and caps at its maximum
    /// ("扣完为止"); see ``OverrunRule``, ``RateRule`` and ``CountRule`` for the exact arithmetic.
    /// Network quality scores ``networkQualityPoints`` with no breach and 0 with any.
    ///
    /// - Throws: ``DomainError/Code/invalidValue`` from ``AssessmentFacts/validate()``.
    public func score(_ facts: AssessmentFacts) throws(DomainError) -> Scorecard {
        try facts.validate()
        var parts: [Scorecard.Part] = []

        func overrunPart(_ part: AssessmentPart, _ rule: OverrunRule, _ items: [AssessmentFacts.Overrun]) {
            var off = 0
            var steps = 0
            var late = 0
            for item in items {
                let itemSteps = rule.steps(overrunMinutes: item.overrunMinutes, level: item.level)
                if itemSteps > 0 { late += 1 }
                let (sum, overflow) = steps.addingReportingOverflow(itemSteps)
                steps = overflow ? Int.max / 2 : Swift.min(sum, Int.max / 2)
                let deduction = rule.deduction(overrunMinutes: item.overrunMinutes, level: item.level).hundredths
                off = Swift.min(off + deduction, Int.max / 2)
            }
            let points = ScorePoints(hundredths: rule.maxPoints.hundredths - Swift.min(off, rule.maxPoints.hundredths))
            let detail = "\(items.count) item(s), \(late) over the limit, \(steps) step(s), \(ScorePoints(hundredths: off)) off"
            parts.append(.init(part: part, points: points.clamped(to: rule.maxPoints), maximum: rule.maxPoints, detail: detail))
        }

        func ratePart(_ part: AssessmentPart, _ rule: RateRule, _ tally: AssessmentFacts.Tally) {
            let detail: String
            if tally.total == 0 {
                detail = "no cases"
            } else {
                let permille = RateRule.permille(tally.met, of: tally.total)
                detail = "\(tally.met) of \(tally.total) (\(permille / 10).\(permille % 10) %)"
            }
            parts.append(
                .init(part: part, points: rule.score(met: tally.met, total: tally.total), maximum: rule.maxPoints, detail: detail))
        }

        overrunPart(.existingNetworkSurvey, existingNetworkSurvey, facts.existingNetworkSurveys)
        overrunPart(.constructionSurvey, constructionSurvey, facts.constructionSurveys)
        ratePart(.provisioningOnTime, provisioningOnTime, facts.provisioningOnTime)
        ratePart(.acceptancePass, acceptancePass, facts.acceptance)
        overrunPart(.dataConfiguration, dataConfiguration, facts.dataConfigurations)
        overrunPart(.restorationTime, restorationTime, facts.restorations)
        ratePart(.complaintTimeliness, complaintTimeliness, facts.complaints)
        parts.append(
            .init(
                part: .networkQuality, points: facts.networkQualityBreaches == 0 ? networkQualityPoints : .zero,
                maximum: networkQualityPoints,
                detail: "\(facts.networkQualityBreaches) circuit(s) beyond their SLA this year"))
        let notices = facts.lateCutoverNotices.addingReportingOverflow(facts.missingCutoverNotices)
        parts.append(
            .init(
                part: .informationNotices,
                points: notices.overflow ? .zero : informationNotices.score(count: notices.partialValue),
                maximum: informationNotices.maxPoints,
                detail: "\(facts.lateCutoverNotices) late, \(facts.missingCutoverNotices) missing cutover notice(s)"))
        return Scorecard(unit: facts.unit, month: facts.month, parts: parts, notScored: Self.notScored)
    }
}
