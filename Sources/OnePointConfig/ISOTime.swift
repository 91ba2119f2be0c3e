import Foundation
import OnePointDomain

/// ISO-8601 instants with a UTC offset, as people type them on the command line and as the
/// `onepoint sla` answers print them.
///
/// Accepted: `2026-11-20T16:00:00+08:00`, `2026-11-20T16:00+08:00`, `2026-11-20T08:00:00Z`,
/// `2026-11-20T16:00:00.250+0800` (fractions of a second are dropped, as the domain counts whole
/// seconds). The offset is required: a time without one is ambiguous.
public enum ISOTime {
    /// Parses `text`; `role` names it in the error (`--start`, `pause end`).
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` saying what is
    ///   wrong and showing the expected form.
    public static func parse(_ text: String, role: String) throws(DomainError) -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let example = "expected an ISO-8601 time with offset such as 2026-11-20T16:00:00+08:00"
        func fail(_ why: String) -> DomainError {
            DomainError(.invalidValue, "\(role) '\(text)' \(why); \(example)")
        }
        guard let separator = trimmed.firstIndex(where: { $0 == "T" || $0 == "t" || $0 == " " }) else {
            throw fail("is not a date and time")
        }
        let dateText = String(trimmed[..<separator])
        var rest = Substring(trimmed[trimmed.index(after: separator)...])
        let day: CivilDate
        do {
            day = try CivilDate(parsing: dateText)
        } catch {
            throw fail("does not start with a real date YYYY-MM-DD")
        }
        // Offset: Z, ±HH:MM, ±HHMM or ±HH at the end.
        let offsetSeconds: Int
        if rest.hasSuffix("Z") || rest.hasSuffix("z") {
            offsetSeconds = 0
            rest = rest.dropLast()
        } else if let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let sign = rest[signIndex] == "-" ? -1 : 1
            let digits = rest[rest.index(after: signIndex)...].filter { $0 != ":" }
            guard [2, 4].contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                let hours = Int(digits.prefix(2)), let minutes = Int(digits.count == 4 ? String(digits.suffix(2)) : "0"),
                hours <= 18, minutes < 60
            else {
                throw fail("has an invalid UTC offset")
            }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
            rest = rest[..<signIndex]
        } else {
            throw fail("has no UTC offset (add one such as +08:00)")
        }
        // Clock: HH:MM, HH:MM:SS or HH:MM:SS.fff.
        var clock = rest
        if let dot = clock.firstIndex(where: { $0 == "." || $0 == "," }) {
            guard clock[clock.index(after: dot)...].allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw fail("has an invalid time of day")
            }
            clock = clock[..<dot]
        }
        let parts = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), let second = Int(parts.count == 3 ? parts[2] : "00"),
            hour < 24, minute < 60, second < 60
        else {
            throw fail("has an invalid time of day")
        }
        var utc = Calendar(identifier: .gregorian)
        guard let zone = TimeZone(secondsFromGMT: 0) else { throw fail("cannot be placed in time") }
        utc.timeZone = zone
        let components = DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute, second: second)
        guard let wall = utc.date(from: components) else { throw fail("cannot be placed in time") }
        return wall.addingTimeInterval(TimeInterval(-offsetSeconds))
    }

    /// `2026-12-03T16:00:00+08:00`: `date` on the wall clock of `timeZone`, whole seconds.
    ///
    /// Written by arithmetic on the zone's offset at that instant (no calendar or formatter is
    /// made per call: a worker writes one for every progress feedback).
    public static func format(_ date: Date, in timeZone: TimeZone) -> String {
        let whole = Int64(date.timeIntervalSince1970.rounded(.down))
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(whole)))
        let local = whole + Int64(offset)
        var days = local / 86_400
        var seconds = local % 86_400
        if seconds < 0 {
            seconds += 86_400
            days -= 1
        }
        let civil = CivilDate(dayNumber: Int(days))
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        return "\(pad(civil.year, 4))-\(pad(civil.month, 2))-\(pad(civil.day, 2))"
            + "T\(pad(Int(seconds / 3600), 2)):\(pad(Int(seconds % 3600 / 60), 2)):\(pad(Int(seconds % 60), 2))"
            + "\(sign)\(pad(magnitude / 3600, 2)):\(pad(magnitude % 3600 / 60, 2))"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
