import OnePointDomain

/// Internal: checks a JSON value against a ``SchemaNode`` and reports every problem with its
/// path, so every decoding error names the field and what is wrong.
extension SchemaNode {
    /// Checks `value` at `path`; with `units`, every unit id must be one of its units.
    /// - Throws: the first problem: ``ContractError`` with ``ContractError/Code/missingField``,
    ///   ``ContractError/Code/unknownField`` or ``ContractError/Code/invalidValue``.
    func check(_ value: JSONValue, path: String, units: Topology?) throws(ContractError) {
        if accepts(value, units: units) { return }
        var problems: [ContractError] = []
        collect(value, path: path, units: units, into: &problems)
        if let first = problems.first { throw first }
    }

    /// Appends every problem of `value` at `path` to `problems`, in document order.
    func collect(_ value: JSONValue, path: String, units: Topology?, into problems: inout [ContractError]) {
        do throws(ContractError) {
            try checkHere(value, path: path, units: units, into: &problems)
        } catch {
            problems.append(error)
        }
    }

    /// Whether `value` has no problem ``collect(_:path:units:into:)`` would report: the same
    /// rules, case for case, without building paths or messages, so that a valid value (nearly
    /// every event) is checked without allocating; an invalid one is checked again by
    /// ``collect(_:path:units:into:)`` for its problems.
    func accepts(_ value: JSONValue, units: Topology?) -> Bool {
        switch (self, value) {
        case (.object(let properties), .object(let members)):
            // Property names are unique, so every member is a property exactly when as many
            // properties are present as there are members.
            var present = 0
            for property in properties {
                switch members[property.name] {
                case nil:
                    if property.required { return false }
                case .null?:
                    return false
                case let member?:
                    guard property.node.accepts(member, units: units) else { return false }
                    present += 1
                }
            }
            return present == members.count
        case (.map(let keys, let values), .object(let members)):
            for (key, member) in members {
                if let keys, !keys.contains(key) { return false }
                guard values.accepts(member, units: units) else { return false }
            }
            return true
        case (.array(let items), .array(let elements)):
            return elements.allSatisfy { items.accepts($0, units: units) }
        case (.boundedArray(let items, let maxItems), .array(let elements)):
            return elements.count <= maxItems && elements.allSatisfy { items.accepts($0, units: units) }
        case (.string, .string):
            return true
        case (.boundedString(let maxLength), .string(let text)):
            // The UTF-8 count bounds the character count from above: most text is checked
            // without counting characters.
            return text.utf8.count <= maxLength || text.count <= maxLength
        case (.unit, .string(let text)):
            guard !text.isEmpty else { return false }
            if let units { return units.contains(UnitID(text)) }
            return true
        case (.dateTime, .string(let text)):
            return ContractJSON.parseDate(text) != nil
        case (.date, .string(let text)):
            return (try? CivilDate(parsing: text)) != nil
        case (.uuid, .string(let text)):
            return Self.isUUID(text)
        case (.integer, .number(_, true)), (.number, .number), (.boolean, .bool):
            return true
        case (.enumeration(let values), .string(let text)):
            return values.contains(text)
        case (.constant(let expected), .string(let text)):
            return text == expected
        case (.integerRange(let range), .number(let number, true)):
            return Int(exactly: number).map(range.contains) ?? false
        default:
            return false
        }
    }

    private func checkHere(_ value: JSONValue, path: String, units: Topology?, into problems: inout [ContractError]) throws(ContractError) {
        switch (self, value) {
        case (.object(let properties), .object(let members)):
            Self.checkObject(properties, members, path: path, units: units, into: &problems)
        case (.map(let keys, let values), .object(let members)):
            for key in members.keys.sorted() {
                let memberPath = Self.join(path, key)
                if let keys, !keys.contains(key) {
                    problems.append(ContractError(.invalidValue, path: memberPath, "key '\(key)' is not one of \(keys.joined(separator: ", "))"))
                } else if let member = members[key] {
                    values.collect(member, path: memberPath, units: units, into: &problems)
                }
            }
        case (.array(let items), .array(let elements)):
            for (index, element) in elements.enumerated() {
                items.collect(element, path: "\(path)[\(index)]", units: units, into: &problems)
            }
        case (.boundedArray(let items, let maxItems), .array(let elements)):
            guard elements.count <= maxItems else {
                throw ContractError(.invalidValue, path: path, "\(elements.count) items; at most \(maxItems) are accepted (maxItems)")
            }
            for (index, element) in elements.enumerated() {
                items.collect(element, path: "\(path)[\(index)]", units: units, into: &problems)
            }
        case (.string, .string):
            return
        case (.boundedString(let maxLength), .string(let text)):
            guard text.utf8.count <= maxLength || text.count <= maxLength else {
                throw ContractError(.invalidValue, path: path, "\(text.count) characters; at most \(maxLength) are accepted (maxLength)")
            }
        case (.unit, .string(let text)):
            guard !text.isEmpty else { throw ContractError(.invalidValue, path: path, "a unit id may not be empty") }
            if let units, !units.contains(UnitID(text)) {
                throw ContractError(.invalidValue, path: path, "unknown unit '\(text)'")
            }
        case (.dateTime, .string(let text)):
            guard ContractJSON.parseDate(text) != nil else {
                throw ContractError(
                    .invalidValue, path: path,
                    "'\(text)' is not an ISO-8601 date-time with offset (e.g. 2026-11-20T16:00:00+08:00)")
            }
        case (.date, .string(let text)):
            do {
                _ = try CivilDate(parsing: text)
            } catch {
                throw ContractError(.invalidValue, path: path, error.message)
            }
        case (.uuid, .string(let text)):
            guard Self.isUUID(text) else { throw ContractError(.invalidValue, path: path, "'\(text)' is not UUID text") }
        case (.integer, .number(_, true)), (.number, .number), (.boolean, .bool):
            return
        case (.enumeration(let values), .string(let text)):
            guard values.contains(text) else {
                throw ContractError(.invalidValue, path: path, "'\(text)' is not one of \(values.joined(separator: ", "))")
            }
        case (.constant(let expected), .string(let text)):
            guard text == expected else { throw ContractError(.invalidValue, path: path, "'\(text)' must be '\(expected)'") }
        case (.integerRange(let range), .number(let number, true)):
            guard let integer = Int(exactly: number), range.contains(integer) else {
                let expected = range.count == 1 ? "\(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
                throw ContractError(.invalidValue, path: path, "\(value.kind) must be \(expected)")
            }
        default:
            throw ContractError(.invalidValue, path: path, "expected \(expectation), got \(value.kind)")
        }
    }

    private static func checkObject(
        _ properties: [Property], _ members: [String: JSONValue], path: String, units: Topology?,
        into problems: inout [ContractError]
    ) {
        for property in properties {
            let memberPath = join(path, property.name)
            switch members[property.name] {
            case nil where property.required:
                problems.append(ContractError(.missingField, path: memberPath, "missing"))
            case .null? where property.required:
                problems.append(ContractError(.missingField, path: memberPath, "is null; a value is required"))
            case .null?:
                problems.append(ContractError(.invalidValue, path: memberPath, "is null; leave the field out instead"))
            case let member?:
                property.node.collect(member, path: memberPath, units: units, into: &problems)
            case nil:
                continue
            }
        }
        let known = Set(properties.map(\.name))
        for unknown in members.keys.filter({ !known.contains($0) }).sorted() {
            problems.append(
                ContractError(
                    .unknownField, path: join(path, unknown),
                    "unknown field; expected one of \(properties.map(\.name).joined(separator: ", "))"))
        }
    }

    static func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    static func isUUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard (48...57).contains(byte) || (65...70).contains(byte) || (97...102).contains(byte) else { return false }
            }
        }
        return true
    }
}
