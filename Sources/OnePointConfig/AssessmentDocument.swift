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
struct AssessmentDocument: Decodable, Sendable {
    /// A part that loses points per started step of overrun.
    struct Overrun: Decodable, Sendable {
        let path: ConfigKeyPath
        let maxPoints: ConfigScalar
        let firstStepPoints: ConfigScalar
        let furtherStepPoints: ConfigScalar
        let stepMinutes: ConfigLevelTable?
        let stepWorkingMinutes: ConfigLevelTable?
        let stepWorkingDays: ConfigLevelTable?

        private enum CodingKeys: String, CodingKey, CaseIterable {
            case maxPoints, firstStepPoints, furtherStepPoints, stepMinutes, stepWorkingMinutes, stepWorkingDays
        }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            path = decoder.keyPath
            maxPoints = try c.decode(ConfigScalar.self, forKey: .maxPoints)
            firstStepPoints = try c.decode(ConfigScalar.self, forKey: .firstStepPoints)
            furtherStepPoints = try c.decode(ConfigScalar.self, forKey: .furtherStepPoints)
            stepMinutes = try c.decodeIfPresent(ConfigLevelTable.self, forKey: .stepMinutes)
            stepWorkingMinutes = try c.decodeIfPresent(ConfigLevelTable.self, forKey: .stepWorkingMinutes)
            stepWorkingDays = try c.decodeIfPresent(ConfigLevelTable.self, forKey: .stepWorkingDays)
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
    struct Rate: Decodable, Sendable {
        let path: ConfigKeyPath
        let maxPoints: ConfigScalar
        let zeroBelowPercent: ConfigScalar
        let fullAtPercent: ConfigScalar
        let basePoints: ConfigScalar
        let pointsPerStep: ConfigScalar
        let stepPercent: ConfigScalar

        private enum CodingKeys: String, CodingKey, CaseIterable {
            case maxPoints, zeroBelowPercent, fullAtPercent, basePoints, pointsPerStep, stepPercent
        }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            path = decoder.keyPath
            maxPoints = try c.decode(ConfigScalar.self, forKey: .maxPoints)
            zeroBelowPercent = try c.decode(ConfigScalar.self, forKey: .zeroBelowPercent)
            fullAtPercent = try c.decode(ConfigScalar.self, forKey: .fullAtPercent)
            basePoints = try c.decode(ConfigScalar.self, forKey: .basePoints)
            pointsPerStep = try c.decode(ConfigScalar.self, forKey: .pointsPerStep)
            stepPercent = try c.decode(ConfigScalar.self, forKey: .stepPercent)
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

    struct PreSale: Decodable, Sendable {
        let existingNetworkSurvey: Overrun
        let constructionSurvey: Overrun

        private enum CodingKeys: String, CodingKey, CaseIterable { case existingNetworkSurvey, constructionSurvey }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            existingNetworkSurvey = try c.decode(Overrun.self, forKey: .existingNetworkSurvey)
            constructionSurvey = try c.decode(Overrun.self, forKey: .constructionSurvey)
        }
    }

    struct Provisioning: Decodable, Sendable {
        let onTimeRate: Rate
        let acceptancePassRate: Rate
        let dataConfiguration: Overrun

        private enum CodingKeys: String, CodingKey, CaseIterable { case onTimeRate, acceptancePassRate, dataConfiguration }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            onTimeRate = try c.decode(Rate.self, forKey: .onTimeRate)
            acceptancePassRate = try c.decode(Rate.self, forKey: .acceptancePassRate)
            dataConfiguration = try c.decode(Overrun.self, forKey: .dataConfiguration)
        }
    }

    struct FaultsAndComplaints: Decodable, Sendable {
        let restorationTime: Overrun
        let complaintTimeliness: Rate
        let networkQualityPoints: ConfigScalar

        private enum CodingKeys: String, CodingKey, CaseIterable { case restorationTime, complaintTimeliness, networkQuality }
        private enum NetworkQualityKeys: String, CodingKey, CaseIterable { case maxPoints }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            restorationTime = try c.decode(Overrun.self, forKey: .restorationTime)
            complaintTimeliness = try c.decode(Rate.self, forKey: .complaintTimeliness)
            let quality = try c.superDecoder(forKey: .networkQuality)
            try quality.rejectUnknownKeys(NetworkQualityKeys.self)
            networkQualityPoints = try quality.container(keyedBy: NetworkQualityKeys.self).decode(ConfigScalar.self, forKey: .maxPoints)
        }
    }

    struct Notices: Decodable, Sendable {
        let maxPoints: ConfigScalar
        let pointsPerLateOrMissingNotice: ConfigScalar

        private enum CodingKeys: String, CodingKey, CaseIterable { case maxPoints, pointsPerLateOrMissingNotice }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            maxPoints = try c.decode(ConfigScalar.self, forKey: .maxPoints)
            pointsPerLateOrMissingNotice = try c.decode(ConfigScalar.self, forKey: .pointsPerLateOrMissingNotice)
        }
    }

    struct Body: Decodable, Sendable {
        let path: ConfigKeyPath
        let preSale: PreSale
        let provisioning: Provisioning
        let faultsAndComplaints: FaultsAndComplaints
        let informationNotices: Notices

        private enum CodingKeys: String, CodingKey, CaseIterable { case preSale, provisioning, faultsAndComplaints, informationNotices }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            path = decoder.keyPath
            preSale = try c.decode(PreSale.self, forKey: .preSale)
            provisioning = try c.decode(Provisioning.self, forKey: .provisioning)
            faultsAndComplaints = try c.decode(FaultsAndComplaints.self, forKey: .faultsAndComplaints)
            informationNotices = try c.decode(Notices.self, forKey: .informationNotices)
        }
    }

    let assessment: Body

    private enum CodingKeys: String, CodingKey, CaseIterable { case assessment }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        assessment = try decoder.container(keyedBy: CodingKeys.self).decode(Body.self, forKey: .assessment)
    }

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
        let quality = try body.faultsAndComplaints.networkQualityPoints.points()
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
