import Foundation
import OnePointDomain
import Testing

@Suite("Order routing: cross-domain, coordinator and legs")
struct OrderRouteTests {
    let topology: Topology

    init() throws { topology = try OrganisationFixtures.topology() }

    @Test func localOrderHasOnlyTheCityLeg() throws {
        let route = try topology.route(accessPoints: ["GD-GZ", "GD-GZ", "GD-GZ"], initiator: "GD-GZ")
        #expect(route.scope == .local)
        #expect(!route.isCrossDomain)
        #expect(route.legs == [.init(unit: "GD-GZ", role: .access)])
        #expect(route.coordinator == "GD-GZ")
        #expect(route.endToEndReporter == "GD-GZ")
    }

    @Test func theProvinceOfTheAccessPointDecides() throws {
        let policies = CoordinationPolicies(defaultPolicy: .accessPointCity, byProvince: ["JS": .initiatingUnit])
        let jiangsu = try topology.route(accessPoints: ["JS-NJ", "JS-NJ"], initiator: "JS", policies: policies)
        #expect(jiangsu.coordinator == "JS")
        let guangdong = try topology.route(accessPoints: ["GD-GZ"], initiator: "GD", policies: policies)
        #expect(guangdong.coordinator == "GD-GZ")
        // Cross-domain business: the initiator, whatever the policy.
        let crossCity = try topology.route(accessPoints: ["GD-GZ", "GD-SZ"], initiator: "GD-SZ", policies: CoordinationPolicies(defaultPolicy: .accessPointCity))
        #expect(crossCity.coordinator == "GD-SZ")
        // The default of the table applies to a province not listed.
        let everywhere = CoordinationPolicies(defaultPolicy: .initiatingUnit)
        #expect(try topology.route(accessPoints: ["GD-GZ"], initiator: "GD", policies: everywhere).coordinator == "GD")
        #expect(CoordinationPolicies.default.policy(forProvince: "GD") == .accessPointCity)
    }

    @Test func localOrderRaisedElsewhereFollowsThePolicy() throws {
        let byDefault = try topology.route(accessPoints: ["GD-GZ"], initiator: "GD")
        #expect(!byDefault.isCrossDomain)
        #expect(byDefault.legs == [.init(unit: "GD-GZ", role: .access)])
        #expect(byDefault.coordinator == "GD-GZ")
        let byInitiator = try topology.route(accessPoints: ["GD-GZ"], initiator: "GD", policy: .initiatingUnit)
        #expect(byInitiator.coordinator == "GD")
        #expect(byInitiator.initiator == "GD")
    }

    @Test func crossCityOrderAddsTheProvinceLeg() throws {
        for policy in CoordinationPolicy.allCases {
            let route = try topology.route(accessPoints: ["GD-SZ", "GD-GZ"], initiator: "GD-SZ", policy: policy)
            #expect(route.scope == .crossCity)
            #expect(route.isCrossDomain)
            #expect(route.legs == [
                .init(unit: "GD", role: .provincialBackbone),
                .init(unit: "GD-GZ", role: .access),
                .init(unit: "GD-SZ", role: .access),
            ])
            #expect(route.coordinator == "GD-SZ")
            #expect(route.endToEndReporter == "GD")
        }
    }

    @Test func crossProvinceOrderAddsEveryProvinceAndTheTrunk() throws {
        let route = try topology.route(accessPoints: ["JS-SZ", "GD-GZ", "JS-NJ"], initiator: "JS-NJ")
        #expect(route.scope == .crossProvince)
        #expect(route.isCrossDomain)
        #expect(route.legs == [
            .init(unit: "HQ", role: .interProvincialTrunk),
            .init(unit: "GD", role: .provincialBackbone),
            .init(unit: "JS", role: .provincialBackbone),
            .init(unit: "GD-GZ", role: .access),
            .init(unit: "JS-NJ", role: .access),
            .init(unit: "JS-SZ", role: .access),
        ])
        #expect(route.coordinator == "JS-NJ")
        #expect(route.endToEndReporter == "HQ")
    }

    @Test func crossProvinceOrderRaisedAtHQIsCoordinatedByHQ() throws {
        let route = try topology.route(accessPoints: ["ZJ-HZ", "GD-SZ"], initiator: "HQ")
        #expect(route.coordinator == "HQ")
        #expect(route.legs.filter { $0.role == .provincialBackbone }.map(\.unit) == ["GD", "ZJ"])
    }

    @Test func refusesBadAccessPoints() {
        let none = #expect(throws: DomainError.self) { try topology.route(accessPoints: [], initiator: "GD-GZ") }
        #expect(none?.code == .invalidValue)
        let province = #expect(throws: DomainError.self) { try topology.route(accessPoints: ["GD"], initiator: "GD") }
        #expect(province?.code == .invalidValue)
        #expect(province?.message.contains("'GD' is province") == true)
        let unknown = #expect(throws: DomainError.self) { try topology.route(accessPoints: ["GX-NN"], initiator: "GD") }
        #expect(unknown?.code == .unknownUnit)
        #expect(unknown?.message.contains("'GX-NN'") == true)
        let initiator = #expect(throws: DomainError.self) { try topology.route(accessPoints: ["GD-GZ"], initiator: "XX") }
        #expect(initiator?.code == .unknownUnit)
        #expect(initiator?.message.contains("'XX'") == true)
    }

    @Test func routeRoundTripsThroughJSON() throws {
        let route = try topology.route(accessPoints: ["GD-GZ", "ZJ-NB"], initiator: "GD-GZ")
        let data = try JSONEncoder().encode(route)
        #expect(try JSONDecoder().decode(OrderRoute.self, from: data) == route)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""role":"interProvincialTrunk""#))
        #expect(text.contains(#""scope":"crossProvince""#))
    }
}
