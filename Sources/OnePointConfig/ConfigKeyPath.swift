/// Where a value sits in a configuration document: keys and list indexes from the root,
/// written `sla.faults.restorationHours.gold` or `topology.units[4].parent`.
struct ConfigKeyPath: Sendable, Hashable, CustomStringConvertible {
    /// One step from a node to its child.
    enum Component: Sendable, Hashable {
        /// A key of a mapping.
        case key(String)
        /// A position in a list, from 0.
        case index(Int)
    }

    var components: [Component]

    init(_ components: [Component] = []) { self.components = components }

    /// The path of a decoder's coding path (keys with an integer value are list positions).
    init(_ codingPath: [any CodingKey]) {
        components = codingPath.map { key in
            if let index = key.intValue { return .index(index) }
            return .key(key.stringValue)
        }
    }

    func appending(_ key: String) -> ConfigKeyPath { ConfigKeyPath(components + [.key(key)]) }
    func appending(index: Int) -> ConfigKeyPath { ConfigKeyPath(components + [.index(index)]) }

    var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}

/// A coding key for any mapping key or list position, for decoding mappings whose keys are
/// data (levels, service types) and for checking keys against a known list.
struct ConfigCodingKey: CodingKey, Sendable {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}
