import Foundation
import OnePointContracts
import OnePointDomain

/// A customer a cutover reaches, found through the inventory: its level (which sets the notice
/// lead), its customer manager (who gets the letter) and the circuits the plan touches.
public struct AffectedCustomer: Sendable, Codable, Equatable {
    /// The customer id.
    public var id: String
    /// Its name.
    public var name: String
    /// Its service level.
    public var level: CustomerLevel
    /// The customer manager's unit: the notice is addressed there.
    public var managerUnit: UnitID
    /// The customer manager.
    public var manager: Contact
    /// The circuits the plan touches (the letter's attachment).
    public var circuits: [CutoverNotice.AffectedCircuit]

    /// The units the touched circuits end in (for key-assurance coverage).
    var units: [UnitID] { Array(Set(circuits.flatMap { [$0.aEndUnit, $0.zEndUnit] } + [managerUnit])).sorted { $0.rawValue < $1.rawValue } }

    /// `以太网专线、MPLS VPN 2条 (2 circuits)`.
    var affectedService: String {
        let types = Array(Set(circuits.map(\.serviceType))).sorted { $0.rawValue < $1.rawValue }
        let names = types.map(\.chineseName).joined(separator: "、")
        return "\(names) \(circuits.count)条 (\(circuits.count) circuit\(circuits.count == 1 ? "" : "s"))"
    }
}
