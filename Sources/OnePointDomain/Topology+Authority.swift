/// The authority rule of DOMAIN.md §1: a unit acts on its own work and on the work of the units
/// below it; HQ acts on all.
extension Topology {
    /// Whether `actor` may act on work owned by `owner`: `owner` is `actor` or lies below it.
    /// An id that is not a unit of this topology on either side gives `false`.
    public func mayAct(_ actor: UnitID, on owner: UnitID) -> Bool {
        guard contains(actor), contains(owner) else { return false }
        return (try? isUnit(owner, within: actor)) ?? false
    }

    /// Whether `actor` may act on work owned by any of `owners`.
    public func mayAct(_ actor: UnitID, onAnyOf owners: [UnitID]) -> Bool {
        owners.contains { mayAct(actor, on: $0) }
    }
}
