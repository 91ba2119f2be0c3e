/// Internal: the members of a JSON object already checked against its schema, as the direct
/// readers (``DirectlyDecodedPayload``) read them: from the parsed dictionary, or from the
/// one-pass scan of an envelope (``ScannedObject``).
protocol CheckedMembers {
    /// The value of the member `name` when it is not an object; `nil` when it is absent.
    subscript(name: String) -> JSONValue? { get }
    /// The member `name` when it is an object.
    func object(_ name: String) -> Self?
    /// How many members the object has.
    var count: Int { get }
    /// The payload these members hold, read by the payload's reader for this kind of object.
    func payload<Payload: DirectlyDecodedPayload>(_ type: Payload.Type) -> Payload?
}

extension Dictionary: CheckedMembers where Key == String, Value == JSONValue {
    func object(_ name: String) -> Self? {
        guard case .object(let object)? = self[name] else { return nil }
        return object
    }

    func payload<Payload: DirectlyDecodedPayload>(_ type: Payload.Type) -> Payload? { Payload(checked: self) }
}
