import Foundation

/// JSON as the `onepoint sla` answers print it: pretty, keys sorted, slashes not escaped.
public enum JSONText {
    /// `value` as JSON text.
    ///
    /// - Throws: the encoder's error (not expected for the answers of this module).
    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return String(decoding: data, as: UTF8.self)
    }
}
