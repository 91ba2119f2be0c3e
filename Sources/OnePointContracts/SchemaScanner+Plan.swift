import OnePointDomain

extension SchemaScanner {
    /// What a scan looks for at one value, made once from a ``SchemaNode``: member names as
    /// bytes, so that matching a name is a comparison of bytes, and the node's shape resolved.
    final class Plan: Sendable {
        /// A property of an object, with its name's bytes.
        struct Property: Sendable {
            let name: [UInt8]
            let plan: Plan
            let required: Bool
        }

        enum Shape: Sendable {
            /// Text, checked by ``node``'s rule.
            case text
            /// A whole number, checked by ``node``'s rule.
            case integer
            case boolean
            /// An object of these properties (the node's, in its order).
            case object([Property], names: [String])
            /// Not read by a scan (arrays, maps).
            case unsupported
        }

        /// The node, whose rule checks a value that is not an object.
        let node: SchemaNode
        let shape: Shape

        init(_ node: SchemaNode) {
            self.node = node
            switch node {
            case .object(let properties) where properties.count <= 64:
                shape = .object(
                    properties.map { Property(name: Array($0.name.utf8), plan: Plan($0.node), required: $0.required) },
                    names: properties.map(\.name))
            case .string, .boundedString, .unit, .dateTime, .date, .uuid, .enumeration, .constant: shape = .text
            case .integer, .integerRange, .number: shape = .integer
            case .boolean: shape = .boolean
            case .object, .array, .boundedArray, .map: shape = .unsupported
            }
        }

        /// The plan of each event type's envelope, made once.
        static let envelopes: [EventType: Plan] = {
            var plans: [EventType: Plan] = [:]
            for type in EventType.allCases {
                if let node = try? type.envelopeNode() { plans[type] = Plan(node) }
            }
            return plans
        }()
    }
}
