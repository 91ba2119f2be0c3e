import Foundation
import OnePointConfig
import OnePointContracts
import OnePointDomain
import Testing

/// Who coordinates an order that is not cross-domain is the province's configured policy
/// (`topology.yaml`, `topology.coordination`), not code.
@Suite("Provisioning: the coordinating party of business that is not cross-domain")
struct CoordinationTests {
    /// The shipped configuration with other coordination policies.
    static func shipped(with coordination: CoordinationPolicies) -> DomainConfiguration {
        let shipped = shippedConfiguration
        return DomainConfiguration(
            directory: shipped.directory, calendar: CalendarConfiguration(calendar: shipped.calendar, hours: shipped.hours),
            sla: SLAConfiguration(policy: shipped.sla, levelQuota: shipped.levelQuota, complaints: shipped.complaints), topology: shipped.topology,
            testThresholds: shipped.testThresholds, assessment: shipped.assessment, coordination: coordination)
    }

    @Test("Jiangsu decided the initiating unit coordinates; Guangdong keeps the default, the access point's city")
    func provincePolicies() async throws {
        let domain = Self.shipped(with: CoordinationPolicies(defaultPolicy: .accessPointCity, byProvince: ["JS": .initiatingUnit]))
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"), domain: domain)
        try await harness.run {
            // Both local orders raised by the province for one of its cities.
            try await harness.send(
                .serviceOrderCreate, try Fixtures.order("SO-COORD-JS", level: .gold, points: ["JS-NJ"], initiator: "JS", at: harness.clock.now()),
                from: "JS")
            try await harness.send(
                .serviceOrderCreate, try Fixtures.order("SO-COORD-GD", level: .gold, points: ["GD-GZ"], initiator: "GD", at: harness.clock.now()),
                from: "GD")
            let accepted = try await harness.events(.serviceOrderAccepted, as: OrderAcceptance.self, count: 2)
            let byOrder = Dictionary(accepted.map { ($0.orderId, $0) }, uniquingKeysWith: { first, _ in first })
            #expect(byOrder["SO-COORD-JS"]?.coordinator == "JS", "Jiangsu's policy: the initiating unit")
            #expect(byOrder["SO-COORD-GD"]?.coordinator == "GD-GZ", "the default: the city owning the access point")
            #expect(byOrder["SO-COORD-JS"]?.scope == .local)
        }
    }

    @Test("cross-domain business is coordinated by the initiator whatever the province decided")
    func crossDomainIgnoresThePolicy() async throws {
        let domain = Self.shipped(with: CoordinationPolicies(defaultPolicy: .accessPointCity, byProvince: ["GD": .accessPointCity]))
        let harness = try await ProvisioningHarness(start: cst("2026-11-23 09:00"), domain: domain)
        try await harness.run {
            try await harness.send(
                .serviceOrderCreate,
                try Fixtures.order("SO-COORD-X", level: .gold, points: ["GD-GZ", "GD-SZ"], initiator: "GD-SZ", at: harness.clock.now()), from: "GD-SZ")
            let accepted = try await harness.events(.serviceOrderAccepted, as: OrderAcceptance.self)[0]
            #expect(accepted.coordinator == "GD-SZ")
            #expect(accepted.scope == .crossCity)
        }
    }
}
