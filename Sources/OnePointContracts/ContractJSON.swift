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
    ///
    /// Written by hand for years 1600 to 9999, character for character what
    /// `Date.ISO8601FormatStyle` writes (the format style costs microseconds per instant on
    /// Linux, and every emitted event has several), but for an instant within half a microsecond
    /// below a millisecond, written as that millisecond so that text read back is written as it
    /// was read (``fastFormat(_:fraction:)``); other years go through the format style.
    static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down) == seconds
        return fastFormat(date, fraction: !whole) ?? date.formatted(whole ? wholeSeconds : milliseconds)
    }

    /// The format style's own output through the format style, for tests and for years
    /// outside the hand-written range.
    static func formatWithFormatStyle(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        return seconds.rounded(.down) == seconds ? date.formatted(wholeSeconds) : date.formatted(milliseconds)
    }

    /// Seconds from the reference date (2001-01-01) to 1970-01-01.
    private static let referenceSince1970 = 978_307_200
    /// China Standard Time's offset in seconds.
    private static let chinaOffset = 8 * 3600

    /// The instant in +08:00 as the format style renders it: the local time is the reference-date
    /// interval plus the offset, floored to whole seconds; milliseconds are its fraction, to the
    /// nearest microsecond, truncated. `nil` outside years 1600 to 9999 (the format style's
    /// calendar turns Julian before 1582 and its years grow a digit after 9999).
    ///
    /// The format style truncates the fraction as it is, so an instant read from text
    /// (`…56.123` is 56.12299… seconds as a `Double`) came out a millisecond earlier, for about
    /// half of all milliseconds: an alarm raised at `.123` opened a ticket started at `.122`.
    /// Taken to the nearest microsecond first, text read back is written as it was read (for
    /// instants of this era, which a `Double` holds to better than half a microsecond); only
    /// instants within half a microsecond below a millisecond are written differently from the
    /// format style (as that millisecond).
    static func fastFormat(_ date: Date, fraction: Bool) -> String? {
        let local = date.timeIntervalSinceReferenceDate + Double(chinaOffset)
        var floored = local.rounded(.down)
        // Far wider than years 1600 to 9999 (checked below), narrow enough for `Int`.
        guard floored.isFinite, abs(floored) < 1e12 else { return nil }
        var microseconds = Int(((local - floored) * 1_000_000).rounded())
        if microseconds == 1_000_000 {
            floored += 1
            microseconds = 0
        }
        let milliseconds = microseconds / 1000
        guard (0..<1000).contains(milliseconds) else { return nil }
        let secondsSince1970 = Int(floored) + referenceSince1970
        let days = secondsSince1970 >= 0 ? secondsSince1970 / 86_400 : (secondsSince1970 - 86_399) / 86_400
        let secondOfDay = secondsSince1970 - days * 86_400
        let (year, month, day) = civil(daysSince1970: days)
        guard (1600...9999).contains(year) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(29)
        func append(_ value: Int, digits: Int) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(48 + value / divisor % 10))
                divisor /= 10
            }
        }
        append(year, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        append(month, digits: 2)
        bytes.append(UInt8(ascii: "-"))
        append(day, digits: 2)
        bytes.append(UInt8(ascii: "T"))
        append(secondOfDay / 3600, digits: 2)
        bytes.append(UInt8(ascii: ":"))
        append(secondOfDay / 60 % 60, digits: 2)
        bytes.append(UInt8(ascii: ":"))
        append(secondOfDay % 60, digits: 2)
        if fraction {
            bytes.append(UInt8(ascii: "."))
            append(milliseconds, digits: 3)
        }
        bytes.append(contentsOf: "+08:00".utf8)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (H. Hinnant's civil-from-days).
    private static func civil(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Parses ISO-8601 date-time text with an offset, `YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)`
    /// (the ``dateTimePattern``), e.g. `2026-11-20T16:00:00+08:00` or `2026-11-20T08:00:00.250Z`.
    /// Fields out of range (month 13, hour 25, 30 February) are refused.
    static func parseDate(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parseDate(bytes: $0) }
    }

    /// ``parseDate(_:)`` of UTF-8 text, read in place (every instant of every event comes here twice).
    private static func parseDate(bytes: UnsafeBufferPointer<UInt8>) -> Date? {
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
    private static func hasDateTimeShape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { $0 < bytes.count && (48...57).contains(bytes[$0]) } }
        func byte(_ index: Int, _ expected: Unicode.Scalar) -> Bool { index < bytes.count && bytes[index] == UInt8(ascii: expected) }
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
