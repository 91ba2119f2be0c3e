import Foundation
import OnePointConfig

/// The JSON of the worker's text columns and of `onepoint report show` (sorted keys, instants
/// as seconds since 1970 in the tables).
enum ReportJSON {
    /// Compact JSON for the tables (instants as seconds since 1970).
    static func text<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .secondsSince1970
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Indented JSON for people (instants ISO-8601 on the wall clock of `zone`, like the events).
    static func pretty<T: Encodable>(_ value: T, zone: TimeZone) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISOTime.format(date, in: zone))
        }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try decoder.decode(type, from: Data(text.utf8))
    }
}
