import OnePointDomain

/// A customer as an order, ticket or notice names it.
public struct CustomerReference: Sendable, Codable, Equatable, Hashable {
    /// The customer's id in the inventory (`customer:<id>`).
    public var id: String
    /// The customer's name, e.g. `"广州某某银行"`.
    public var name: String
    /// Its customer service level (客户服务等级); a customer with none set is Bronze.
    public var level: CustomerLevel

    public init(id: String, name: String, level: CustomerLevel) {
        self.id = id
        self.name = name
        self.level = level
    }
}
