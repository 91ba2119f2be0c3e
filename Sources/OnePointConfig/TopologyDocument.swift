import OnePointDomain

/// The model of `topology.yaml`: a flat list of units, each naming its parent.
///
/// ```yaml
/// topology:
///   units:
///     - { id: HQ, tier: hq, name: Headquarters, chineseName: 集团总部 }
///     - { id: GD, tier: province, name: Guangdong, chineseName: 广东, parent: HQ }
///     - { id: GD-GZ, tier: city, name: Guangzhou, chineseName: 广州, parent: GD }
/// ```
struct TopologyDocument: StrictlyKeyed, Sendable {
    struct Body: StrictlyKeyed, Sendable {
        var path = ConfigKeyPath()
        let units: [Unit]

        enum CodingKeys: String, CodingKey, CaseIterable { case units }
    }

    struct Unit: StrictlyKeyed, Sendable {
        var path = ConfigKeyPath()
        let id: ConfigScalar
        let tier: ConfigScalar
        let name: ConfigScalar
        let chineseName: ConfigScalar?
        let parent: ConfigScalar?

        enum CodingKeys: String, CodingKey, CaseIterable { case id, tier, name, chineseName, parent }
    }

    let topology: Body

    enum CodingKeys: String, CodingKey, CaseIterable { case topology }

    // MARK: - Checking

    static let tierList = Tier.allCases.map(\.rawValue).joined(separator: ", ")

    func topologyValue() throws(ConfigIssue) -> Topology {
        var units: [OrgUnit] = []
        var indexByID: [UnitID: Int] = [:]
        for (index, entry) in topology.units.enumerated() {
            let id = UnitID(try entry.id.nonEmptyText("a unit id such as GD-GZ"))
            if let earlier = indexByID[id] {
                throw ConfigIssue(
                    .invalidTopology, at: entry.id.path, "unit id '\(id)' is already used by units[\(earlier)]; ids must be unique")
            }
            indexByID[id] = index
            let tierName = try entry.tier.nonEmptyText("a tier (\(Self.tierList))")
            guard let tier = Tier(rawValue: tierName.lowercased()) else {
                throw ConfigIssue(.unknownName, at: entry.tier.path, "unknown tier '\(tierName)'; expected one of: \(Self.tierList)")
            }
            let name = try entry.name.nonEmptyText("the unit's name")
            let chineseName = try entry.chineseName.map { scalar throws(ConfigIssue) in try scalar.nonEmptyText("the unit's Chinese name") }
            let parent = try entry.parent.map { scalar throws(ConfigIssue) in UnitID(try scalar.nonEmptyText("the parent unit's id")) }
            units.append(OrgUnit(id: id, tier: tier, name: name, chineseName: chineseName, parent: parent))
        }
        for (index, unit) in units.enumerated() {
            let entry = topology.units[index]
            switch (unit.tier, unit.parent) {
            case (.hq, .some):
                throw ConfigIssue(.invalidTopology, at: entry.path.appending("parent"), "HQ unit '\(unit.id)' must have no parent")
            case (.province, nil), (.city, nil):
                throw ConfigIssue(
                    .invalidTopology, at: entry.path.appending("parent"),
                    "\(unit.tier) '\(unit.id)' (\(unit.name)) has no parent; a \(unit.tier) names its \(unit.tier == .city ? "province" : "HQ") as parent")
            case (_, let parent?):
                guard let parentIndex = indexByID[parent] else {
                    throw ConfigIssue(
                        .invalidTopology, at: entry.path.appending("parent"),
                        "\(unit.tier) '\(unit.id)' (\(unit.name)) names parent '\(parent)', which is not a unit of the topology")
                }
                let parentTier = units[parentIndex].tier
                let wanted: Tier = unit.tier == .city ? .province : .hq
                if parentTier != wanted {
                    throw ConfigIssue(
                        .invalidTopology, at: entry.path.appending("parent"),
                        "\(unit.tier) '\(unit.id)' (\(unit.name)) names parent '\(parent)', which is a \(parentTier); a \(unit.tier)'s parent must be \(wanted == .hq ? "the HQ unit" : "a province")")
                }
            case (.hq, nil):
                break
            }
        }
        return try ConfigIssue.checking(topology.path.appending("units"), as: .invalidTopology) { () throws(DomainError) in
            try Topology(units: units)
        }
    }
}
