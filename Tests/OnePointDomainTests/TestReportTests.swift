import Foundation
import OnePointDomain
import Testing

@Suite("Test reports: rejected, failed, passed")
struct TestReportTests {
    let thresholds: TestThresholds

    init() throws { thresholds = try OrganisationFixtures.thresholds() }

    private static let everyRequirement: [(ServiceType, TestMetric)] = ServiceType.allCases.flatMap { type in
        type.requiredMetrics.map { (type, $0) }
    }

    @Test(arguments: ServiceType.allCases)
    func aCompleteReportWithinThresholdsPasses(service: ServiceType) {
        for scope in NetworkScope.allCases {
            #expect(thresholds.evaluate(OrganisationFixtures.report(service, scope: scope)) == .passed)
        }
    }

    @Test(arguments: everyRequirement)
    func aMissingMetricIsRejectedByName(service: ServiceType, metric: TestMetric) {
        var measurements = OrganisationFixtures.passingMeasurements(service)
        measurements[metric] = nil
        let evaluation = thresholds.evaluate(OrganisationFixtures.report(service, measurements: measurements))
        #expect(evaluation == .rejected([.missingMetric(metric)]))
        #expect(evaluation.missingMetrics == [metric])
        #expect(evaluation.rejection?.code == .missingMetric)
        #expect(evaluation.rejection?.message.contains("missing metric \(metric.rawValue)") == true)
    }

    @Test func everyProblemIsListed() {
        let report = OrganisationFixtures.report(
            .e1Digital, measurements: [.erroredSeconds: 0, .roundTripDelay: -1], tester: "  ", confirmation: nil)
        var reversed = report
        reversed.period = .init(start: report.period.end, end: report.period.start)
        let evaluation = thresholds.evaluate(reversed)
        #expect(evaluation == .rejected([
            .missingMetric(.severelyErroredSeconds), .missingMetric(.fibreAttenuation), .missingTester, .unconfirmed,
            .invalidPeriod(start: report.period.end, end: report.period.start), .invalidMeasurement(.roundTripDelay, -1),
        ]))
        let message = evaluation.rejection?.message ?? ""
        #expect(message.contains("missing metric SES") && message.contains("missing metric attenuation"))
        #expect(message.contains("no tester named"))
        #expect(message.contains("not confirmed"))
    }

    @Test func noTesterOrNoConfirmationIsRejectedEvenWithEveryMetric() {
        let noTester = thresholds.evaluate(OrganisationFixtures.report(.mplsVpn, tester: nil))
        #expect(noTester == .rejected([.missingTester]))
        #expect(noTester.rejection?.code == .incompleteTestReport)
        let unsigned = thresholds.evaluate(
            OrganisationFixtures.report(.mplsVpn, confirmation: .init(by: .customer, name: "")))
        #expect(unsigned == .rejected([.unconfirmed]))
        let byCustomer = thresholds.evaluate(
            OrganisationFixtures.report(.mplsVpn, confirmation: .init(by: .customer, name: "Wang Fang")))
        #expect(byCustomer == .passed)
    }

    @Test func aFailedE1TestListsEachMetricWithValueAndThreshold() {
        var measurements = OrganisationFixtures.passingMeasurements(.e1Digital)
        measurements[.erroredSeconds] = 3
        measurements[.roundTripDelay] = 60
        measurements[.fibreAttenuation] = 25  // exactly at the limit passes
        let evaluation = thresholds.evaluate(OrganisationFixtures.report(.e1Digital, measurements: measurements))
        guard case .failed(let failures) = evaluation else {
            Issue.record("expected a failed test, got \(evaluation)")
            return
        }
        #expect(failures.map(\.metric) == [.erroredSeconds, .roundTripDelay])
        #expect(failures.map(\.measured) == [3, 60])
        #expect(failures.map(\.threshold.value) == [0, 50])
        #expect(failures[1].description == "RTD measured 60 ms, above the limit 50 ms")
        #expect(evaluation.rejection == nil)
    }

    @Test func ddnAndEthernetThresholds() {
        var ddn = OrganisationFixtures.passingMeasurements(.ddnAtmFrameRelay)
        ddn[.bitErrorRatio] = OrganisationFixtures.dec("1e-8")
        ddn[.lossOfSync] = 1
        ddn[.throughput] = OrganisationFixtures.dec("98.99")
        guard case .failed(let ddnFailures) = thresholds.evaluate(OrganisationFixtures.report(.ddnAtmFrameRelay, measurements: ddn))
        else {
            Issue.record("expected DDN to fail")
            return
        }
        #expect(ddnFailures.map(\.metric) == [.bitErrorRatio, .lossOfSync, .throughput])
        #expect(ddnFailures.last?.description == "throughput measured 98.99 %, below the minimum 99 %")

        let atLimits: [TestMetric: Decimal] = [.throughput: 99, .frameLoss: OrganisationFixtures.dec("0.01")]
        #expect(thresholds.evaluate(OrganisationFixtures.report(.ethernetPrivateLine, measurements: atLimits)) == .passed)
        let lossy: [TestMetric: Decimal] = [.throughput: 100, .frameLoss: OrganisationFixtures.dec("0.011")]
        #expect(
            thresholds.evaluate(OrganisationFixtures.report(.ethernetPrivateLine, measurements: lossy)).missingMetrics.isEmpty)
        guard case .failed(let ethFailures) = thresholds.evaluate(OrganisationFixtures.report(.ethernetPrivateLine, measurements: lossy))
        else {
            Issue.record("expected Ethernet to fail")
            return
        }
        #expect(ethFailures.map(\.metric) == [.frameLoss])
    }

    @Test(arguments: [
        (NetworkScope.local, "50", true), (.crossCity, "50", true), (.crossCity, "50.1", false), (.local, "80", false),
        (.crossProvince, "80", true), (.crossProvince, "100", true), (.crossProvince, "100.1", false),
    ])
    func mplsAverageDelayDependsOnScope(scope: NetworkScope, delay: String, passes: Bool) {
        var measurements = OrganisationFixtures.passingMeasurements(.mplsVpn)
        measurements[.averageRoundTripDelay] = OrganisationFixtures.dec(delay)
        let evaluation = thresholds.evaluate(OrganisationFixtures.report(.mplsVpn, scope: scope, measurements: measurements))
        if passes {
            #expect(evaluation == .passed)
        } else {
            guard case .failed(let failures) = evaluation else {
                Issue.record("expected a failed test, got \(evaluation)")
                return
            }
            #expect(failures.map(\.metric) == [.averageRoundTripDelay])
            #expect(failures.first?.threshold.value == (scope.isInProvince ? 50 : 100))
        }
    }

    @Test func extraMeasurementsAreIgnored() {
        var measurements = OrganisationFixtures.passingMeasurements(.ethernetPrivateLine)
        measurements[.erroredSeconds] = 999
        #expect(thresholds.evaluate(OrganisationFixtures.report(.ethernetPrivateLine, measurements: measurements)) == .passed)
    }

    @Test func thresholdConfigurationIsValidated() {
        let notCarried = #expect(throws: DomainError.self) {
            try TestThresholds([MetricThreshold(service: .ethernetPrivateLine, metric: .erroredSeconds, bound: .atMost, value: 0)])
        }
        #expect(notCarried?.code == .invalidValue)
        #expect(notCarried?.message.contains("ETHERNET reports do not carry ES") == true)

        let overlapping = #expect(throws: DomainError.self) {
            try TestThresholds([
                MetricThreshold(service: .mplsVpn, metric: .averageRoundTripDelay, bound: .atMost, value: 50, scopes: [.local]),
                MetricThreshold(service: .mplsVpn, metric: .averageRoundTripDelay, bound: .atMost, value: 100),
            ])
        }
        #expect(overlapping?.code == .invalidValue)
        #expect(overlapping?.message.contains("thresholds[1]") == true)
        #expect(overlapping?.message.contains("local") == true)

        let negative = #expect(throws: DomainError.self) {
            try TestThresholds([MetricThreshold(service: .e1Digital, metric: .roundTripDelay, bound: .atMost, value: -5)])
        }
        #expect(negative?.message.contains("-5") == true)

        let emptyScopes = #expect(throws: DomainError.self) {
            try TestThresholds([MetricThreshold(service: .e1Digital, metric: .roundTripDelay, bound: .atMost, value: 5, scopes: [])])
        }
        #expect(emptyScopes?.code == .invalidValue)

        #expect(throws: DomainError.self) {
            try JSONDecoder().decode(
                TestThresholds.self,
                from: Data(#"{"thresholds": [{"service": "2M", "metric": "frameLoss", "bound": "atMost", "value": 1}]}"#.utf8))
        }
    }

    @Test func reportsRoundTripThroughJSONWithMetricKeys() throws {
        let report = OrganisationFixtures.report(.mplsVpn, scope: .crossProvince)
        let data = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(TestReport.self, from: data) == report)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""avgRTD":35"#))
        #expect(text.contains(#""service":"MPLS-VPN""#))
        #expect(text.contains(#""by":"customerManager""#))
    }
}
