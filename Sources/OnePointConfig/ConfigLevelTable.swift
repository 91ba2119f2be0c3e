import OnePointDomain

/// A per-level table as configuration writes it: a mapping with exactly the five customer
/// levels as keys (`key`, `diamond`, `gold`, `silver`, `bronze`), each with one value.
///
/// An unknown level (`platinum`), a level given twice or a level left out is an error naming
/// the key.
struct ConfigLevelTable: Decodable, Sendable {
    let path: ConfigKeyPath
    let values: [CustomerLevel: ConfigScalar]

    static let levelList = CustomerLevel.allCases.map(\.rawValue).joined(separator: ", ")

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: ConfigCodingKey.self)
        path = decoder.keyPath
        var values: [CustomerLevel: ConfigScalar] = [:]
        for key in container.allKeys {
            let keyPath = path.appending(key.stringValue)
            guard let level = CustomerLevel(rawValue: key.stringValue.lowercased()) else {
                throw ConfigIssue(
                    .unknownLevel, at: keyPath, "unknown level '\(key.stringValue)'; expected one of: \(Self.levelList)")
            }
            guard values[level] == nil else {
                throw ConfigIssue(.invalidValue, at: keyPath, "level '\(level)' is given twice")
            }
            values[level] = try container.decode(ConfigScalar.self, forKey: key)
        }
        for level in CustomerLevel.allCases where values[level] == nil {
            throw ConfigIssue(
                .missingKey, at: path.appending(level.rawValue),
                "level '\(level)' is missing; every table lists \(Self.levelList)")
        }
        self.values = values
    }

    /// The table with each value read by `read`.
    func map<T: Sendable>(_ read: (ConfigScalar) throws(ConfigIssue) -> T) throws(ConfigIssue) -> LevelTable<T> {
        func value(_ level: CustomerLevel) throws(ConfigIssue) -> T {
            guard let scalar = values[level] else {
                throw ConfigIssue(.missingKey, at: path.appending(level.rawValue), "level '\(level)' is missing")
            }
            return try read(scalar)
        }
        return LevelTable(
            key: try value(.key), diamond: try value(.diamond), gold: try value(.gold), silver: try value(.silver),
            bronze: try value(.bronze))
    }
}
