import Foundation

/// A day on the civil (wall) calendar, with no time of day and no time zone: `2026-11-25`.
///
/// Used for calendar facts (public holidays, make-up working days) and for answers that are a
/// day rather than an instant (the latest day a cutover notice may be sent). Ordered
/// chronologically; encoded as its `YYYY-MM-DD` text. Years 1…9999 of the proleptic Gregorian
/// calendar.
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year, 1…9999.
    public let year: Int
    /// The month, 1…12.
    public let month: Int
    /// The day of the month, 1…31 (as the month allows).
    public let day: Int

    /// Makes a date from its parts.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when the parts do
    ///   not name a real day (month 13, 30 February, year 0).
    public init(year: Int, month: Int, day: Int) throws(DomainError) {
        guard (1...9999).contains(year) else {
            throw DomainError(.invalidValue, "year \(year) is outside 1...9999")
        }
        guard (1...12).contains(month) else {
            throw DomainError(.invalidValue, "month \(month) of year \(year) is outside 1...12")
        }
        let length = Self.daysIn(month: month, year: year)
        guard (1...length).contains(day) else {
            throw DomainError(
                .invalidValue,
                "day \(day) does not exist in \(year)-\(Self.pad(month, 2)), which has \(length) days")
        }
        self.init(unchecked: year, month, day)
    }

    /// Parses `YYYY-MM-DD` (for example `2026-11-25`), as configuration writes it.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` naming the text
    ///   when it is not in that form or does not name a real day.
    public init(parsing text: String) throws(DomainError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else {
            throw DomainError(.invalidValue, "'\(text)' is not a date in the form YYYY-MM-DD")
        }
        do {
            try self.init(year: year, month: month, day: day)
        } catch {
            throw DomainError(.invalidValue, "'\(text)' is not a real date: \(error.message)")
        }
    }

    init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Every day from `first` through `last`, both included, in order.
    ///
    /// Convenient for holiday runs such as 2026-02-15 … 2026-02-23.
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidInterval`` when `last` is
    ///   before `first`.
    public static func days(from first: CivilDate, through last: CivilDate) throws(DomainError) -> [CivilDate] {
        guard first <= last else {
            throw DomainError(.invalidInterval, "day run \(first)…\(last) ends before it starts")
        }
        let start = first.dayNumber
        return (start...last.dayNumber).map(CivilDate.init(dayNumber:))
    }

    /// The day `days` days later (earlier when negative).
    public func adding(days: Int) -> CivilDate {
        CivilDate(dayNumber: dayNumber + days)
    }

    /// The ISO weekday: 1 for Monday … 7 for Sunday.
    public var weekday: Int {
        // 1970-01-01 (day number 0) was a Thursday (4).
        let mod = (dayNumber + 3) % 7
        return (mod < 0 ? mod + 7 : mod) + 1
    }

    /// Whether the day is a Saturday or a Sunday.
    public var isWeekend: Bool { weekday >= 6 }

    /// `YYYY-MM-DD`.
    public var description: String {
        "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // MARK: - Day numbers (days since 1970-01-01), H. Hinnant's civil algorithms

    /// Days since 1970-01-01 (negative before).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = (month + 9) % 12
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01 (before it when negative), proleptic Gregorian.
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.init(unchecked: year, month, day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
