import Foundation

/// Writes a list of flat objects as `JSONEncoder` does with `.sortedKeys`: members given in key
/// order, strings escaped as it escapes them (`\/` included), dates as its default
/// `deferredToDate` writes them (seconds since 2001, an integral value without `.0`).
struct ColumnWriter {
    private(set) var text = ""
    /// An instant that is not a finite number was met: the caller encodes with `JSONEncoder`.
    private(set) var refused = false

    /// `list`'s JSON, each element's members written by `members`; through `fallback` when the
    /// writer refuses an element.
    static func list<Element: Encodable>(
        _ list: [Element], fallback: JSONEncoder, _ members: (Element, inout ColumnWriter) -> Void
    ) throws -> String {
        if list.isEmpty { return "[]" }
        var writer = ColumnWriter()
        writer.text.reserveCapacity(list.count * 96)
        writer.text.append("[")
        for (index, element) in list.enumerated() {
            if index > 0 { writer.text.append(",") }
            writer.text.append("{")
            members(element, &writer)
            writer.text.append("}")
        }
        writer.text.append("]")
        if writer.refused { return String(decoding: try fallback.encode(list), as: UTF8.self) }
        return writer.text
    }

    /// `"key":"value"`, after a comma unless `first`.
    mutating func member(_ key: String, _ value: String, first: Bool = false) {
        if !first { text.append(",") }
        text.append("\"\(key)\":")
        string(value)
    }

    /// `"key":<seconds since 2001>`, after a comma unless `first`.
    mutating func member(_ key: String, _ value: Date, first: Bool = false) {
        if !first { text.append(",") }
        text.append("\"\(key)\":")
        let seconds = value.timeIntervalSinceReferenceDate
        guard seconds.isFinite else {
            refused = true
            return
        }
        let number = seconds.description
        text.append(number.hasSuffix(".0") ? String(number.dropLast(2)) : number)
    }

    private mutating func string(_ value: String) {
        text.append("\"")
        defer { text.append("\"") }
        let plain = !value.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "/") }
        if plain {
            text.append(value)
            return
        }
        var run = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": run.append("\\\"")
            case "\\": run.append("\\\\")
            case "/": run.append("\\/")
            case "\n": run.append("\\n")
            case "\r": run.append("\\r")
            case "\t": run.append("\\t")
            case "\u{08}": run.append("\\b")
            case "\u{0C}": run.append("\\f")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                run.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: run.unicodeScalars.append(scalar)
            }
        }
        text.append(run)
    }
}
