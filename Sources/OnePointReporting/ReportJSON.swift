import Foundation

/// The JSON of the worker's text columns and of `onepoint report show` (sorted keys, instants
/// as seconds since 1970 in the tables).
enum ReportJSON {
    static func text<T: Encodable>(_ value: T, pretty: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : .sortedKeys
        encoder.dateEncodingStrategy = pretty ? .iso8601 : .secondsSince1970
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try decoder.decode(type, from: Data(text.utf8))
    }
}
