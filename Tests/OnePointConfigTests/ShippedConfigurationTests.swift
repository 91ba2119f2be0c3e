import Foundation
import OnePointConfig
import OnePointDomain
import Testing

/// The shipped `config/` loads, and every figure of DOMAIN.md reads back from it as DOMAIN.md says.
@Suite("Shipped configuration")
struct ShippedConfigurationTests {
    let configuration: DomainConfiguration

    init() throws {
        configuration = try ConfigFixtures.shipped()
    }

    // MARK: - §4 pre-sale (working days; tables hold half days)

    @Test("existing-network survey: Bronze 2.5 working days (source), defaults 1 / 1.5 / 2 / 2")
    func existingSurvey() throws {
        #expect(configuration.sla.existingSurveyHalfDays.bronze == 5)
        #expect(try configuration.sla.limit(for: .existingSurvey, level: .bronze).description == "2.5 working days")
        #expect(configuration.sla.existingSurveyHalfDays == ConfigFixtures.table(2, 3, 4, 4, 5))
    }

    @Test("construction survey: Bronze 4 working days (source), defaults 2 / 2.5 / 3 / 3.5")
    func constructionSurvey() throws {
        #expect(try configuration.sla.limit(for: .constructionSurvey, level: .bronze) == .workingHalfDays(8))
        #expect(configuration.sla.constructionSurveyHalfDays == ConfigFixtures.table(4, 5, 6, 7, 8))
    }

    // MARK: - §5 provisioning

    @Test("provisioning: Silver 9 working days (source), defaults 5 / 6 / 7 / 10")
    func provisioning() throws {
        #expect(try configuration.sla.limit(for: .provisioning, level: .silver) == .workingHalfDays(18))
        #expect(try configuration.sla.limit(for: .provisioning, level: .silver).description == "9 working days")
        #expect(configuration.sla.provisioningHalfDays == ConfigFixtures.table(10, 12, 14, 18, 20))
    }

    @Test("more than 5 access points: the source's examples 6.4 → 6.5 and 12.6 → 13")
    func accessPointScaling() throws {
        #expect(try configuration.sla.limit(for: .constructionSurvey, level: .bronze, accessPoints: 8).description == "6.5 working days")
        #expect(try configuration.sla.limit(for: .provisioning, level: .silver, accessPoints: 7).description == "13 working days")
        #expect(try configuration.sla.limit(for: .provisioning, level: .silver, accessPoints: 10).description == "18 working days")
    }

    @Test("data configuration starts within 30 minutes (source)")
    func dataConfiguration() throws {
        #expect(configuration.sla.dataConfigurationMinutes == 30)
        #expect(try configuration.sla.limit(for: .dataConfiguration, level: .gold) == .minutes(30))
    }

    @Test("provisioning ladder: 80 % warning to the coordinating party, 100 % parent unit (default)")
    func provisioningLadder() throws {
        #expect(configuration.sla.provisioningLadder.steps.map(\.percent) == [80, 100])
        #expect(configuration.sla.provisioningLadder.steps.map(\.target) == [.coordinatingParty, .parentUnit])
        #expect(configuration.sla.provisioningWarningPercent == 80)
    }

    // MARK: - §6.1 faults

    @Test(
        "restoration limits 1.5 / 2 / 4 / 6 / 8 hours (source)",
        arguments: [(CustomerLevel.key, 90, "1.5 hours"), (.diamond, 120, "2 hours"), (.gold, 240, "4 hours"),
                    (.silver, 360, "6 hours"), (.bronze, 480, "8 hours")])
    func restoration(level: CustomerLevel, minutes: Int, text: String) throws {
        let limit = try configuration.sla.limit(for: .restoration, level: level)
        #expect(limit == .minutes(minutes))
        #expect(limit.description == text)
    }

    @Test("feedback every 30 / 30 / 60 / 120 / 240 minutes (default)")
    func feedback() {
        #expect(configuration.sla.feedbackIntervalMinutes == ConfigFixtures.table(30, 30, 60, 120, 240))
    }

    @Test("fault ladder 50 % duty lead, 100 % parent, 150 % unit above, 200 % HQ leadership (default)")
    func faultLadder() {
        #expect(configuration.sla.faultLadder.steps.map(\.percent) == [50, 100, 150, 200])
        #expect(configuration.sla.faultLadder.steps.map(\.target) == [.dutyLead, .parentUnit, .unitAbove, .hqLeadership])
    }

    // MARK: - §6.2 cutovers

    @Test("notice lead: Diamond 5, Gold 5, Silver 3, Bronze 2 working days (source); Key 5 (default)")
    func noticeLead() {
        #expect(configuration.sla.noticeLeadWorkingDays == ConfigFixtures.table(5, 5, 5, 3, 2))
        #expect(configuration.sla.noticeLeadWorkingDays(for: [.silver, .bronze]) == 3)
    }

    @Test("emergency notice at least 24 clock hours before (source)")
    func emergency() {
        #expect(configuration.sla.emergencyNoticeLeadHours == 24)
    }

    @Test("the whole SLA policy equals DOMAIN.md's tables")
    func wholePolicy() throws {
        let expected = try SLAPolicy(
            existingSurveyHalfDays: ConfigFixtures.table(2, 3, 4, 4, 5),
            constructionSurveyHalfDays: ConfigFixtures.table(4, 5, 6, 7, 8),
            provisioningHalfDays: ConfigFixtures.table(10, 12, 14, 18, 20),
            restorationMinutes: ConfigFixtures.table(90, 120, 240, 360, 480), dataConfigurationMinutes: 30,
            feedbackIntervalMinutes: ConfigFixtures.table(30, 30, 60, 120, 240),
            noticeLeadWorkingDays: ConfigFixtures.table(5, 5, 5, 3, 2), emergencyNoticeLeadHours: 24,
            provisioningLadder: EscalationLadder(steps: [
                .init(percent: 80, target: .coordinatingParty), .init(percent: 100, target: .parentUnit),
            ]),
            faultLadder: EscalationLadder(steps: [
                .init(percent: 50, target: .dutyLead), .init(percent: 100, target: .parentUnit),
                .init(percent: 150, target: .unitAbove), .init(percent: 200, target: .hqLeadership),
            ]))
        #expect(configuration.sla == expected)
    }

    // MARK: - §2 quotas

    @Test("quotas: Diamond at most 10 %, Silver at most 20 % (source)")
    func quota() throws {
        #expect(configuration.levelQuota == (try LevelQuota(diamondMaxPercent: 10, silverMaxPercent: 20)))
    }

    // MARK: - §3 tests

    @Test("test thresholds equal DOMAIN.md §3's defaults")
    func thresholds() throws {
        let expected = try JSONDecoder().decode(TestThresholds.self, from: Data(Self.thresholdsJSON.utf8))
        #expect(Set(configuration.testThresholds.thresholds) == Set(expected.thresholds))
        #expect(configuration.testThresholds.conditions(for: .mplsVpn, scope: .crossProvince).contains {
            $0.metric == .averageRoundTripDelay && $0.value == 100
        })
    }

    // MARK: - §7 assessment

    @Test("assessment policy equals DOMAIN.md §7 (85 points scored here)")
    func assessment() throws {
        let expected = try JSONDecoder().decode(AssessmentPolicy.self, from: Data(Self.assessmentJSON.utf8))
        #expect(configuration.assessment == expected)
        #expect(configuration.assessment.maximum == 85)
        #expect(configuration.assessment.constructionSurvey.stepMinutes == ConfigFixtures.table(120, 240, 480, 720, 960))
    }

    // MARK: - §9 calendar

    @Test("time zone Asia/Shanghai, working hours 09:00–12:00 and 13:00–18:00, years 2025 and 2026")
    func calendar() throws {
        #expect(configuration.calendar.timeZone.identifier == "Asia/Shanghai")
        #expect(configuration.hours.periods.map(\.description) == ["09:00–12:00", "13:00–18:00"])
        #expect(configuration.hours.minutesPerDay == 480)
        #expect(configuration.calendar.loadedYears == [2025, 2026])
    }

    @Test("the calendar years equal DOMAIN.md §9 day for day")
    func calendarYears() throws {
        func days(_ first: String, _ last: String) throws -> [CivilDate] {
            try CivilDate.days(from: ConfigFixtures.day(first), through: ConfigFixtures.day(last))
        }
        let off2025 = try [ConfigFixtures.day("2025-01-01")] + days("2025-01-28", "2025-02-04") + days("2025-04-04", "2025-04-06")
            + days("2025-05-01", "2025-05-05") + days("2025-05-31", "2025-06-02") + days("2025-10-01", "2025-10-08")
        let makeUp2025 = try ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"].map(ConfigFixtures.day)
        let off2026 = try days("2026-01-01", "2026-01-03") + days("2026-02-15", "2026-02-23") + days("2026-04-04", "2026-04-06")
            + days("2026-05-01", "2026-05-05") + days("2026-06-19", "2026-06-21") + days("2026-09-25", "2026-09-27")
            + days("2026-10-01", "2026-10-07")
        let makeUp2026 = try ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]
            .map(ConfigFixtures.day)
        let expected = try WorkingCalendar(
            years: [
                CalendarYear(year: 2025, daysOff: off2025, makeUpWorkingDays: makeUp2025),
                CalendarYear(year: 2026, daysOff: off2026, makeUpWorkingDays: makeUp2026),
            ],
            timeZone: configuration.calendar.timeZone)
        #expect(configuration.calendar == expected)
    }

    @Test("worked example: Silver order dispatched Fri 2026-11-20 16:00 is due Thu 2026-12-03 16:00")
    func workedExample() throws {
        let limit = try configuration.sla.limit(for: .provisioning, level: .silver)
        let due = try configuration.clock.deadline(for: limit, start: ConfigFixtures.at("2026-11-20 16:00"))
        #expect(due == (try ConfigFixtures.at("2026-12-03 16:00")))
    }

    @Test("make-up working days work and holidays do not (2026-02-14 Saturday works, 2026-02-16 Monday is off)")
    func makeUpDays() throws {
        #expect(try configuration.calendar.isWorkingDay(ConfigFixtures.day("2026-02-14")))
        #expect(try !configuration.calendar.isWorkingDay(ConfigFixtures.day("2026-02-16")))
        #expect(try configuration.calendar.isWorkingDay(ConfigFixtures.day("2025-10-11")))
        #expect(try !configuration.calendar.isWorkingDay(ConfigFixtures.day("2025-10-08")))
    }

    // MARK: - §1 topology

    @Test("topology: HQ, at least three provinces with at least two cities each, named in English and Chinese")
    func topology() throws {
        let topology = configuration.topology
        #expect(topology.hq.id == "HQ")
        let provinces = try topology.children(of: "HQ")
        #expect(provinces.count >= 3)
        for province in provinces {
            #expect(try topology.children(of: province.id).count >= 2)
        }
        let guangzhou = try topology.unit("GD-GZ")
        #expect(guangzhou.name == "Guangzhou")
        #expect(guangzhou.chineseName == "广州")
        #expect(guangzhou.parent == "GD")
        #expect(try topology.unit("JS-SZ").chineseName == "苏州")
        #expect(try topology.unit("ZJ-NB").chineseName == "宁波")
        #expect(topology.units.allSatisfy { $0.chineseName != nil })
    }

    // MARK: - Fixtures (DOMAIN.md §3 and §7, as the domain's own JSON)

    static let thresholdsJSON = """
        {"thresholds": [
          {"service": "2M", "metric": "ES", "bound": "atMost", "value": 0},
          {"service": "2M", "metric": "SES", "bound": "atMost", "value": 0},
          {"service": "2M", "metric": "RTD", "bound": "atMost", "value": 50},
          {"service": "2M", "metric": "attenuation", "bound": "atMost", "value": 25},
          {"service": "DDN-ATM-FR", "metric": "BER", "bound": "atMost", "value": 1e-9},
          {"service": "DDN-ATM-FR", "metric": "ES", "bound": "atMost", "value": 0},
          {"service": "DDN-ATM-FR", "metric": "SES", "bound": "atMost", "value": 0},
          {"service": "DDN-ATM-FR", "metric": "LOSS", "bound": "atMost", "value": 0},
          {"service": "DDN-ATM-FR", "metric": "throughput", "bound": "atLeast", "value": 99},
          {"service": "MPLS-VPN", "metric": "ES", "bound": "atMost", "value": 0},
          {"service": "MPLS-VPN", "metric": "avgRTD", "bound": "atMost", "value": 50, "scopes": ["local", "crossCity"]},
          {"service": "MPLS-VPN", "metric": "avgRTD", "bound": "atMost", "value": 100, "scopes": ["crossProvince"]},
          {"service": "MPLS-VPN", "metric": "packetLoss", "bound": "atMost", "value": 0.1},
          {"service": "ETHERNET", "metric": "throughput", "bound": "atLeast", "value": 99},
          {"service": "ETHERNET", "metric": "frameLoss", "bound": "atMost", "value": 0.01}
        ]}
        """

    static let assessmentJSON = """
        {
          "existingNetworkSurvey": {"maxPoints": 10, "firstStepPoints": 0.2, "furtherStepPoints": 0.2,
            "stepMinutes": {"key": 20, "diamond": 25, "gold": 30, "silver": 40, "bronze": 60}},
          "constructionSurvey": {"maxPoints": 10, "firstStepPoints": 0.2, "furtherStepPoints": 0.2,
            "stepMinutes": {"key": 120, "diamond": 240, "gold": 480, "silver": 720, "bronze": 960}},
          "provisioningOnTime": {"maxPoints": 10, "zeroBelowPermille": 980, "fullAtPermille": 1000,
            "basePoints": 6, "pointsPerStep": 0.2, "stepPermille": 1},
          "acceptancePass": {"maxPoints": 15, "zeroBelowPermille": 900, "fullAtPermille": 950,
            "basePoints": 10, "pointsPerStep": 0.1, "stepPermille": 1},
          "dataConfiguration": {"maxPoints": 5, "firstStepPoints": 0.2, "furtherStepPoints": 0.2,
            "stepMinutes": {"key": 5, "diamond": 10, "gold": 15, "silver": 20, "bronze": 30}},
          "restorationTime": {"maxPoints": 10, "firstStepPoints": 2, "furtherStepPoints": 2,
            "stepMinutes": {"key": 20, "diamond": 25, "gold": 30, "silver": 40, "bronze": 60}},
          "complaintTimeliness": {"maxPoints": 10, "zeroBelowPermille": 980, "fullAtPermille": 1000,
            "basePoints": 6, "pointsPerStep": 0.2, "stepPermille": 1},
          "networkQualityPoints": 10,
          "informationNotices": {"maxPoints": 5, "pointsPerItem": 1}
        }
        """
}
