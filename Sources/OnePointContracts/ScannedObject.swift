/// Internal: a JSON object read by ``SchemaScanner``: a view of the document's values, one slot
/// per property of each object (``SchemaScanner/Plan``), every value already accepted by its
/// property's node.
struct ScannedObject: CheckedMembers, Sendable {
    /// The document's slots: a value that is not an object; `.null` for an object that is present
    /// (a scan never reads a `null`); `nil` for an absent property.
    let values: [JSONValue?]
    /// The object's properties.
    let properties: [SchemaScanner.Plan.Property]

    /// The property `name` (a name appears once among an object's properties). Lengths are
    /// compared first: most properties passed over differ from `name` in length, and comparing
    /// the strings in full was most of the readers' lookups (`onepoint-bench decode`, session 31).
    /// Exact because both sides are schema names, which are ASCII: two ASCII strings are equal
    /// only with equal byte counts.
    private func property(_ name: String) -> SchemaScanner.Plan.Property? {
        let length = name.utf8.count
        for property in properties where property.utf8.count == length && property.name == name { return property }
        return nil
    }

    subscript(name: String) -> JSONValue? {
        guard let property = property(name) else { return nil }
        if case .object = property.plan.shape { return nil }
        return values[property.slot]
    }

    func object(_ name: String) -> ScannedObject? {
        guard let property = property(name), values[property.slot] != nil, case .object(let properties) = property.plan.shape else { return nil }
        return ScannedObject(values: values, properties: properties)
    }

    func payload<Payload: DirectlyDecodedPayload>(_ type: Payload.Type) -> Payload? { Payload(scanned: self) }

    /// How many members the object has.
    var count: Int { properties.reduce(0) { $0 + (values[$1.slot] == nil ? 0 : 1) } }
}
