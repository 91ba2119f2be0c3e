import Foundation
import OnePointDomain
import Testing

@Suite("Service types and their required metrics")
struct ServiceTypeTests {
    @Test func rawValuesAreStable() throws {
        #expect(ServiceType.allCases.map(\.rawValue) == ["2M", "DDN-ATM-FR", "MPLS-VPN", "ETHERNET"])
        let data = try JSONEncoder().encode([ServiceType.e1Digital, .mplsVpn])
        #expect(String(decoding: data, as: UTF8.self) == #"["2M","MPLS-VPN"]"#)
        #expect(try JSONDecoder().decode([ServiceType].self, from: data) == [.e1Digital, .mplsVpn])
    }

    @Test(arguments: [
        ("2M", ServiceType.e1Digital), ("e1", .e1Digital), ("E1Digital", .e1Digital), ("ddn", .ddnAtmFrameRelay),
        ("ATM", .ddnAtmFrameRelay), ("fr", .ddnAtmFrameRelay), ("ddn-atm-fr", .ddnAtmFrameRelay), ("mpls", .mplsVpn),
        (" MPLS-VPN ", .mplsVpn), ("mplsVpn", .mplsVpn), ("Ethernet", .ethernetPrivateLine),
        ("ethernetPrivateLine", .ethernetPrivateLine),
    ])
    func parsesNamesAndAliases(text: String, type: ServiceType) throws {
        #expect(try ServiceType(parsing: text) == type)
    }

    @Test(arguments: ["4M", "", "SDH", "vpn"])
    func refusesUnknownTypesNamingThem(text: String) {
        let error = #expect(throws: DomainError.self) { try ServiceType(parsing: text) }
        #expect(error?.code == .unknownServiceType)
        #expect(error?.message.contains("'\(text)'") == true)
        #expect(error?.message.contains("2M, DDN-ATM-FR, MPLS-VPN, ETHERNET") == true)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ServiceType.self, from: Data("\"\(text)\"".utf8))
        }
    }

    @Test func requiredMetricsFollowTheSource() {
        #expect(ServiceType.e1Digital.requiredMetrics == [.erroredSeconds, .severelyErroredSeconds, .roundTripDelay, .fibreAttenuation])
        #expect(ServiceType.ddnAtmFrameRelay.requiredMetrics == [
            .bitErrorRatio, .erroredSeconds, .severelyErroredSeconds, .lossOfSync, .fibreAttenuation, .throughput,
        ])
        #expect(ServiceType.mplsVpn.requiredMetrics == [.erroredSeconds, .averageRoundTripDelay, .packetLoss])
        #expect(ServiceType.ethernetPrivateLine.requiredMetrics == [.throughput, .frameLoss])
    }

    @Test func metricsCarryTheirUnits() {
        #expect(TestMetric.roundTripDelay.unitSymbol == "ms")
        #expect(TestMetric.fibreAttenuation.unitSymbol == "dB")
        #expect(TestMetric.throughput.unitSymbol == "%")
        #expect(TestMetric.lossOfSync.unitSymbol == "")
        #expect(TestMetric.allCases.map(\.rawValue) == [
            "ES", "SES", "RTD", "attenuation", "BER", "LOSS", "throughput", "avgRTD", "packetLoss", "frameLoss",
        ])
    }
}
