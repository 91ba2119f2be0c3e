import OnePointDomain

/// A customer in the inventory: event ``EventType/customerUpdate`` on the compacted
/// `inventory` topic, keyed `customer:<id>`; the latest record is the customer.
public struct Customer: EventPayload {
    /// The customer's id.
    public var id: String
    /// Its name.
    public var name: String
    /// Its customer service level (客户服务等级).
    public var level: CustomerLevel
    /// The highest business assurance level (业务保障等级) among its services.
    public var assurance: AssuranceLevel
    /// The units that serve it (where it has access points).
    public var units: [UnitID]
    /// Its customer manager (客户经理).
    public var customerManager: Contact
    /// The named maintenance manager (Diamond, Gold and Key), if any.
    public var maintenanceManager: Contact?

    public init(
        id: String, name: String, level: CustomerLevel, assurance: AssuranceLevel, units: [UnitID], customerManager: Contact,
        maintenanceManager: Contact? = nil
    ) {
        self.id = id
        self.name = name
        self.level = level
        self.assurance = assurance
        self.units = units
        self.customerManager = customerManager
        self.maintenanceManager = maintenanceManager
    }

    /// `customer:<id>`.
    public var kafkaKey: String { "customer:\(id)" }
    /// The first unit serving it (none: the source unit).
    public var addressedUnit: UnitID? { units.first }
}
