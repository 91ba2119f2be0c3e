import OnePointDomain

/// The model of `sla.yaml`: the SLA tables of DOMAIN.md §§4–6 and the level quota of §2.
///
/// ```yaml
/// sla:
///   preSale: { existingSurveyWorkingDays: LEVELS, constructionSurveyWorkingDays: LEVELS }
///   provisioning: { limitWorkingDays: LEVELS, dataConfigurationStartMinutes: 30, escalation: LADDER }
///   faults: { restorationHours: LEVELS, feedbackIntervalMinutes: LEVELS, escalation: LADDER }
///   cutover: { noticeLeadWorkingDays: LEVELS, emergencyNoticeLeadHours: 24 }
///   complaints: { responseMinutes: LEVELS, handlingHours: LEVELS, replyHours: LEVELS }
///   levelQuota: { diamondMaxPercent: 10, silverMaxPercent: 20 }
/// ```
struct SLADocument: StrictlyKeyed, Sendable {
    struct Body: StrictlyKeyed, Sendable {
        var path = ConfigKeyPath()
        let preSale: PreSale
        let provisioning: Provisioning
        let faults: Faults
        let cutover: Cutover
        let complaints: Complaints
        let levelQuota: Quota

        enum CodingKeys: String, CodingKey, CaseIterable { case preSale, provisioning, faults, cutover, complaints, levelQuota }
    }

    struct PreSale: StrictlyKeyed, Sendable {
        let existingSurveyWorkingDays: ConfigLevelTable
        let constructionSurveyWorkingDays: ConfigLevelTable

        enum CodingKeys: String, CodingKey, CaseIterable { case existingSurveyWorkingDays, constructionSurveyWorkingDays }
    }

    struct Provisioning: StrictlyKeyed, Sendable {
        let limitWorkingDays: ConfigLevelTable
        let dataConfigurationStartMinutes: ConfigScalar
        let escalation: ConfigEscalationLadder

        enum CodingKeys: String, CodingKey, CaseIterable { case limitWorkingDays, dataConfigurationStartMinutes, escalation }
    }

    struct Faults: StrictlyKeyed, Sendable {
        let restorationHours: ConfigLevelTable
        let feedbackIntervalMinutes: ConfigLevelTable
        let escalation: ConfigEscalationLadder

        enum CodingKeys: String, CodingKey, CaseIterable { case restorationHours, feedbackIntervalMinutes, escalation }
    }

    struct Cutover: StrictlyKeyed, Sendable {
        let noticeLeadWorkingDays: ConfigLevelTable
        let emergencyNoticeLeadHours: ConfigScalar

        enum CodingKeys: String, CodingKey, CaseIterable { case noticeLeadWorkingDays, emergencyNoticeLeadHours }
    }

    struct Complaints: StrictlyKeyed, Sendable {
        var path = ConfigKeyPath()
        let responseMinutes: ConfigLevelTable
        let handlingHours: ConfigLevelTable
        let replyHours: ConfigLevelTable

        enum CodingKeys: String, CodingKey, CaseIterable { case responseMinutes, handlingHours, replyHours }
    }

    struct Quota: StrictlyKeyed, Sendable {
        var path = ConfigKeyPath()
        let diamondMaxPercent: ConfigScalar
        let silverMaxPercent: ConfigScalar

        enum CodingKeys: String, CodingKey, CaseIterable { case diamondMaxPercent, silverMaxPercent }
    }

    let sla: Body

    enum CodingKeys: String, CodingKey, CaseIterable { case sla }

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
        let hours: (ConfigScalar) throws(ConfigIssue) -> Int = { scalar throws(ConfigIssue) in try scalar.minutesFromHours() }
        let response = try sla.complaints.responseMinutes.map(minutes)
        let handling = try sla.complaints.handlingHours.map(hours)
        let reply = try sla.complaints.replyHours.map(hours)
        let complaints = try ConfigIssue.checking(sla.complaints.path) { () throws(DomainError) in
            try ComplaintPolicy(responseMinutes: response, handlingMinutes: handling, replyMinutes: reply)
        }
        return SLAConfiguration(policy: policy, levelQuota: quota, complaints: complaints)
    }
}
