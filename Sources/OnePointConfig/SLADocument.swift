import OnePointDomain

/// The model of `sla.yaml`: the SLA tables of DOMAIN.md §§4–6 and the level quota of §2.
///
/// ```yaml
/// sla:
///   preSale: { existingSurveyWorkingDays: LEVELS, constructionSurveyWorkingDays: LEVELS }
///   provisioning: { limitWorkingDays: LEVELS, dataConfigurationStartMinutes: 30, escalation: LADDER }
///   faults: { restorationHours: LEVELS, feedbackIntervalMinutes: LEVELS, escalation: LADDER }
///   cutover: { noticeLeadWorkingDays: LEVELS, emergencyNoticeLeadHours: 24 }
///   levelQuota: { diamondMaxPercent: 10, silverMaxPercent: 20 }
/// ```
struct SLADocument: Decodable, Sendable {
    struct Body: Decodable, Sendable {
        let path: ConfigKeyPath
        let preSale: PreSale
        let provisioning: Provisioning
        let faults: Faults
        let cutover: Cutover
        let levelQuota: Quota

        private enum CodingKeys: String, CodingKey, CaseIterable { case preSale, provisioning, faults, cutover, levelQuota }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            path = decoder.keyPath
            preSale = try c.decode(PreSale.self, forKey: .preSale)
            provisioning = try c.decode(Provisioning.self, forKey: .provisioning)
            faults = try c.decode(Faults.self, forKey: .faults)
            cutover = try c.decode(Cutover.self, forKey: .cutover)
            levelQuota = try c.decode(Quota.self, forKey: .levelQuota)
        }
    }

    struct PreSale: Decodable, Sendable {
        let existingSurveyWorkingDays: ConfigLevelTable
        let constructionSurveyWorkingDays: ConfigLevelTable

        private enum CodingKeys: String, CodingKey, CaseIterable { case existingSurveyWorkingDays, constructionSurveyWorkingDays }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            existingSurveyWorkingDays = try c.decode(ConfigLevelTable.self, forKey: .existingSurveyWorkingDays)
            constructionSurveyWorkingDays = try c.decode(ConfigLevelTable.self, forKey: .constructionSurveyWorkingDays)
        }
    }

    struct Provisioning: Decodable, Sendable {
        let limitWorkingDays: ConfigLevelTable
        let dataConfigurationStartMinutes: ConfigScalar
        let escalation: ConfigEscalationLadder

        private enum CodingKeys: String, CodingKey, CaseIterable { case limitWorkingDays, dataConfigurationStartMinutes, escalation }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            limitWorkingDays = try c.decode(ConfigLevelTable.self, forKey: .limitWorkingDays)
            dataConfigurationStartMinutes = try c.decode(ConfigScalar.self, forKey: .dataConfigurationStartMinutes)
            escalation = try c.decode(ConfigEscalationLadder.self, forKey: .escalation)
        }
    }

    struct Faults: Decodable, Sendable {
        let restorationHours: ConfigLevelTable
        let feedbackIntervalMinutes: ConfigLevelTable
        let escalation: ConfigEscalationLadder

        private enum CodingKeys: String, CodingKey, CaseIterable { case restorationHours, feedbackIntervalMinutes, escalation }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            restorationHours = try c.decode(ConfigLevelTable.self, forKey: .restorationHours)
            feedbackIntervalMinutes = try c.decode(ConfigLevelTable.self, forKey: .feedbackIntervalMinutes)
            escalation = try c.decode(ConfigEscalationLadder.self, forKey: .escalation)
        }
    }

    struct Cutover: Decodable, Sendable {
        let noticeLeadWorkingDays: ConfigLevelTable
        let emergencyNoticeLeadHours: ConfigScalar

        private enum CodingKeys: String, CodingKey, CaseIterable { case noticeLeadWorkingDays, emergencyNoticeLeadHours }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            noticeLeadWorkingDays = try c.decode(ConfigLevelTable.self, forKey: .noticeLeadWorkingDays)
            emergencyNoticeLeadHours = try c.decode(ConfigScalar.self, forKey: .emergencyNoticeLeadHours)
        }
    }

    struct Quota: Decodable, Sendable {
        let path: ConfigKeyPath
        let diamondMaxPercent: ConfigScalar
        let silverMaxPercent: ConfigScalar

        private enum CodingKeys: String, CodingKey, CaseIterable { case diamondMaxPercent, silverMaxPercent }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            path = decoder.keyPath
            diamondMaxPercent = try c.decode(ConfigScalar.self, forKey: .diamondMaxPercent)
            silverMaxPercent = try c.decode(ConfigScalar.self, forKey: .silverMaxPercent)
        }
    }

    let sla: Body

    private enum CodingKeys: String, CodingKey, CaseIterable { case sla }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        sla = try decoder.container(keyedBy: CodingKeys.self).decode(Body.self, forKey: .sla)
    }

    // MARK: - Checking

    func configuration() throws(ConfigIssue) -> SLAConfiguration {
        let halfDays: (ConfigScalar) throws(ConfigIssue) -> Int = { scalar throws(ConfigIssue) in try scalar.halfWorkingDays() }
        let minutes: (ConfigScalar) throws(ConfigIssue) -> Int = { scalar throws(ConfigIssue) in
            try scalar.wholeNumber("minutes", in: 1...100_000_000)
        }
        let leadDays: (ConfigScalar) throws(ConfigIssue) -> Int = { scalar throws(ConfigIssue) in
            try scalar.wholeNumber("working days", in: 0...1000)
        }
        let existing = try sla.preSale.existingSurveyWorkingDays.map(halfDays)
        let construction = try sla.preSale.constructionSurveyWorkingDays.map(halfDays)
        let provisioning = try sla.provisioning.limitWorkingDays.map(halfDays)
        let dataConfiguration = try minutes(sla.provisioning.dataConfigurationStartMinutes)
        let provisioningLadder = try sla.provisioning.escalation.ladder()
        let restoration = try sla.faults.restorationHours.map { scalar throws(ConfigIssue) in try scalar.minutesFromHours() }
        let feedback = try sla.faults.feedbackIntervalMinutes.map(minutes)
        let faultLadder = try sla.faults.escalation.ladder()
        let notice = try sla.cutover.noticeLeadWorkingDays.map(leadDays)
        let emergency = try sla.cutover.emergencyNoticeLeadHours.wholeNumber("hours", in: 1...100_000)
        let policy = try ConfigIssue.checking(sla.path) { () throws(DomainError) in
            try SLAPolicy(
                existingSurveyHalfDays: existing, constructionSurveyHalfDays: construction, provisioningHalfDays: provisioning,
                restorationMinutes: restoration, dataConfigurationMinutes: dataConfiguration, feedbackIntervalMinutes: feedback,
                noticeLeadWorkingDays: notice, emergencyNoticeLeadHours: emergency, provisioningLadder: provisioningLadder,
                faultLadder: faultLadder)
        }
        let quotaBody = sla.levelQuota
        let diamond = try quotaBody.diamondMaxPercent.wholeNumber("percent", in: 0...100)
        let silver = try quotaBody.silverMaxPercent.wholeNumber("percent", in: 0...100)
        let quota = try ConfigIssue.checking(quotaBody.path) { () throws(DomainError) in
            try LevelQuota(diamondMaxPercent: diamond, silverMaxPercent: silver)
        }
        return SLAConfiguration(policy: policy, levelQuota: quota)
    }
}
