/// Internal: a JSON object read by ``SchemaScanner``: its members' values in the order of its
/// schema's properties, every one already accepted by its property's node.
struct ScannedObject: CheckedMembers, Sendable {
    /// A member's value: a value that is not an object, or an object read the same way.
    enum Value: Sendable {
        case leaf(JSONValue)
        indirect case object(ScannedObject)
    }

    /// The schema's property names, in its order.
    let names: [String]
    /// Each property's value; `nil`: absent.
    let values: [Value?]
    /// How many members the object has.
    let count: Int

    /// The value of the property `name`, when present (a property name appears once in a schema).
    private func value(_ name: String) -> Value? {
        for index in names.indices where names[index] == name { return values[index] }
        return nil
    }

    subscript(name: String) -> JSONValue? {
        guard case .leaf(let value)? = value(name) else { return nil }
        return value
    }

    func object(_ name: String) -> ScannedObject? {
        guard case .object(let object)? = value(name) else { return nil }
        return object
    }
}
