import OnePointDomain

/// What `topology.yaml` holds: the units (HQ, provinces, cities) and who coordinates business
/// that is not cross-domain, as each province decided (DOMAIN.md §1).
public struct TopologyConfiguration: Sendable, Equatable {
    /// HQ, provinces and cities.
    public let topology: Topology
    /// The coordinating party of business that is not cross-domain, province by province
    /// (`topology.coordination`; DOMAIN.md's default when the key is left out).
    public let coordination: CoordinationPolicies

    /// Pairs a topology with its coordination policies.
    public init(topology: Topology, coordination: CoordinationPolicies = .default) {
        self.topology = topology
        self.coordination = coordination
    }
}
