extension Topology {
    /// Splits an order into legs and names its coordinating party.
    ///
    /// - One ``OrderRoute/Role/access`` leg for each city owning an access point.
    /// - One ``OrderRoute/Role/provincialBackbone`` leg for each province whose backbone is
    ///   involved: the province of a cross-city order, every province touched by a
    ///   cross-province order.
    /// - One ``OrderRoute/Role/interProvincialTrunk`` leg for HQ when more than one province is touched.
    ///
    /// A local order (every access point in one city) has just the city leg and is not
    /// cross-domain. The initiator does not add a leg: a province raising an order for one
    /// city's access points is still a local order.
    ///
    /// The coordinator is the initiator for cross-domain business (source); otherwise `policy`
    /// decides (default: the city owning the access points).
    ///
    /// - Parameters:
    ///   - accessPoints: the city unit owning each access point; repeats are fine.
    ///   - initiator: the unit where the customer's requirement was raised.
    ///   - policy: the coordination rule for business that is not cross-domain.
    /// - Throws: ``DomainError/Code/unknownUnit`` for an id not in the topology;
    ///   ``DomainError/Code/invalidValue`` when `accessPoints` is empty or names a unit that
    ///   is not a city.
    public func route(
        accessPoints: [UnitID], initiator: UnitID, policy: CoordinationPolicy = .default
    ) throws(DomainError) -> OrderRoute {
        _ = try unit(initiator)
        guard !accessPoints.isEmpty else {
            throw DomainError(.invalidValue, "an order needs at least one access point; none given (initiator '\(initiator)')")
        }
        var cities = Set<UnitID>()
        var provinces = Set<UnitID>()
        for id in accessPoints {
            let city = try unit(id)
            guard city.tier == .city, let province = city.parent else {
                throw DomainError(
                    .invalidValue,
                    "access point unit '\(id)' is \(city.tier); access points belong to city units")
            }
            cities.insert(city.id)
            provinces.insert(province)
        }
        let scope: NetworkScope =
            provinces.count > 1 ? .crossProvince : (cities.count > 1 ? .crossCity : .local)
        var legs: [OrderRoute.Leg] = []
        if scope == .crossProvince { legs.append(.init(unit: hq.id, role: .interProvincialTrunk)) }
        if scope != .local {
            legs += provinces.sorted().map { .init(unit: $0, role: .provincialBackbone) }
        }
        legs += cities.sorted().map { .init(unit: $0, role: .access) }

        let coordinator: UnitID
        switch (scope, policy) {
        case (.local, .accessPointCity): coordinator = cities.first ?? initiator
        default: coordinator = initiator
        }
        let reporter: UnitID
        switch scope {
        case .local: reporter = cities.first ?? hq.id
        case .crossCity: reporter = provinces.first ?? hq.id
        case .crossProvince: reporter = hq.id
        }
        return OrderRoute(
            scope: scope, initiator: initiator, coordinator: coordinator, endToEndReporter: reporter, legs: legs)
    }
}
