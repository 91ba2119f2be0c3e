import OnePointDomain

/// Internal: reads an envelope's JSON and checks it against its schema in one pass over the
/// bytes, for the common case only; ``scan(_:as:units:)`` returns `nil` for anything else, and
/// the caller parses and checks the usual way (``JSONValue/parseDocument(_:)``,
/// ``SchemaNode/check(_:path:units:)``), which reports what is wrong.
///
/// Parsing into a tree of dictionaries, then walking it against the schema, then reading the
/// typed event from it was 28 % of the fault worker's CPU in an alarm storm (issue 16). The
/// scan accepts exactly the documents the usual path accepts without a problem, restricted to:
/// objects and the schema's own properties in any order, each at most once, no `null`; strings
/// of printable ASCII without escapes; integers of at most 15 digits without sign; no booleans,
/// arrays or maps (no payload read this way has them). Each value is checked by the same rule
/// as on the usual path (``SchemaNode/accepts(_:units:)``), and the values it yields are the
/// ones the parser yields for the same bytes, so what is read from them is the same.
struct SchemaScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let units: Topology?
    private var index = 0
    /// The document's slots (``ScannedObject``).
    private var values: [JSONValue?]

    private init(bytes: UnsafeBufferPointer<UInt8>, units: Topology?, slots: Int) {
        self.bytes = bytes
        self.units = units
        values = Array(repeating: nil, count: slots)
    }

    /// The object `bytes` hold, checked against `plan` (an object's) with `units` as
    /// ``SchemaNode/check(_:path:units:)`` checks it against the plan's node; `nil` when it has
    /// a problem or is not of the shape this scan reads.
    static func scan(_ bytes: [UInt8], as plan: Plan, units: Topology?) -> ScannedObject? {
        guard case .object(let properties) = plan.shape else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            var scanner = SchemaScanner(bytes: buffer, units: units, slots: plan.slots)
            guard scanner.object(properties) else { return nil }
            scanner.skipSpace()
            return scanner.index == buffer.count ? ScannedObject(values: scanner.values, properties: properties) : nil
        }
    }

    private mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
            index += 1
        }
    }

    /// Takes `expected` (after any space); `false` when the next byte is another.
    private mutating func take(_ expected: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == expected else { return false }
        index += 1
        return true
    }

    /// Reads an object of `properties` into their slots; `false` when it cannot.
    private mutating func object(_ properties: [Plan.Property]) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        if !take(UInt8(ascii: "}")) {
            repeat {
                guard take(UInt8(ascii: "\"")), let name = plainText(), let property = property(named: name, in: properties),
                    values[property.slot] == nil, take(UInt8(ascii: ":"))
                else { return false }
                skipSpace()
                guard let value = value(property.plan) else { return false }
                values[property.slot] = value
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")) else { return false }
        }
        for property in properties where property.required && values[property.slot] == nil { return false }
        return true
    }

    /// The property named by the bytes in `name`.
    private func property(named name: Range<Int>, in properties: [Plan.Property]) -> Plan.Property? {
        for property in properties where property.utf8.count == name.count {
            let equal = property.utf8.withUnsafeBufferPointer { candidate in
                var offset = 0
                while offset < name.count, candidate[offset] == bytes[name.lowerBound + offset] { offset += 1 }
                return offset == name.count
            }
            if equal { return property }
        }
        return nil
    }

    /// The value of a property planned by `plan` (`.null` for an object, read into its slots).
    private mutating func value(_ plan: Plan) -> JSONValue? {
        let value: JSONValue
        switch plan.shape {
        case .object(let properties):
            return object(properties) ? .null : nil
        case .text:
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            guard let text = plainText() else { return nil }
            value = .string(String(decoding: UnsafeBufferPointer(rebasing: bytes[text]), as: UTF8.self))
        case .integer:
            guard let integer = integer() else { return nil }
            value = .number(Double(integer), isInteger: true)
        case .unsupported:
            return nil
        }
        return plan.node.accepts(value, units: units) ? value : nil
    }

    /// The bytes of a string whose opening quote was taken, up to its closing quote, which it
    /// takes: printable ASCII without escapes only.
    private mutating func plainText() -> Range<Int>? {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return start..<(index - 1)
            }
            guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") else { return nil }
            index += 1
        }
        return nil
    }

    /// A whole number without sign, fraction or exponent, of at most 15 digits (exact as a
    /// `Double`, as the parser reads it).
    private mutating func integer() -> Int? {
        let start = index
        var value = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            guard index - start < 15 else { return nil }
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        let digits = index - start
        guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            return nil
        }
        return value
    }
}
