extension Topology {
    /// ``route(accessPoints:initiator:policy:)`` with the coordination policy the province of the
    /// access points decided (`policies`): it matters for business that is not cross-domain,
    /// whose access points all lie in one city of one province.
    ///
    /// - Throws: what ``route(accessPoints:initiator:policy:)`` throws.
    public func route(accessPoints: [UnitID], initiator: UnitID, policies: CoordinationPolicies) throws(DomainError) -> OrderRoute {
        var policy = policies.defaultPolicy
        if let first = accessPoints.first, let province = try province(of: first) {
            policy = policies.policy(forProvince: province.id)
        }
        return try route(accessPoints: accessPoints, initiator: initiator, policy: policy)
    }
}
