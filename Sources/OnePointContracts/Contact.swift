/// A person to reach: a customer manager (客户经理), a maintenance manager, a cutover contact,
/// the 7×24 fault line.
public struct Contact: Sendable, Codable, Equatable, Hashable {
    /// The person's (or desk's) name.
    public var name: String
    /// A phone number to call.
    public var phone: String

    public init(name: String, phone: String) {
        self.name = name
        self.phone = phone
    }
}
