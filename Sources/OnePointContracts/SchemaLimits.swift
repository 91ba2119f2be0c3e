/// The bounds on the events people and feeds send (issue 17, item 6; docs/security.md): every
/// string and list of such an event has a JSON Schema `maxLength` / `maxItems`, checked when it
/// is decoded, so one message cannot grow a ticket, an order or a plan without bound. Too long
/// is a dead letter `invalid-value` naming the field and the bound.
///
/// Events the workers emit are not bounded here: they are built from bounded inputs, and a
/// worker never sends a record larger than its `maxOutputBytes`.
public enum SchemaLimits {
    /// The most characters of one string field (a note, a description, a name, an id).
    public static let maxTextLength = 4_000
    /// The most items of one list field (findings, circuits named, advice, metrics).
    public static let maxListItems = 1_000
    /// Lists that name the circuits an element or a plan carries, which a real network holds by
    /// the thousand: bounded at this many.
    public static let maxCircuitListItems = 100_000
    /// Property names whose lists hold circuits (``maxCircuitListItems``).
    static let circuitLists: Set<String> = ["circuitIds", "addCircuitIds"]

    /// `node` with every string and list bounded.
    static func bounded(_ node: SchemaNode, listName: String? = nil) -> SchemaNode {
        switch node {
        case .string: .boundedString(maxLength: maxTextLength)
        case .array(let items):
            .boundedArray(bounded(items), maxItems: listName.map(circuitLists.contains) == true ? maxCircuitListItems : maxListItems)
        case .boundedArray(let items, let maxItems): .boundedArray(bounded(items), maxItems: maxItems)
        case .object(let properties):
            .object(properties.map { SchemaNode.Property(name: $0.name, node: bounded($0.node, listName: $0.name), required: $0.required) })
        case .map(let keys, let values): .map(keys: keys, values: bounded(values))
        default: node
        }
    }
}
