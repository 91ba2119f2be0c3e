import OnePointDomain

/// Who emitted an event (the envelope's `source`).
public struct EventSource: Sendable, Codable, Equatable, Hashable {
    /// The unit on whose behalf the event was emitted (`HQ`, `GD`, `GD-GZ`).
    public var unit: UnitID
    /// The emitting program: a worker (`onepoint-fault`), the CLI (`onepoint-cli`) or an outside
    /// system (`nms`, `crm`).
    public var worker: String

    public init(unit: UnitID, worker: String) {
        self.unit = unit
        self.worker = worker
    }
}
