/// Internal: JSON Schema (draft 2020-12) text of a ``SchemaNode``, with keys in a fixed order
/// so that the files under `schemas/` are stable.
extension SchemaNode {
    /// A JSON value with ordered object keys, for writing schemas.
    enum Document {
        case text(String)
        case integer(Int)
        case boolean(Bool)
        case list([Document])
        case object([(String, Document)])

        /// Pretty JSON, two-space indentation, a final newline.
        func rendered() -> String { write(indent: "") + "\n" }

        private func write(indent: String) -> String {
            let inner = indent + "  "
            switch self {
            case .text(let value): return Self.quote(value)
            case .integer(let value): return "\(value)"
            case .boolean(let value): return "\(value)"
            case .list(let items):
                if items.isEmpty { return "[]" }
                if items.allSatisfy({ if case .text = $0 { true } else { false } }) {
                    return "[" + items.map { $0.write(indent: inner) }.joined(separator: ", ") + "]"
                }
                return "[\n" + items.map { inner + $0.write(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
            case .object(let members):
                if members.isEmpty { return "{}" }
                return "{\n" + members.map { inner + Self.quote($0.0) + ": " + $0.1.write(indent: inner) }
                    .joined(separator: ",\n") + "\n\(indent)}"
            }
        }

        private static func quote(_ text: String) -> String {
            var result = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": result += "\\\""
                case "\\": result += "\\\\"
                case "\n": result += "\\n"
                case "\t": result += "\\t"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        result.unicodeScalars.append(scalar)
                    }
                }
            }
            return result + "\""
        }
    }

    /// The shared definitions a schema refers to with `$ref`.
    static let definitions: [(name: String, node: SchemaNode, document: Document)] = [
        ("unitId", .unit, .object([
            ("description", .text("A unit of the organisation: HQ, a province (GD) or a city (GD-GZ).")),
            ("type", .text("string")), ("minLength", .integer(1)),
        ])),
        ("dateTime", .dateTime, .object([
            ("description", .text("An instant, ISO-8601 with an offset; OnePoint writes +08:00.")),
            ("type", .text("string")), ("format", .text("date-time")), ("pattern", .text(ContractJSON.dateTimePattern)),
        ])),
        ("date", .date, .object([
            ("description", .text("A civil date, YYYY-MM-DD.")),
            ("type", .text("string")), ("format", .text("date")), ("pattern", .text("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")),
        ])),
        ("uuid", .uuid, .object([
            ("description", .text("UUID text.")),
            ("type", .text("string")), ("format", .text("uuid")), ("pattern", .text(uuidPattern)),
        ])),
    ]

    /// UUID text in any case.
    static let uuidPattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"

    /// The node as a schema, referring to ``definitions`` by `$ref`.
    var document: Document {
        switch self {
        case .string: return .object([("type", .text("string"))])
        case .boundedString(let maxLength): return .object([("type", .text("string")), ("maxLength", .integer(maxLength))])
        case .unit, .dateTime, .date, .uuid:
            let name = Self.definitions.first { $0.node == self }?.name ?? "unitId"
            return .object([("$ref", .text("#/$defs/\(name)"))])
        case .integer: return .object([("type", .text("integer"))])
        case .number: return .object([("type", .text("number"))])
        case .boolean: return .object([("type", .text("boolean"))])
        case .enumeration(let values): return .object([("type", .text("string")), ("enum", .list(values.map(Document.text)))])
        case .constant(let value): return .object([("const", .text(value))])
        case .integerRange(let range):
            if range.count == 1 { return .object([("const", .integer(range.lowerBound))]) }
            return .object([("type", .text("integer")), ("minimum", .integer(range.lowerBound)), ("maximum", .integer(range.upperBound))])
        case .array(let items): return .object([("type", .text("array")), ("items", items.document)])
        case .boundedArray(let items, let maxItems):
            return .object([("type", .text("array")), ("maxItems", .integer(maxItems)), ("items", items.document)])
        case .object(let properties):
            var members: [(String, Document)] = [("type", .text("object")), ("additionalProperties", .boolean(false))]
            let required = properties.filter(\.required).map { Document.text($0.name) }
            if !required.isEmpty { members.append(("required", .list(required))) }
            members.append(("properties", .object(properties.map { ($0.name, $0.node.document) })))
            return .object(members)
        case .map(let keys, let values):
            var members: [(String, Document)] = [("type", .text("object"))]
            if let keys { members.append(("propertyNames", .object([("enum", .list(keys.map(Document.text)))]))) }
            members.append(("additionalProperties", values.document))
            return .object(members)
        }
    }

    /// Every node inside this one, this one included.
    var allNodes: [SchemaNode] {
        switch self {
        case .array(let items), .boundedArray(let items, _): [self] + items.allNodes
        case .object(let properties): [self] + properties.flatMap(\.node.allNodes)
        case .map(_, let values): [self] + values.allNodes
        default: [self]
        }
    }

    /// A whole schema file: this node at the root, with `$schema`, `$id`, title, description
    /// and the definitions it uses.
    func schemaFile(id: String, title: String, description: String) -> String {
        guard case .object(let root) = document else { return document.rendered() }
        let used = Set(allNodes.filter { [.unit, .dateTime, .date, .uuid].contains($0) }.map { "\($0)" })
        let definitions = Self.definitions.filter { used.contains("\($0.node)") }.map { ($0.name, $0.document) }
        var members: [(String, Document)] = [
            ("$schema", .text("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .text(id)),
            ("title", .text(title)),
            ("description", .text(description)),
        ]
        members += root
        if !definitions.isEmpty { members.append(("$defs", .object(definitions))) }
        return Document.object(members).rendered()
    }
}
