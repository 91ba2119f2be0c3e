import OnePointDomain

/// The model of `assessment.yaml`: the scoring rules of DOMAIN.md §7, grouped as the source
/// groups them.
///
/// ```yaml
/// assessment:
///   preSale: { existingNetworkSurvey: OVERRUN, constructionSurvey: OVERRUN }
///   provisioning: { onTimeRate: RATE, acceptancePassRate: RATE, dataConfiguration: OVERRUN }
///   faultsAndComplaints: { restorationTime: OVERRUN, complaintTimeliness: RATE, networkQuality: { maxPoints: 10 } }
///   informationNotices: { maxPoints: 5, pointsPerLateOrMissingNotice: 1 }
/// ```
struct AssessmentDocument: StrictlyKeyed, Sendable {
    /// A part that loses points per started step of overrun.
    struct Overrun: StrictlyKeyed, Sendable {
        var path = ConfigKeyPath()
        let maxPoints: ConfigScalar
        let firstStepPoints: ConfigScalar
        let furtherStepPoints: ConfigScalar
        let stepMinutes: ConfigLevelTable?
        let stepWorkingMinutes: ConfigLevelTable?
        let stepWorkingDays: ConfigLevelTable?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case maxPoints, firstStepPoints, furtherStepPoints, stepMinutes, stepWorkingMinutes, stepWorkingDays
        }

        /// The rule; `workingTime` says whether steps are working time (surveys: `stepWorkingMinutes`
        /// or `stepWorkingDays`) or plain clock time (`stepMinutes`).
        func rule(workingTime: Bool, minutesPerWorkingDay: Int) throws(ConfigIssue) -> AssessmentPolicy.OverrunRule {
            let given = [("stepMinutes", stepMinutes), ("stepWorkingMinutes", stepWorkingMinutes), ("stepWorkingDays", stepWorkingDays)]
                .filter { $0.1 != nil }.map(\.0)
            let allowed = workingTime ? "stepWorkingMinutes or stepWorkingDays" : "stepMinutes"
            guard given.count == 1 else {
                throw ConfigIssue(
                    given.isEmpty ? .missingKey : .invalidValue, at: path,
                    given.isEmpty ? "the overrun step is missing; give \(allowed)" : "give only one of \(given.joined(separator: ", "))")
            }
            let minutes: (ConfigScalar) throws(ConfigIssue) -> Int = { scalar throws(ConfigIssue) in
                try scalar.wholeNumber("minutes", in: 1...100_000_000)
            }
            let steps: LevelTable<Int>
            switch (workingTime, stepMinutes, stepWorkingMinutes, stepWorkingDays) {
            case (false, let table?, _, _), (true, _, let table?, _):
                steps = try table.map(minutes)
            case (true, _, _, let table?):
                steps = try table.map { scalar throws(ConfigIssue) in try scalar.workingMinutes(fromWorkingDays: minutesPerWorkingDay) }
            default:
                throw ConfigIssue(
                    .unknownKey, at: path.appending(given[0]),
                    workingTime
                        ? "survey overruns are in working time; give stepWorkingMinutes or stepWorkingDays"
                        : "this overrun runs on the plain 24x7 clock; give stepMinutes")
            }
            return AssessmentPolicy.OverrunRule(
                maxPoints: try maxPoints.points(), stepMinutes: steps, firstStepPoints: try firstStepPoints.points(),
                furtherStepPoints: try furtherStepPoints.points())
        }
    }

    /// A part scored on a rate.
    struct Rate: StrictlyKeyed, Sendable {
        var path = ConfigKeyPath()
        let maxPoints: ConfigScalar
        let zeroBelowPercent: ConfigScalar
        let fullAtPercent: ConfigScalar
        let basePoints: ConfigScalar
        let pointsPerStep: ConfigScalar
        let stepPercent: ConfigScalar

        enum CodingKeys: String, CodingKey, CaseIterable {
            case maxPoints, zeroBelowPercent, fullAtPercent, basePoints, pointsPerStep, stepPercent
        }

        func rule() throws(ConfigIssue) -> AssessmentPolicy.RateRule {
            let maximum = try maxPoints.points()
            let zeroBelow = try zeroBelowPercent.permille()
            let fullAt = try fullAtPercent.permille()
            guard zeroBelow <= fullAt else {
                throw ConfigIssue(
                    .invalidValue, at: fullAtPercent.path,
                    "fullAtPercent (\(fullAtPercent.text)) must not be below zeroBelowPercent (\(zeroBelowPercent.text))")
            }
            let base = try basePoints.points()
            guard base <= maximum else {
                throw ConfigIssue(.invalidValue, at: basePoints.path, "basePoints (\(base)) must not exceed maxPoints (\(maximum))")
            }
            let step = try stepPercent.permille()
            guard step > 0 else {
                throw ConfigIssue(.invalidValue, at: stepPercent.path, "must be more than 0, got \(stepPercent.text)")
            }
            return AssessmentPolicy.RateRule(
                maxPoints: maximum, zeroBelowPermille: zeroBelow, fullAtPermille: fullAt, basePoints: base,
                pointsPerStep: try pointsPerStep.points(), stepPermille: step)
        }
    }

    struct PreSale: StrictlyKeyed, Sendable {
        let existingNetworkSurvey: Overrun
        let constructionSurvey: Overrun

        enum CodingKeys: String, CodingKey, CaseIterable { case existingNetworkSurvey, constructionSurvey }
    }

    struct Provisioning: StrictlyKeyed, Sendable {
        let onTimeRate: Rate
        let acceptancePassRate: Rate
        let dataConfiguration: Overrun

        enum CodingKeys: String, CodingKey, CaseIterable { case onTimeRate, acceptancePassRate, dataConfiguration }
    }

    struct FaultsAndComplaints: StrictlyKeyed, Sendable {
        let restorationTime: Overrun
        let complaintTimeliness: Rate
        let networkQuality: NetworkQuality

        enum CodingKeys: String, CodingKey, CaseIterable { case restorationTime, complaintTimeliness, networkQuality }
    }

    struct NetworkQuality: StrictlyKeyed, Sendable {
        let maxPoints: ConfigScalar

        enum CodingKeys: String, CodingKey, CaseIterable { case maxPoints }
    }

    struct Notices: StrictlyKeyed, Sendable {
        let maxPoints: ConfigScalar
        let pointsPerLateOrMissingNotice: ConfigScalar

        enum CodingKeys: String, CodingKey, CaseIterable { case maxPoints, pointsPerLateOrMissingNotice }
    }

    struct Body: StrictlyKeyed, Sendable {
        var path = ConfigKeyPath()
        let preSale: PreSale
        let provisioning: Provisioning
        let faultsAndComplaints: FaultsAndComplaints
        let informationNotices: Notices

        enum CodingKeys: String, CodingKey, CaseIterable { case preSale, provisioning, faultsAndComplaints, informationNotices }
    }

    let assessment: Body

    enum CodingKeys: String, CodingKey, CaseIterable { case assessment }

    // MARK: - Checking

    /// The policy; working-day steps are converted with a working day of `minutesPerWorkingDay`.
    func policy(minutesPerWorkingDay: Int) throws(ConfigIssue) -> AssessmentPolicy {
        let body = assessment
        let existing = try body.preSale.existingNetworkSurvey.rule(workingTime: true, minutesPerWorkingDay: minutesPerWorkingDay)
        let construction = try body.preSale.constructionSurvey.rule(workingTime: true, minutesPerWorkingDay: minutesPerWorkingDay)
        let onTime = try body.provisioning.onTimeRate.rule()
        let acceptance = try body.provisioning.acceptancePassRate.rule()
        let dataConfiguration = try body.provisioning.dataConfiguration.rule(workingTime: false, minutesPerWorkingDay: minutesPerWorkingDay)
        let restoration = try body.faultsAndComplaints.restorationTime.rule(workingTime: false, minutesPerWorkingDay: minutesPerWorkingDay)
        let complaints = try body.faultsAndComplaints.complaintTimeliness.rule()
        let quality = try body.faultsAndComplaints.networkQuality.maxPoints.points()
        let notices = AssessmentPolicy.CountRule(
            maxPoints: try body.informationNotices.maxPoints.points(),
            pointsPerItem: try body.informationNotices.pointsPerLateOrMissingNotice.points())
        return try ConfigIssue.checking(body.path) { () throws(DomainError) in
            try AssessmentPolicy(
                existingNetworkSurvey: existing, constructionSurvey: construction, provisioningOnTime: onTime,
                acceptancePass: acceptance, dataConfiguration: dataConfiguration, restorationTime: restoration,
                complaintTimeliness: complaints, networkQualityPoints: quality, informationNotices: notices)
        }
    }
}
