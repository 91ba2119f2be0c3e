import OnePointDomain

/// A customer circuit in the inventory: event ``EventType/circuitUpdate`` on the compacted
/// `inventory` topic, keyed `circuit:<id>`; published by the provisioning worker when an
/// order completes.
public struct Circuit: EventPayload {
    /// One end of the circuit.
    public struct End: Sendable, Codable, Equatable, Hashable {
        /// The city unit of the end.
        public var unit: UnitID
        /// The site's address.
        public var address: String
        /// The element and port it is delivered on, e.g. `"GZ-TH-PTN-03/1-2-7"`.
        public var port: String?

        public init(unit: UnitID, address: String, port: String? = nil) {
            self.unit = unit
            self.address = address
            self.port = port
        }
    }

    /// The circuit's id, e.g. `"GZSZ-ETH-000123"`.
    public var id: String
    /// The customer's id.
    public var customerId: String
    /// The service type.
    public var serviceType: ServiceType
    /// The bandwidth, kbit/s.
    public var bandwidthKbps: Int
    /// The A end.
    public var aEnd: End
    /// The Z end.
    public var zEnd: End
    /// The business assurance level (业务保障等级) of the service.
    public var assurance: AssuranceLevel
    /// How far it reaches.
    public var scope: NetworkScope
    /// The order that delivered it.
    public var orderId: String?

    public init(
        id: String, customerId: String, serviceType: ServiceType, bandwidthKbps: Int, aEnd: End, zEnd: End, assurance: AssuranceLevel,
        scope: NetworkScope, orderId: String? = nil
    ) {
        self.id = id
        self.customerId = customerId
        self.serviceType = serviceType
        self.bandwidthKbps = bandwidthKbps
        self.aEnd = aEnd
        self.zEnd = zEnd
        self.assurance = assurance
        self.scope = scope
        self.orderId = orderId
    }

    /// `circuit:<id>`.
    public var kafkaKey: String { "circuit:\(id)" }
    /// The A end's unit.
    public var addressedUnit: UnitID? { aEnd.unit }
}
