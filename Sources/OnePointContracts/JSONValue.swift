import Foundation

/// Internal: any JSON value, read to check an event against its schema before typed decoding.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number; `isInteger` when written without a fraction or exponent and it fits an `Int`.
    case number(Double, isInteger: Bool)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses `bytes`, which must hold one JSON object (RFC 8259, UTF-8).
    static func parseObject(_ bytes: [UInt8]) throws(ContractError) -> [String: JSONValue] {
        try parseDocument(bytes).object
    }

    /// Parses `bytes`, which must hold one JSON object, and says whether any object in it
    /// repeats a member name. The parsed value keeps the last of the repeats (what the schema
    /// check sees); `JSONDecoder` keeps the first, so such a document is decoded from its bytes.
    static func parseDocument(_ bytes: [UInt8]) throws(ContractError) -> (object: [String: JSONValue], repeatsNames: Bool) {
        var parser = Parser(bytes: bytes)
        let value = try parser.document()
        guard case .object(let object) = value else {
            throw ContractError(.malformedJSON, path: "", "expected a JSON object, got \(value.kind)")
        }
        return (object, parser.repeatsNames)
    }

    /// A small strict JSON parser: Foundation's `JSONSerialization` plus bridging costs several
    /// times more per event, and every consumed event passes through here.
    private struct Parser {
        let bytes: [UInt8]
        var index = 0
        var depth = 0
        /// Whether an object repeated a member name.
        var repeatsNames = false
        /// Members read of the objects being read, innermost last: each object's dictionary is
        /// made once, at its size, when it closes (not grown and rehashed member by member).
        private var pending: [(name: String, value: JSONValue)] = []

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func document() throws(ContractError) -> JSONValue {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
            let value = try self.value()
            skipSpace()
            guard index == bytes.count else { throw failure("unexpected \(describe()) after the document") }
            return value
        }

        private func failure(_ problem: String) -> ContractError {
            ContractError(.malformedJSON, path: "", "not valid JSON: \(problem) at byte \(index)")
        }

        private func describe() -> String {
            guard index < bytes.count else { return "end of input" }
            let byte = bytes[index]
            return (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
        }

        private mutating func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
                index += 1
            }
        }

        private mutating func literal(_ text: StaticString, _ value: JSONValue) throws(ContractError) -> JSONValue {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw failure("unexpected \(describe())") }
            for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] {
                throw failure("unexpected \(describe())")
            }
            index += count
            return value
        }

        private mutating func value() throws(ContractError) -> JSONValue {
            skipSpace()
            guard index < bytes.count else { throw failure("unexpected end of input") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object()
            case UInt8(ascii: "["): return try array()
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw failure("unexpected \(describe())")
            }
        }

        private mutating func nest() throws(ContractError) {
            depth += 1
            guard depth <= 256 else { throw failure("nesting deeper than 256") }
        }

        private mutating func object() throws(ContractError) -> JSONValue {
            try nest()
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return .object([:])
            }
            let start = pending.count
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a member name, found \(describe())") }
                let name = try string()
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':', found \(describe())") }
                index += 1
                pending.append((name, try value()))
                skipSpace()
                guard index < bytes.count else { throw failure("unexpected end of input in an object") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    depth -= 1
                    return .object(closeObject(from: start))
                } else {
                    throw failure("expected ',' or '}', found \(describe())")
                }
            }
        }

        /// The dictionary of the members pending from `start` on, which it takes off the stack;
        /// a repeated name keeps its last value (and is noted in ``repeatsNames``).
        private mutating func closeObject(from start: Int) -> [String: JSONValue] {
            var members = [String: JSONValue](minimumCapacity: pending.count - start)
            for member in pending[start...] where members.updateValue(member.value, forKey: member.name) != nil {
                repeatsNames = true
            }
            pending.removeSubrange(start...)
            return members
        }

        /// The text of `utf8`, or `nil` when it is not valid UTF-8. `String(validating:as:)` is
        /// generic and looked up its metadata for every string (10 % of the fault worker's CPU in
        /// an alarm storm); decoding repairs invalid bytes instead, so the text is valid exactly
        /// when its bytes are the input's.
        private static func text(_ utf8: ArraySlice<UInt8>, ascii: Bool) -> String? {
            let text = String(decoding: utf8, as: UTF8.self)
            return ascii || text.utf8.elementsEqual(utf8) ? text : nil
        }

        private mutating func array() throws(ContractError) -> JSONValue {
            try nest()
            index += 1
            var elements: [JSONValue] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return .array(elements)
            }
            while true {
                elements.append(try value())
                skipSpace()
                guard index < bytes.count else { throw failure("unexpected end of input in an array") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    depth -= 1
                    return .array(elements)
                } else {
                    throw failure("expected ',' or ']', found \(describe())")
                }
            }
        }

        private mutating func hex4() throws(ContractError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw failure("incomplete \\u escape") }
            var value: UInt32 = 0
            for byte in bytes[index..<index + 4] {
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw failure("invalid \\u escape")
                }
                value = value * 16 + UInt32(digit)
            }
            index += 4
            return value
        }

        private mutating func string() throws(ContractError) -> String {
            index += 1
            let start = index
            // Fast path: no escapes. `high` collects the bits of every byte, so an ASCII string
            // (most of an event's) needs no UTF-8 check.
            var high: UInt8 = 0
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 {
                high |= bytes[index]
                index += 1
            }
            guard index < bytes.count else { throw failure("unterminated string") }
            if bytes[index] == UInt8(ascii: "\"") {
                guard let text = Self.text(bytes[start..<index], ascii: high < 0x80) else { throw failure("invalid UTF-8 in a string") }
                index += 1
                return text
            }
            var utf8 = Array(bytes[start..<index])
            while true {
                guard index < bytes.count else { throw failure("unterminated string") }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    guard let text = Self.text(utf8[...], ascii: false) else { throw failure("invalid UTF-8 in a string") }
                    return text
                }
                guard byte >= 0x20 else { throw failure("control character in a string") }
                guard byte == UInt8(ascii: "\\") else {
                    utf8.append(byte)
                    index += 1
                    continue
                }
                index += 1
                guard index < bytes.count else { throw failure("unterminated string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code) {
                        guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw failure("unpaired surrogate")
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw failure("unpaired surrogate") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw failure("invalid \\u escape") }
                    utf8.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw failure("invalid escape")
                }
            }
        }

        private mutating func digits() -> Int {
            let from = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index - from
        }

        private mutating func number() throws(ContractError) -> JSONValue {
            let start = index
            var isInteger = true
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            let integerStart = index
            let integerDigits = digits()
            guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { throw failure("invalid number") }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                isInteger = false
                index += 1
                guard digits() > 0 else { throw failure("invalid number") }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                isInteger = false
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw failure("invalid number") }
            }
            guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)), value.isFinite else {
                throw failure("number out of range")
            }
            return .number(value, isInteger: isInteger && Int(exactly: value) != nil)
        }
    }

    /// The value's JSON kind for messages, with short values quoted: `a string ('hot')`, `3`.
    var kind: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let value, _): Int(exactly: value).map(String.init) ?? "\(value)"
        case .string(let value): "a string ('\(value.count > 40 ? String(value.prefix(40)) + "…" : value)')"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
