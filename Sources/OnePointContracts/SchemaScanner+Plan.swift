import OnePointDomain

extension SchemaScanner {
    /// What a scan looks for at one value, made once from a ``SchemaNode``: member names as
    /// bytes, so that matching a name is a comparison of bytes; the node's shape resolved; and
    /// for each property of each object a slot of its own in the document's one array of values
    /// (``ScannedObject``), so a scan allocates that array and the text it reads, nothing else.
    final class Plan: Sendable {
        /// A property of an object: its name as text and as UTF-8, and its value's slot.
        struct Property: Sendable {
            let name: String
            let utf8: [UInt8]
            let plan: Plan
            let required: Bool
            let slot: Int
        }

        enum Shape: Sendable {
            /// Text, checked by ``node``'s rule.
            case text
            /// A whole number, checked by ``node``'s rule.
            case integer
            /// An object of these properties (the node's, in its order).
            case object([Property])
            /// Not read by a scan (booleans, arrays, maps).
            case unsupported
        }

        /// The node, whose rule checks a value that is not an object.
        let node: SchemaNode
        let shape: Shape
        /// How many slots this value and everything in it take.
        let slots: Int

        /// The plan of a document's root, whose slots are numbered from 0.
        convenience init(_ node: SchemaNode) {
            var next = 0
            self.init(node, nextSlot: &next)
        }

        private init(_ node: SchemaNode, nextSlot: inout Int) {
            self.node = node
            let first = nextSlot
            switch node {
            case .object(let properties):
                var planned: [Property] = []
                for property in properties {
                    let slot = nextSlot
                    nextSlot += 1
                    let plan = Plan(property.node, nextSlot: &nextSlot)
                    planned.append(Property(name: property.name, utf8: Array(property.name.utf8), plan: plan, required: property.required, slot: slot))
                }
                shape = .object(planned)
            case .string, .boundedString, .unit, .dateTime, .date, .uuid, .enumeration, .constant: shape = .text
            case .integer, .integerRange, .number: shape = .integer
            case .boolean, .array, .boundedArray, .map: shape = .unsupported
            }
            slots = nextSlot - first
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
