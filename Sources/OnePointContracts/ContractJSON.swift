import Foundation
import OnePointDomain

/// The JSON conventions of every event: keys sorted, slashes unescaped, instants as ISO-8601
/// text with an offset (`+08:00` when we write them; any offset or `Z` when we read them).
enum ContractJSON {
    /// China Standard Time, the offset every instant is written in.
    static let chinaTime = TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt

    private static let wholeSeconds = Date.ISO8601FormatStyle(
        timeZoneSeparator: .colon, includingFractionalSeconds: false, timeZone: chinaTime)
    private static let milliseconds = Date.ISO8601FormatStyle(
        timeZoneSeparator: .colon, includingFractionalSeconds: true, timeZone: chinaTime)

    /// `2026-11-20T16:00:00+08:00`; milliseconds are written only when the instant has a fraction.
    static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        return seconds.rounded(.down) == seconds ? date.formatted(wholeSeconds) : date.formatted(milliseconds)
    }

    /// Parses ISO-8601 date-time text with an offset, `YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)`
    /// (the ``dateTimePattern``), e.g. `2026-11-20T16:00:00+08:00` or `2026-11-20T08:00:00.250Z`.
    /// Fields out of range (month 13, hour 25, 30 February) are refused.
    static func parseDate(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard hasDateTimeShape(bytes) else { return nil }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(bytes[$1] - 48) } }
        let year = number(0..<4), month = number(5..<7), day = number(8..<10)
        let hour = number(11..<13), minute = number(14..<16), second = number(17..<19)
        guard let date = try? CivilDate(year: year, month: month, day: day), hour < 24, minute < 60, second < 60 else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == UInt8(ascii: ".") {
            var scale = 0.1
            index += 1
            while index < bytes.count, (48...57).contains(bytes[index]) {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offset = 0
        if bytes[index] != UInt8(ascii: "Z") {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            let hours = number(index + 1..<index + 3), minutes = number(index + 4..<index + 6)
            guard hours < 24, minutes < 60 else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        }
        let seconds = daysSince1970(date) * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Days from 1970-01-01 to `date` (H. Hinnant's days-from-civil).
    private static func daysSince1970(_ date: CivilDate) -> Int {
        let y = date.month <= 2 ? date.year - 1 : date.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((date.month + 9) % 12) + 2) / 5 + date.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The shape every instant must have; the JSON Schemas carry the same pattern.
    static let dateTimePattern = #"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$"#

    /// Checks ``dateTimePattern`` without building a regular expression.
    private static func hasDateTimeShape(_ bytes: [UInt8]) -> Bool {
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { $0 < bytes.count && (48...57).contains(bytes[$0]) } }
        func byte(_ index: Int, _ character: Character) -> Bool { index < bytes.count && bytes[index] == character.asciiValue }
        guard bytes.count >= 20, digits(0..<4), byte(4, "-"), digits(5..<7), byte(7, "-"), digits(8..<10), byte(10, "T"),
            digits(11..<13), byte(13, ":"), digits(14..<16), byte(16, ":"), digits(17..<19)
        else { return false }
        var index = 19
        if byte(index, ".") {
            index += 1
            let start = index
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            guard index > start else { return false }
        }
        if byte(index, "Z") { return index + 1 == bytes.count }
        guard byte(index, "+") || byte(index, "-") else { return false }
        return index + 6 == bytes.count && digits(index + 1..<index + 3) && byte(index + 3, ":") && digits(index + 4..<index + 6)
    }

    /// The encoder every event goes through; `pretty` for documentation examples.
    static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(format(date))
        }
        return encoder
    }

    /// The decoder every event goes through.
    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseDate(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(text)' is not an ISO-8601 date-time with offset")
            }
            return date
        }
        return decoder
    }
}
