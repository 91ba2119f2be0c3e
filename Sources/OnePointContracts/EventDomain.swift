/// The business domain an event belongs to (the envelope's `domain`).
public enum EventDomain: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Pre-sale resource checks and provisioning (售前, 售中).
    case provisioning
    /// Alarms, fault reports and trouble tickets (售后: 故障).
    case fault
    /// Cutovers and planned outages (割接).
    case cutover
    /// Monthly reports and scorecards (报告与考核).
    case reporting
    /// Customers, circuits, network elements (configuration management).
    case inventory
    /// OnePoint's own operation: dead letters.
    case operations

    public var description: String { rawValue }
}
