import OnePointDomain

extension EventEnvelope {
    /// Every problem that stops `bytes` from reading as a bare payload of `type` (the `event` of
    /// its envelope, as a feed file or `onepoint order submit FILE` holds it), in document order,
    /// with paths relative to the payload (`accessPoints[1].unit`). Empty when
    /// ``decodePayload(_:as:topology:)`` would succeed on the schema's terms.
    public static func payloadProblems(in bytes: [UInt8], as type: EventType, topology: Topology? = nil) -> [ContractError] {
        checkedPayload(bytes, as: type, topology: topology).problems
    }

    /// Reads a bare payload of `type`, checked against its schema and, with `topology`, its units.
    /// - Throws: ``ContractError`` naming the first field at fault.
    public static func decodePayload(_ bytes: [UInt8], as type: EventType, topology: Topology? = nil) throws(ContractError) -> Payload {
        let (problems, value) = checkedPayload(bytes, as: type, topology: topology)
        if let first = problems.first { throw first }
        return try read(Payload.self, from: value, bytes: bytes, domainPath: "")
    }

    /// The problems of a bare payload (see ``payloadProblems(in:as:topology:)``) and, when it
    /// parsed without repeated member names, its parsed value to decode from.
    private static func checkedPayload(_ bytes: [UInt8], as type: EventType, topology: Topology?) -> (problems: [ContractError], value: JSONValue?) {
        do throws(ContractError) {
            try checkPayloadType(type)
            let (object, repeatsNames) = try JSONValue.parseDocument(bytes)
            var problems: [ContractError] = []
            try type.payloadNode().collect(.object(object), path: "", units: topology, into: &problems)
            return (problems, repeatsNames ? nil : .object(object))
        } catch {
            return ([error], nil)
        }
    }
}

extension EventType {
    /// The schema of this event type's payload (the `event` of its envelope).
    func payloadNode() throws(ContractError) -> SchemaNode {
        guard case .object(let properties) = try envelopeNode(), let event = properties.first(where: { $0.name == "event" }) else {
            throw ContractError(.invalidValue, path: "event", "internal: \(rawValue) has no payload schema")
        }
        return event.node
    }
}
