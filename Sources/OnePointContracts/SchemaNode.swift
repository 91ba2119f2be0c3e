/// Internal: the shape of one JSON value of an event, as the Swift types define it.
///
/// Made from the Codable types by ``SchemaIntrospector``; rendered to the JSON Schemas under
/// `schemas/` (``render(_:)``) and used to check incoming events field by field
/// (``check(_:path:units:)``), so schema files, decoding and messages cannot disagree.
indirect enum SchemaNode: Sendable, Equatable {
    /// Any text.
    case string
    /// Text of at most this many characters (Unicode scalars' grapheme clusters, as Swift
    /// counts them): a field of an event that comes from people or feeds (``SchemaLimits``).
    case boundedString(maxLength: Int)
    /// A unit id (`HQ`, `GD`, `GD-GZ`).
    case unit
    /// An instant: ISO-8601 with an offset.
    case dateTime
    /// A civil date `YYYY-MM-DD`.
    case date
    /// UUID text.
    case uuid
    case integer
    case number
    case boolean
    /// One of these strings.
    case enumeration([String])
    /// Exactly this string.
    case constant(String)
    /// An integer in this range (exactly one integer when the range holds one): a schema
    /// version, which readers accept from 1 to the current one.
    case integerRange(ClosedRange<Int>)
    /// A list of one kind of value.
    case array(SchemaNode)
    /// A list of at most this many values of one kind (``SchemaLimits``).
    case boundedArray(SchemaNode, maxItems: Int)
    /// An object with known properties, no others.
    case object([Property])
    /// An object used as a map: any keys (or these), values of one kind.
    case map(keys: [String]?, values: SchemaNode)

    /// A property of an object.
    struct Property: Sendable, Equatable {
        var name: String
        var node: SchemaNode
        var required: Bool
    }

    /// What the node accepts, for messages.
    var expectation: String {
        switch self {
        case .string: "a string"
        case .boundedString(let maxLength): "a string of at most \(maxLength) characters"
        case .unit: "a unit id"
        case .dateTime: "an ISO-8601 date-time with offset"
        case .date: "a date YYYY-MM-DD"
        case .uuid: "a UUID"
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "true or false"
        case .enumeration(let values): "one of \(values.joined(separator: ", "))"
        case .constant(let value): "'\(value)'"
        case .integerRange(let range): range.count == 1 ? "\(range.lowerBound)" : "an integer from \(range.lowerBound) to \(range.upperBound)"
        case .array: "an array"
        case .boundedArray(_, let maxItems): "an array of at most \(maxItems) items"
        case .object, .map: "an object"
        }
    }
}
