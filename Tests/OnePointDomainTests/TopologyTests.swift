import Foundation
import OnePointDomain
import Testing

@Suite("Topology: validation and queries")
struct TopologyTests {
    let topology: Topology

    init() throws { topology = try OrganisationFixtures.topology() }

    /// Builds a topology from `units` and returns the refusal.
    private func refusal(_ units: [OrgUnit]) -> DomainError? {
        #expect(throws: DomainError.self) { _ = try Topology(units: units) }
    }

    private static let hq = OrgUnit(id: "HQ", tier: .hq, name: "HQ", parent: nil)
    private static let gd = OrgUnit(id: "GD", tier: .province, name: "Guangdong", parent: "HQ")
    private static let gz = OrgUnit(id: "GD-GZ", tier: .city, name: "Guangzhou", parent: "GD")

    @Test func buildsTheFixtureInTierOrder() {
        #expect(topology.units.count == 10)
        #expect(topology.hq.id == "HQ")
        #expect(topology.units.map(\.id.rawValue) == [
            "HQ", "GD", "JS", "ZJ", "GD-GZ", "GD-SZ", "JS-NJ", "JS-SZ", "ZJ-HZ", "ZJ-NB",
        ])
        #expect(topology.contains("JS-SZ"))
        #expect(!topology.contains("GX"))
    }

    @Test func refusesAnEmptyID() {
        let error = refusal([Self.hq, OrgUnit(id: " ", tier: .province, name: "Nowhere", parent: "HQ")])
        #expect(error?.code == .invalidTopology)
        #expect(error?.message.contains("Nowhere") == true)
    }

    @Test func refusesADuplicateID() {
        let error = refusal([Self.hq, Self.gd, Self.gz, OrgUnit(id: "GD-GZ", tier: .city, name: "Again", parent: "GD")])
        #expect(error?.code == .invalidTopology)
        #expect(error?.message.contains("'GD-GZ'") == true)
        #expect(error?.message.contains("more than once") == true)
    }

    @Test func refusesATopologyWithoutHQ() {
        let error = refusal([Self.gd, Self.gz])
        #expect(error?.code == .invalidTopology)
        #expect(error?.message.contains("no HQ") == true)
    }

    @Test func refusesTwoHQs() {
        let error = refusal([Self.hq, OrgUnit(id: "HQ2", tier: .hq, name: "Other HQ", parent: nil)])
        #expect(error?.code == .invalidTopology)
        #expect(error?.message.contains("'HQ', 'HQ2'") == true)
    }

    @Test func refusesAnHQWithAParent() {
        let error = refusal([OrgUnit(id: "HQ", tier: .hq, name: "HQ", parent: "GD"), Self.gd])
        #expect(error?.code == .invalidTopology)
        #expect(error?.message.contains("HQ unit 'HQ' must have no parent but names 'GD'") == true)
    }

    @Test func refusesAnUnknownParent() {
        let error = refusal([Self.hq, Self.gd, OrgUnit(id: "GX-NN", tier: .city, name: "Nanning", parent: "GX")])
        #expect(error?.code == .invalidTopology)
        #expect(error?.message.contains("'GX-NN' names parent 'GX', which is not in the topology") == true)
    }

    @Test func refusesAMissingParent() {
        let error = refusal([Self.hq, OrgUnit(id: "GD", tier: .province, name: "Guangdong", parent: nil)])
        #expect(error?.code == .invalidTopology)
        #expect(error?.message.contains("province unit 'GD' has no parent") == true)
    }

    @Test func refusesACycle() {
        let error = refusal([
            Self.hq,
            OrgUnit(id: "A", tier: .province, name: "A", parent: "B"),
            OrgUnit(id: "B", tier: .province, name: "B", parent: "A"),
        ])
        #expect(error?.code == .invalidTopology)
        #expect(error?.message.contains("cycle: A → B → A") == true)
    }

    @Test func refusesAUnitThatIsItsOwnParent() {
        let error = refusal([Self.hq, OrgUnit(id: "GD", tier: .province, name: "Guangdong", parent: "GD")])
        #expect(error?.code == .invalidTopology)
        #expect(error?.message.contains("cycle: GD → GD") == true)
    }

    @Test func refusesAProvinceUnderAProvince() {
        let error = refusal([Self.hq, Self.gd, OrgUnit(id: "GD2", tier: .province, name: "Sub", parent: "GD")])
        #expect(error?.code == .invalidTopology)
        #expect(error?.message.contains("province 'GD2' must have HQ 'HQ' as parent, not 'GD'") == true)
    }

    @Test func refusesACityUnderHQ() {
        let error = refusal([Self.hq, OrgUnit(id: "BJ", tier: .city, name: "Beijing", parent: "HQ")])
        #expect(error?.code == .invalidTopology)
        #expect(error?.message.contains("city 'BJ' must have a province as parent, but 'HQ' is hq") == true)
    }

    @Test func refusesACityUnderACity() {
        let error = refusal([Self.hq, Self.gd, Self.gz, OrgUnit(id: "GD-GZ-1", tier: .city, name: "District", parent: "GD-GZ")])
        #expect(error?.code == .invalidTopology)
        #expect(error?.message.contains("city 'GD-GZ-1'") == true)
    }

    @Test func parentAndAncestors() throws {
        #expect(try topology.parent(of: "GD-GZ")?.id == "GD")
        #expect(try topology.parent(of: "HQ") == nil)
        #expect(try topology.ancestors(of: "GD-GZ").map(\.id) == ["GD", "HQ"])
        #expect(try topology.ancestors(of: "JS").map(\.id) == ["HQ"])
        #expect(try topology.ancestors(of: "HQ").isEmpty)
    }

    @Test func childrenAndDescendants() throws {
        #expect(try topology.children(of: "HQ").map(\.id) == ["GD", "JS", "ZJ"])
        #expect(try topology.children(of: "ZJ").map(\.id) == ["ZJ-HZ", "ZJ-NB"])
        #expect(try topology.children(of: "ZJ-HZ").isEmpty)
        #expect(try topology.descendants(of: "GD").map(\.id) == ["GD", "GD-GZ", "GD-SZ"])
        #expect(try topology.descendants(of: "GD", includingSelf: false).map(\.id) == ["GD-GZ", "GD-SZ"])
        #expect(try topology.descendants(of: "JS-NJ").map(\.id) == ["JS-NJ"])
        let all = try topology.descendants(of: "HQ")
        #expect(all.count == 10)
        #expect(all.map(\.id).prefix(4) == ["HQ", "GD", "GD-GZ", "GD-SZ"])
        #expect(try topology.isUnit("GD-SZ", within: "GD"))
        #expect(try topology.isUnit("GD", within: "GD"))
        #expect(try !topology.isUnit("JS-SZ", within: "GD"))
        #expect(try topology.isUnit("JS-SZ", within: "HQ"))
    }

    @Test func levelsAboveStopAtHQ() throws {
        #expect(try topology.ancestor(of: "GD-SZ", levelsUp: 0).id == "GD-SZ")
        #expect(try topology.ancestor(of: "GD-SZ", levelsUp: 1).id == "GD")
        #expect(try topology.ancestor(of: "GD-SZ", levelsUp: 2).id == "HQ")
        #expect(try topology.ancestor(of: "GD-SZ", levelsUp: 7).id == "HQ")
        #expect(try topology.ancestor(of: "HQ", levelsUp: 1).id == "HQ")
        let error = #expect(throws: DomainError.self) { try topology.ancestor(of: "GD-SZ", levelsUp: -1) }
        #expect(error?.code == .invalidValue)
    }

    @Test func provinceOfAUnit() throws {
        #expect(try topology.province(of: "JS-SZ")?.id == "JS")
        #expect(try topology.province(of: "JS")?.id == "JS")
        #expect(try topology.province(of: "HQ") == nil)
    }

    @Test func lowestCommonAncestor() throws {
        #expect(try topology.lowestCommonAncestor("GD-GZ", "GD-SZ").id == "GD")
        #expect(try topology.lowestCommonAncestor("GD-GZ", "JS-NJ").id == "HQ")
        #expect(try topology.lowestCommonAncestor("GD-GZ", "GD-GZ").id == "GD-GZ")
        #expect(try topology.lowestCommonAncestor("GD-GZ", "GD").id == "GD")
        #expect(try topology.lowestCommonAncestor(of: ["ZJ-NB"]).id == "ZJ-NB")
        #expect(try topology.lowestCommonAncestor(of: ["ZJ-NB", "ZJ-HZ", "ZJ"]).id == "ZJ")
        let error = #expect(throws: DomainError.self) { try topology.lowestCommonAncestor(of: []) }
        #expect(error?.code == .invalidValue)
    }

    @Test(arguments: ["unit", "parent", "ancestors", "children", "descendants", "levelsUp", "province", "lca", "within"])
    func everyQueryNamesAnUnknownUnit(query: String) {
        let error = #expect(throws: DomainError.self) {
            switch query {
            case "unit": _ = try topology.unit("GX")
            case "parent": _ = try topology.parent(of: "GX")
            case "ancestors": _ = try topology.ancestors(of: "GX")
            case "children": _ = try topology.children(of: "GX")
            case "descendants": _ = try topology.descendants(of: "GX")
            case "levelsUp": _ = try topology.ancestor(of: "GX", levelsUp: 1)
            case "province": _ = try topology.province(of: "GX")
            case "lca": _ = try topology.lowestCommonAncestor("GD", "GX")
            default: _ = try topology.isUnit("GX", within: "GD")
            }
        }
        #expect(error?.code == .unknownUnit)
        #expect(error?.message.contains("'GX'") == true)
    }

    @Test func unitsRoundTripThroughJSON() throws {
        let data = try JSONEncoder().encode(OrganisationFixtures.units)
        let decoded = try JSONDecoder().decode([OrgUnit].self, from: data)
        #expect(decoded == OrganisationFixtures.units)
        #expect(try Topology(units: decoded) == topology)
        let one = try JSONDecoder().decode(
            OrgUnit.self, from: Data(#"{"id": "GD-SZ", "tier": "city", "name": "Shenzhen", "parent": "GD"}"#.utf8))
        #expect(one == OrgUnit(id: "GD-SZ", tier: .city, name: "Shenzhen", parent: "GD"))
        #expect(String(decoding: try JSONEncoder().encode(UnitID("GD-SZ")), as: UTF8.self) == #""GD-SZ""#)
        let keyed = try JSONDecoder().decode([UnitID: Int].self, from: Data(#"{"GD": 1}"#.utf8))
        #expect(keyed == ["GD": 1])
    }

    @Test func tiersAreOrderedFromTheTop() {
        #expect(Tier.hq < .province && Tier.province < .city)
        #expect(Tier.city.depth == 2)
    }
}
