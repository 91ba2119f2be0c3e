import OnePointDomain

/// A problem found while decoding or checking one document, before the file name is known:
/// the code, the key path and the message. ``YAMLDocument`` turns it into a ``ConfigError``.
struct ConfigIssue: Error, Sendable {
    var code: ConfigError.Code
    var path: ConfigKeyPath
    var message: String

    init(_ code: ConfigError.Code, at path: ConfigKeyPath, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    /// Runs a domain initialiser, reporting its error at `path` with `code`.
    static func checking<T>(
        _ path: ConfigKeyPath, as code: ConfigError.Code = .invalidValue, _ body: () throws(DomainError) -> T
    ) throws(ConfigIssue) -> T {
        do {
            return try body()
        } catch {
            throw ConfigIssue(code, at: path, error.message)
        }
    }
}

extension Decoder {
    /// Refuses any key of the mapping being decoded that is not in `known` (usually a typo,
    /// which would otherwise be silently ignored).
    func rejectUnknownKeys<Key: CodingKey & CaseIterable>(_ known: Key.Type) throws {
        let container = try self.container(keyedBy: ConfigCodingKey.self)
        let names = Key.allCases.map(\.stringValue)
        for key in container.allKeys where !names.contains(key.stringValue) {
            throw ConfigIssue(
                .unknownKey, at: ConfigKeyPath(codingPath).appending(key.stringValue),
                "unknown key '\(key.stringValue)'; expected one of: \(names.joined(separator: ", "))")
        }
    }

    /// The key path of the value being decoded.
    var keyPath: ConfigKeyPath { ConfigKeyPath(codingPath) }
}
