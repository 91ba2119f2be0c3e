import Foundation

/// The validated three-tier tree of units (DOMAIN.md §1): one HQ, provinces under it, cities
/// under the provinces.
///
/// Built once from configuration with ``init(units:)``, which refuses anything that is not a
/// proper three-tier tree. Every query taking a ``UnitID`` throws ``DomainError`` with code
/// ``DomainError/Code/unknownUnit`` naming the id when it is not in the tree.
public struct Topology: Sendable, Equatable {
    /// Every unit, HQ first, then provinces, then cities, each tier sorted by id.
    public let units: [OrgUnit]
    /// The HQ unit.
    public let hq: OrgUnit

    private let byID: [UnitID: OrgUnit]
    private let childIDs: [UnitID: [UnitID]]

    /// Builds and validates a topology.
    ///
    /// The list must hold exactly one HQ with no parent; every province's parent must be the HQ;
    /// every city's parent must be a province; ids must be non-empty and unique; every parent
    /// must be listed; and parent links must not form a cycle.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidTopology`` naming the
    ///   offending unit and what is wrong with it.
    public init(units: [OrgUnit]) throws(DomainError) {
        var byID: [UnitID: OrgUnit] = [:]
        for unit in units {
            if unit.id.rawValue.trimmingCharacters(in: .whitespaces).isEmpty {
                throw DomainError(.invalidTopology, "topology: a unit named '\(unit.name)' has an empty id")
            }
            if byID[unit.id] != nil {
                throw DomainError(.invalidTopology, "topology: unit id '\(unit.id)' is listed more than once")
            }
            byID[unit.id] = unit
        }
        let hqs = units.filter { $0.tier == .hq }
        guard let hq = hqs.first else {
            throw DomainError(.invalidTopology, "topology: no HQ unit; exactly one unit must have tier 'hq'")
        }
        if hqs.count > 1 {
            let names = hqs.map { "'\($0.id)'" }.joined(separator: ", ")
            throw DomainError(.invalidTopology, "topology: more than one HQ unit (\(names)); exactly one is allowed")
        }
        if let parent = hq.parent {
            throw DomainError(.invalidTopology, "topology: HQ unit '\(hq.id)' must have no parent but names '\(parent)'")
        }
        for unit in units where unit.tier != .hq {
            guard let parent = unit.parent else {
                throw DomainError(.invalidTopology, "topology: \(unit.tier) unit '\(unit.id)' has no parent")
            }
            if byID[parent] == nil {
                throw DomainError(
                    .invalidTopology, "topology: unit '\(unit.id)' names parent '\(parent)', which is not in the topology")
            }
        }
        // Cycles first, so that a loop is reported as a loop rather than as a wrong tier.
        for unit in units {
            var seen: [UnitID] = [unit.id]
            var current = unit.parent
            while let id = current {
                if let start = seen.firstIndex(of: id) {
                    let loop = (seen[start...] + [id]).map(\.rawValue).joined(separator: " → ")
                    throw DomainError(.invalidTopology, "topology: parent links of unit '\(unit.id)' form a cycle: \(loop)")
                }
                seen.append(id)
                current = byID[id]?.parent
            }
        }
        for unit in units {
            switch unit.tier {
            case .hq:
                break
            case .province:
                if let parent = unit.parent, parent != hq.id {
                    throw DomainError(
                        .invalidTopology,
                        "topology: province '\(unit.id)' must have HQ '\(hq.id)' as parent, not '\(parent)'")
                }
            case .city:
                if let parent = unit.parent, byID[parent]?.tier != .province {
                    let tier = byID[parent].map { "\($0.tier)" } ?? "unknown"
                    throw DomainError(
                        .invalidTopology,
                        "topology: city '\(unit.id)' must have a province as parent, but '\(parent)' is \(tier)")
                }
            }
        }
        var childIDs: [UnitID: [UnitID]] = [:]
        for unit in units {
            if let parent = unit.parent { childIDs[parent, default: []].append(unit.id) }
        }
        for key in childIDs.keys { childIDs[key]?.sort() }
        self.units = units.sorted { ($0.tier, $0.id) < ($1.tier, $1.id) }
        self.hq = hq
        self.byID = byID
        self.childIDs = childIDs
    }

    public static func == (lhs: Topology, rhs: Topology) -> Bool { lhs.units == rhs.units }

    /// Whether `id` names a unit of this topology.
    public func contains(_ id: UnitID) -> Bool { byID[id] != nil }

    /// The unit with identifier `id`.
    /// - Throws: ``DomainError/Code/unknownUnit`` naming `id`.
    public func unit(_ id: UnitID) throws(DomainError) -> OrgUnit {
        guard let unit = byID[id] else {
            throw DomainError(.unknownUnit, "unknown unit '\(id)': it is not in the topology")
        }
        return unit
    }

    /// The parent of `id`, or `nil` for HQ.
    public func parent(of id: UnitID) throws(DomainError) -> OrgUnit? {
        try unit(id).parent.flatMap { byID[$0] }
    }

    /// The chain of parents of `id`, nearest first and HQ last; empty for HQ itself.
    public func ancestors(of id: UnitID) throws(DomainError) -> [OrgUnit] {
        var chain: [OrgUnit] = []
        var current = try unit(id)
        while let parentID = current.parent, let parent = byID[parentID] {
            chain.append(parent)
            current = parent
        }
        return chain
    }

    /// The direct children of `id`, sorted by id (the provinces of HQ, the cities of a province).
    public func children(of id: UnitID) throws(DomainError) -> [OrgUnit] {
        _ = try unit(id)
        return (childIDs[id] ?? []).compactMap { byID[$0] }
    }

    /// The unit `id` and everything below it, depth first: for a filter such as "this province
    /// and its cities". With `includingSelf: false`, only the units below.
    public func descendants(of id: UnitID, includingSelf: Bool = true) throws(DomainError) -> [OrgUnit] {
        let root = try unit(id)
        var result: [OrgUnit] = []
        func visit(_ unit: OrgUnit) {
            result.append(unit)
            for child in childIDs[unit.id] ?? [] {
                if let next = byID[child] { visit(next) }
            }
        }
        visit(root)
        return includingSelf ? result : Array(result.dropFirst())
    }

    /// Whether unit `id` is `ancestor` or lies below it ("this province and its cities").
    public func isUnit(_ id: UnitID, within ancestor: UnitID) throws(DomainError) -> Bool {
        _ = try unit(ancestor)
        if id == ancestor { _ = try unit(id); return true }
        return try ancestors(of: id).contains { $0.id == ancestor }
    }

    /// The unit `levels` steps above `id`, stopping at HQ: 0 is the unit itself, 1 its parent;
    /// asking for more levels than exist gives HQ (used by escalation "to the unit above").
    /// - Throws: ``DomainError/Code/invalidValue`` when `levels` is negative.
    public func ancestor(of id: UnitID, levelsUp levels: Int) throws(DomainError) -> OrgUnit {
        guard levels >= 0 else {
            throw DomainError(.invalidValue, "levels above unit '\(id)' must be 0 or more, got \(levels)")
        }
        var current = try unit(id)
        var remaining = levels
        while remaining > 0, let parentID = current.parent, let parent = byID[parentID] {
            current = parent
            remaining -= 1
        }
        return current
    }

    /// The province of `id`: the parent of a city, a province itself, `nil` for HQ.
    public func province(of id: UnitID) throws(DomainError) -> OrgUnit? {
        let unit = try unit(id)
        switch unit.tier {
        case .hq: return nil
        case .province: return unit
        case .city: return unit.parent.flatMap { byID[$0] }
        }
    }

    /// The lowest unit that is `a` or `b` or lies above both.
    public func lowestCommonAncestor(_ a: UnitID, _ b: UnitID) throws(DomainError) -> OrgUnit {
        try lowestCommonAncestor(of: [a, b])
    }

    /// The lowest unit that is, or lies above, every unit in `ids` (HQ at worst).
    /// - Throws: ``DomainError/Code/invalidValue`` when `ids` is empty;
    ///   ``DomainError/Code/unknownUnit`` for an id not in the tree.
    public func lowestCommonAncestor(of ids: [UnitID]) throws(DomainError) -> OrgUnit {
        guard let first = ids.first else {
            throw DomainError(.invalidValue, "the lowest common ancestor of no units is undefined; give at least one unit")
        }
        // Path from the top down to `first`; shorten it to the prefix shared with every other path.
        var common = try [unit(first)] + ancestors(of: first)
        common.reverse()
        for id in ids.dropFirst() {
            var path = try [unit(id)] + ancestors(of: id)
            path.reverse()
            var shared = 0
            while shared < min(common.count, path.count), common[shared].id == path[shared].id { shared += 1 }
            common = Array(common.prefix(shared))
        }
        return common.last ?? hq
    }
}
