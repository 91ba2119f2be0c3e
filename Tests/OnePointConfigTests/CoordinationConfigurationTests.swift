import Foundation
import OnePointConfig
import OnePointDomain
import Testing

/// `topology.coordination`: who coordinates business that is not cross-domain, as each
/// province decided (DOMAIN.md §1).
@Suite("topology.yaml: coordination policies")
struct CoordinationConfigurationTests {
    static let units = """
        topology:
          units:
            - { id: HQ, tier: hq, name: Headquarters }
            - { id: GD, tier: province, name: Guangdong, parent: HQ }
            - { id: GD-GZ, tier: city, name: Guangzhou, parent: GD }
            - { id: JS, tier: province, name: Jiangsu, parent: HQ }
            - { id: JS-NJ, tier: city, name: Nanjing, parent: JS }

        """

    @Test("the shipped file states DOMAIN.md's default: the access point's city, in every province")
    func shipped() throws {
        let configuration = try ConfigFixtures.shipped()
        #expect(configuration.coordination == .default)
        #expect(configuration.coordination.policy(forProvince: "JS") == .accessPointCity)
    }

    @Test("a province that decided otherwise gets its own policy; the others the default")
    func perProvince() throws {
        let yaml = Self.units + """
              coordination:
                default: accessPointCity
                provinces: { JS: initiatingUnit }
            """
        let configuration = try ConfigReader.topologyConfiguration(yaml: yaml, file: "topology.yaml")
        #expect(configuration.coordination.policy(forProvince: "JS") == .initiatingUnit)
        #expect(configuration.coordination.policy(forProvince: "GD") == .accessPointCity)
        #expect(configuration.topology.contains("JS-NJ"))
    }

    @Test("the default itself is configuration")
    func defaultIsConfigured() throws {
        let yaml = Self.units + """
              coordination:
                default: initiatingUnit
            """
        let configuration = try ConfigReader.topologyConfiguration(yaml: yaml, file: "topology.yaml")
        #expect(configuration.coordination.policy(forProvince: "GD") == .initiatingUnit)
    }

    @Test("without the section: DOMAIN.md's default")
    func leftOut() throws {
        let configuration = try ConfigReader.topologyConfiguration(yaml: Self.units, file: "topology.yaml")
        #expect(configuration.coordination == .default)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let old: String
        let new: String
        let code: ConfigError.Code
        let keyPath: String
        let message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "unknown policy", old: "default: accessPointCity", new: "default: cityOfTheCustomer", code: .unknownName,
            keyPath: "topology.coordination.default",
            message: "unknown coordination policy 'cityOfTheCustomer'; expected one of: accessPointCity, initiatingUnit"),
        Case(
            name: "a city deciding", old: "provinces: {}", new: "provinces: { GD-GZ: initiatingUnit }", code: .invalidTopology,
            keyPath: "topology.coordination.provinces.GD-GZ", message: "'GD-GZ' (Guangzhou) is a city; the coordinating party"),
        Case(
            name: "a unit not in the topology", old: "provinces: {}", new: "provinces: { XZ: initiatingUnit }", code: .invalidTopology,
            keyPath: "topology.coordination.provinces.XZ", message: "'XZ' is not a unit of the topology"),
        Case(
            name: "unknown policy of a province", old: "provinces: {}", new: "provinces: { JS: theProvince }", code: .unknownName,
            keyPath: "topology.coordination.provinces.JS", message: "unknown coordination policy 'theProvince'"),
        Case(
            name: "misspelt key", old: "    default: accessPointCity", new: "    defualt: accessPointCity", code: .unknownKey,
            keyPath: "topology.coordination.defualt", message: "unknown key 'defualt'; expected one of: default, provinces"),
    ]

    @Test("a broken coordination section names file, line, key and problem", arguments: cases)
    func broken(_ example: Case) throws {
        let line = try ConfigFixtures.shippedLine(of: example.old, in: .topology)
        let error = try ConfigFixtures.loadError { directory in
            try ConfigFixtures.replace(example.old, with: example.new, in: .topology, directory: directory)
        }
        #expect(error.code == example.code, "\(error)")
        #expect(error.file.hasSuffix("/topology.yaml"), "\(error)")
        #expect(error.keyPath == example.keyPath, "\(error)")
        #expect(error.message.contains(example.message), "\(error)")
        #expect(error.line == line, "\(error)")
    }
}
