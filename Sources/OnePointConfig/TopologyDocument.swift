import OnePointDomain

/// The model of `topology.yaml`: a flat list of units, each naming its parent, and who
/// coordinates business that is not cross-domain (optional; DOMAIN.md's default without it).
///
/// ```yaml
/// topology:
///   units:
///     - { id: HQ, tier: hq, name: Headquarters, chineseName: 集团总部 }
///     - { id: GD, tier: province, name: Guangdong, chineseName: 广东, parent: HQ }
///     - { id: GD-GZ, tier: city, name: Guangzhou, chineseName: 广州, parent: GD }
///   coordination:
///     default: accessPointCity
///     provinces: { GD: initiatingUnit }
/// ```
struct TopologyDocument: StrictlyKeyed, Sendable {
    struct Body: StrictlyKeyed, Sendable {
        var path = ConfigKeyPath()
        let units: [Unit]
        let coordination: Coordination?

        enum CodingKeys: String, CodingKey, CaseIterable { case units, coordination }
    }

    /// `topology.coordination`: the policy of every province, and the provinces that chose another.
    struct Coordination: StrictlyKeyed, Sendable {
        var path = ConfigKeyPath()
        let defaultPolicy: ConfigScalar
        let provinces: ProvincePolicies?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case defaultPolicy = "default"
            case provinces
        }
    }

    /// `topology.coordination.provinces`: province id → policy name, in the order written.
    struct ProvincePolicies: Decodable, Sendable {
        let path: ConfigKeyPath
        let entries: [(province: String, policy: ConfigScalar)]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: ConfigCodingKey.self)
            path = decoder.keyPath
            entries = try container.allKeys.sorted { $0.stringValue < $1.stringValue }.map { key in
                (province: key.stringValue, policy: try container.decode(ConfigScalar.self, forKey: key))
            }
        }
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
    static let policyList = CoordinationPolicy.allCases.map(\.rawValue).joined(separator: ", ")

    /// The topology and its coordination policies, checked.
    func configuration() throws(ConfigIssue) -> TopologyConfiguration {
        let topology = try topologyValue()
        guard let coordination = self.topology.coordination else { return TopologyConfiguration(topology: topology) }
        let defaultPolicy = try Self.policy(coordination.defaultPolicy)
        var byProvince: [UnitID: CoordinationPolicy] = [:]
        for entry in coordination.provinces?.entries ?? [] {
            let id = UnitID(entry.province)
            let at = (coordination.provinces?.path ?? coordination.path.appending("provinces")).appending(entry.province)
            guard let unit = try? topology.unit(id) else {
                throw ConfigIssue(
                    .invalidTopology, at: at, "'\(id)' is not a unit of the topology; coordination is decided by provinces listed under units")
            }
            guard unit.tier == .province else {
                throw ConfigIssue(
                    .invalidTopology, at: at,
                    "'\(id)' (\(unit.name)) is a \(unit.tier); the coordinating party of business that is not cross-domain is decided per province")
            }
            byProvince[id] = try Self.policy(entry.policy)
        }
        return TopologyConfiguration(topology: topology, coordination: CoordinationPolicies(defaultPolicy: defaultPolicy, byProvince: byProvince))
    }

    /// A coordination policy by name (``CoordinationPolicy`` raw values, any case).
    static func policy(_ scalar: ConfigScalar) throws(ConfigIssue) -> CoordinationPolicy {
        let name = try scalar.nonEmptyText("a coordination policy (\(policyList))")
        guard let policy = CoordinationPolicy.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else {
            throw ConfigIssue(.unknownName, at: scalar.path, "unknown coordination policy '\(name)'; expected one of: \(policyList)")
        }
        return policy
    }

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
