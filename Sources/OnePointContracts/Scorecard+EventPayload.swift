import OnePointDomain

/// The domain's ``Scorecard`` is the payload of ``EventType/scorecard`` on `reports`, keyed
/// `unit:month`.
extension Scorecard: EventPayload {
    /// `unit:month`, e.g. `GD-GZ:2026-11`.
    public var kafkaKey: String { "\(unit):\(month)" }
    /// The unit assessed.
    public var addressedUnit: UnitID? { unit }
}
