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

/// A mapping with a fixed set of keys, decoded by the compiler-synthesized `init(from:)` but
/// strictly: a key not in `CodingKeys` is an error naming it (usually a typo, which would
/// otherwise be silently ignored).
///
/// Synthesized code (and ``YAMLDocument``) decodes a conformer, or a list of them, through the
/// `decode` overloads below, which check the keys, decode, then record ``path``.
protocol StrictlyKeyed: Decodable {
    associatedtype CodingKeys: CodingKey & CaseIterable
    /// Where the mapping is. A conformer that needs it declares `var path = ConfigKeyPath()`
    /// and leaves it out of `CodingKeys`; for the others it is not kept.
    var path: ConfigKeyPath { get set }
}

extension StrictlyKeyed {
    /// No path kept: set is ignored, get gives the root.
    var path: ConfigKeyPath {
        get { ConfigKeyPath() }
        set {}
    }
}

/// Decodes a ``StrictlyKeyed`` value from the decoder at hand.
struct Strict<Value: StrictlyKeyed>: Decodable {
    var value: Value

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Value.CodingKeys.self)
        value = try Value(from: decoder)
        value.path = decoder.keyPath
    }
}

/// Chosen over the standard `decode` wherever the type is statically ``StrictlyKeyed``, as in
/// synthesized `init(from:)`; elsewhere (a `singleValueContainer`) decode `Strict<Value>` itself.
/// `decodeIfPresent` likewise, for a strict mapping that may be left out.
extension KeyedDecodingContainer {
    func decodeIfPresent<Value: StrictlyKeyed>(_ type: Value.Type, forKey key: Key) throws -> Value? {
        try decodeIfPresent(Strict<Value>.self, forKey: key)?.value
    }

    func decode<Value: StrictlyKeyed>(_ type: Value.Type, forKey key: Key) throws -> Value {
        try decode(Strict<Value>.self, forKey: key).value
    }

    func decode<Value: StrictlyKeyed>(_ type: [Value].Type, forKey key: Key) throws -> [Value] {
        try decode([Strict<Value>].self, forKey: key).map(\.value)
    }
}
