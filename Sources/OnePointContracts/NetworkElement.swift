import OnePointDomain

/// A network element, or a fibre cable section, with its ports and the circuits it carries:
/// event ``EventType/networkElementUpdate`` on the compacted `inventory` topic, keyed
/// `element:<id>`. The fault worker follows an alarmed object to circuits and customers here.
public struct NetworkElement: EventPayload {
    /// What the element is.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A node: router, switch, OLT, transmission equipment.
        case node
        /// A fibre cable section between two sites.
        case fibreCable
    }

    /// A port of a node.
    public struct Port: Sendable, Codable, Equatable, Hashable {
        /// The port's id within the element, e.g. `"1-2-7"`; alarmed as `<element>/<port>`.
        public var id: String
        /// The circuits it carries.
        public var circuitIds: [String]

        public init(id: String, circuitIds: [String]) {
            self.id = id
            self.circuitIds = circuitIds
        }
    }

    /// The element's id, e.g. `"GZ-TH-PTN-03"`, `"FC-GZ-SZ-07"`.
    public var id: String
    /// Node or fibre cable.
    public var kind: Kind
    /// Its name or model, for people.
    public var name: String
    /// The unit that maintains it.
    public var unit: UnitID
    /// Its ports (none for a fibre cable).
    public var ports: [Port]
    /// Every circuit it carries (its ports' and any others).
    public var circuitIds: [String]

    public init(id: String, kind: Kind, name: String, unit: UnitID, ports: [Port] = [], circuitIds: [String]) {
        self.id = id
        self.kind = kind
        self.name = name
        self.unit = unit
        self.ports = ports
        self.circuitIds = circuitIds
    }

    /// `element:<id>`.
    public var kafkaKey: String { "element:\(id)" }
    /// The maintaining unit.
    public var addressedUnit: UnitID? { unit }
}

extension NetworkElement {
    /// What the element carries, as (object, circuit) pairs: each port's circuits under
    /// `<element>/<port>`, and every circuit (its ports' and its own) under the element's id, so
    /// an alarm or a plan on either finds them. Pairs are distinct.
    public var carriage: [(objectId: String, circuitId: String)] {
        var pairs: [(objectId: String, circuitId: String)] = []
        var seen = Set<String>()
        func add(_ object: String, _ circuit: String) {
            if seen.insert("\(object)\u{0}\(circuit)").inserted { pairs.append((object, circuit)) }
        }
        for port in ports {
            for circuit in port.circuitIds { add("\(id)/\(port.id)", circuit) }
        }
        for circuit in ports.flatMap(\.circuitIds) + circuitIds { add(id, circuit) }
        return pairs
    }
}
