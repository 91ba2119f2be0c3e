import Foundation

/// The SLA tables of DOMAIN.md §§4–6: every limit, interval, lead time and ladder, per customer
/// level where the rule depends on it.
///
/// All values come from configuration; none are built in. Working-day tables are in **half**
/// working days (2.5 days is 5) so that every limit is an exact integer.
public struct SLAPolicy: Sendable, Equatable, Codable {
    /// Existing-network survey and solution limit, half working days per level.
    public let existingSurveyHalfDays: LevelTable<Int>
    /// Construction survey limit, half working days per level.
    public let constructionSurveyHalfDays: LevelTable<Int>
    /// Provisioning limit (≤ 5 access points), half working days per level.
    public let provisioningHalfDays: LevelTable<Int>
    /// Restoration limit, plain minutes per level.
    public let restorationMinutes: LevelTable<Int>
    /// Data configuration must start within this many plain minutes of its notice.
    public let dataConfigurationMinutes: Int
    /// Interval between progress feedbacks during a fault, plain minutes per level.
    public let feedbackIntervalMinutes: LevelTable<Int>
    /// Cutover notice lead, whole working days per level (0 allowed).
    public let noticeLeadWorkingDays: LevelTable<Int>
    /// Emergency cutover notice lead, clock hours.
    public let emergencyNoticeLeadHours: Int
    /// Provisioning warnings and escalations (e.g. 80 % coordinating party, 100 % parent unit).
    public let provisioningLadder: EscalationLadder
    /// Fault escalations (e.g. 50 % duty lead … 200 % HQ leadership).
    public let faultLadder: EscalationLadder

    /// Makes a policy.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` naming the table and
    ///   level when a limit, interval or emergency lead is not positive, or a notice lead is
    ///   negative.
    public init(
        existingSurveyHalfDays: LevelTable<Int>,
        constructionSurveyHalfDays: LevelTable<Int>,
        provisioningHalfDays: LevelTable<Int>,
        restorationMinutes: LevelTable<Int>,
        dataConfigurationMinutes: Int,
        feedbackIntervalMinutes: LevelTable<Int>,
        noticeLeadWorkingDays: LevelTable<Int>,
        emergencyNoticeLeadHours: Int,
        provisioningLadder: EscalationLadder,
        faultLadder: EscalationLadder
    ) throws(DomainError) {
        try Self.requirePositive(existingSurveyHalfDays, "existingSurveyHalfDays")
        try Self.requirePositive(constructionSurveyHalfDays, "constructionSurveyHalfDays")
        try Self.requirePositive(provisioningHalfDays, "provisioningHalfDays")
        try Self.requirePositive(restorationMinutes, "restorationMinutes")
        try Self.requirePositive(feedbackIntervalMinutes, "feedbackIntervalMinutes")
        guard dataConfigurationMinutes > 0 else {
            throw DomainError(.invalidValue, "dataConfigurationMinutes is \(dataConfigurationMinutes); it must be positive")
        }
        guard emergencyNoticeLeadHours > 0 else {
            throw DomainError(.invalidValue, "emergencyNoticeLeadHours is \(emergencyNoticeLeadHours); it must be positive")
        }
        for level in CustomerLevel.allCases where noticeLeadWorkingDays[level] < 0 {
            throw DomainError(
                .invalidValue, "noticeLeadWorkingDays for \(level) is \(noticeLeadWorkingDays[level]); it must not be negative")
        }
        self.existingSurveyHalfDays = existingSurveyHalfDays
        self.constructionSurveyHalfDays = constructionSurveyHalfDays
        self.provisioningHalfDays = provisioningHalfDays
        self.restorationMinutes = restorationMinutes
        self.dataConfigurationMinutes = dataConfigurationMinutes
        self.feedbackIntervalMinutes = feedbackIntervalMinutes
        self.noticeLeadWorkingDays = noticeLeadWorkingDays
        self.emergencyNoticeLeadHours = emergencyNoticeLeadHours
        self.provisioningLadder = provisioningLadder
        self.faultLadder = faultLadder
    }

    /// The limit of `activity` for a customer of `level` with `accessPoints` access points.
    ///
    /// Survey and provisioning limits grow for more than 5 access points
    /// (``scaledHalfDays(base:accessPoints:)``); the others ignore the count. For a survey,
    /// `accessPoints` is the customer's points in the request; for provisioning it is the points
    /// of **one city** (an order in one city): an order across cities takes
    /// ``provisioningLimit(level:accessPointCities:)``, which counts city by city.
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when
    ///   `accessPoints` is below 1.
    public func limit(for activity: Activity, level: CustomerLevel, accessPoints: Int = 1) throws(DomainError) -> Limit {
        guard accessPoints >= 1 else {
            throw DomainError(.invalidValue, "access point count \(accessPoints) for \(activity) must be at least 1")
        }
        switch activity {
        case .existingSurvey:
            return .workingHalfDays(try Self.scaledHalfDays(base: existingSurveyHalfDays[level], accessPoints: accessPoints))
        case .constructionSurvey:
            return .workingHalfDays(try Self.scaledHalfDays(base: constructionSurveyHalfDays[level], accessPoints: accessPoints))
        case .provisioning:
            return try provisioningLimit(level: level, accessPointsPerCity: [accessPoints])
        case .dataConfiguration:
            return .minutes(dataConfigurationMinutes)
        case .restoration:
            return .minutes(restorationMinutes[level])
        }
    }

    /// The source rule for more than 5 access points: `ceil(base × points / 5)` half working
    /// days, in integers (8 points × 4 days → 6.5; 7 × 9 → 13; 10 × 9 → exactly 18). With 5 or
    /// fewer points the base applies.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when `accessPoints`
    ///   is below 1 or `base` is negative or the result would overflow.
    public static func scaledHalfDays(base: Int, accessPoints: Int) throws(DomainError) -> Int {
        guard accessPoints >= 1 else {
            throw DomainError(.invalidValue, "access point count \(accessPoints) must be at least 1")
        }
        guard base >= 0 else {
            throw DomainError(.invalidValue, "base limit of \(base) half working days is negative")
        }
        guard accessPoints > 5 else { return base }
        let (product, overflow) = base.multipliedReportingOverflow(by: accessPoints)
        guard !overflow else {
            throw DomainError(.invalidValue, "access point count \(accessPoints) is too large for a limit")
        }
        return product / 5 + (product % 5 == 0 ? 0 : 1)
    }

    /// The percent of the provisioning warning (the first provisioning step below 100 %), if any.
    public var provisioningWarningPercent: Int? {
        provisioningLadder.steps.first { !$0.isOverdue }?.percent
    }

    /// The progress-feedback schedule for a fault of a `level` customer reported at `start`.
    public func feedbackSchedule(for level: CustomerLevel, start: Date) throws(DomainError) -> ProgressFeedbackSchedule {
        try ProgressFeedbackSchedule(start: start, intervalMinutes: feedbackIntervalMinutes[level])
    }

    private static func requirePositive(_ table: LevelTable<Int>, _ name: String) throws(DomainError) {
        for level in CustomerLevel.allCases where table[level] <= 0 {
            throw DomainError(.invalidValue, "\(name) for \(level) is \(table[level]); it must be positive")
        }
    }

    private enum CodingKeys: String, CodingKey {
        case existingSurveyHalfDays, constructionSurveyHalfDays, provisioningHalfDays, restorationMinutes
        case dataConfigurationMinutes, feedbackIntervalMinutes, noticeLeadWorkingDays, emergencyNoticeLeadHours
        case provisioningLadder, faultLadder
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            existingSurveyHalfDays: c.decode(LevelTable<Int>.self, forKey: .existingSurveyHalfDays),
            constructionSurveyHalfDays: c.decode(LevelTable<Int>.self, forKey: .constructionSurveyHalfDays),
            provisioningHalfDays: c.decode(LevelTable<Int>.self, forKey: .provisioningHalfDays),
            restorationMinutes: c.decode(LevelTable<Int>.self, forKey: .restorationMinutes),
            dataConfigurationMinutes: c.decode(Int.self, forKey: .dataConfigurationMinutes),
            feedbackIntervalMinutes: c.decode(LevelTable<Int>.self, forKey: .feedbackIntervalMinutes),
            noticeLeadWorkingDays: c.decode(LevelTable<Int>.self, forKey: .noticeLeadWorkingDays),
            emergencyNoticeLeadHours: c.decode(Int.self, forKey: .emergencyNoticeLeadHours),
            provisioningLadder: c.decode(EscalationLadder.self, forKey: .provisioningLadder),
            faultLadder: c.decode(EscalationLadder.self, forKey: .faultLadder))
    }
}
