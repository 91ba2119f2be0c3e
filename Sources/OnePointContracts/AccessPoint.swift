import OnePointDomain

/// One end of a customer's service (接入点): a site in a city unit.
public struct AccessPoint: Sendable, Codable, Equatable, Hashable {
    /// The access point's id within its order, e.g. `"A"`, `"Z"`, `"AP-3"`.
    public var id: String
    /// The city unit that owns the access (本地接入).
    public var unit: UnitID
    /// The site's address.
    public var address: String

    public init(id: String, unit: UnitID, address: String) {
        self.id = id
        self.unit = unit
        self.address = address
    }
}
