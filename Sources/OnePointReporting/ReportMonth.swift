import Foundation

/// A calendar month on the wall clock of the calendar's zone (Asia/Shanghai): the period a
/// monthly report and score cover (DOMAIN.md §7).
public struct ReportMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year, 1…9999.
    public let year: Int
    /// The month, 1…12.
    public let month: Int

    /// A month from its year and number.
    /// - Throws: ``ReportingError/Code/invalidMonth`` outside years 1…9999 or months 1…12.
    public init(year: Int, month: Int) throws(ReportingError) {
        guard (1...9999).contains(year), (1...12).contains(month) else {
            throw ReportingError(.invalidMonth, "month \(year)-\(month) does not exist")
        }
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`.
    /// - Throws: ``ReportingError/Code/invalidMonth`` naming the text.
    public init(parsing text: String) throws(ReportingError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 7, parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), let y = Int(parts[0]), let m = Int(parts[1])
        else {
            throw ReportingError(.invalidMonth, "a month is written YYYY-MM (e.g. 2026-11), got '\(text)'")
        }
        try self.init(year: y, month: m)
    }

    /// The month of `instant` on the wall clock of `zone`.
    public init(of instant: Date, in zone: TimeZone) throws(ReportingError) {
        let parts = Self.gregorian(zone).dateComponents([.year, .month], from: instant)
        try self.init(year: parts.year ?? 0, month: parts.month ?? 0)
    }

    /// The month after this one.
    public var next: ReportMonth {
        month == 12 ? ReportMonth(unchecked: year + 1, 1) : ReportMonth(unchecked: year, month + 1)
    }

    /// The month before this one.
    public var previous: ReportMonth {
        month == 1 ? ReportMonth(unchecked: year - 1, 12) : ReportMonth(unchecked: year, month - 1)
    }

    /// Months from `self` to `other` (negative when `other` is earlier).
    public func distance(to other: ReportMonth) -> Int { (other.year - year) * 12 + other.month - month }

    /// The first instant of the month (00:00 on the 1st) in `zone`.
    public func start(in zone: TimeZone) -> Date { instant(day: 1, hour: 0, in: zone) }

    /// The first instant after the month: when its report is drafted.
    public func end(in zone: TimeZone) -> Date { next.start(in: zone) }

    /// When the month's report is due and becomes final: 18:00 on the 5th of the next month.
    public func finalAt(in zone: TimeZone) -> Date { next.instant(day: 5, hour: 18, in: zone) }

    /// `YYYY-MM`.
    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + m
    }

    public static func < (lhs: ReportMonth, rhs: ReportMonth) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }

    private init(unchecked year: Int, _ month: Int) {
        self.year = year
        self.month = month
    }

    private func instant(day: Int, hour: Int, in zone: TimeZone) -> Date {
        let components = DateComponents(year: year, month: month, day: day, hour: hour)
        return Self.gregorian(zone).date(from: components) ?? Date(timeIntervalSince1970: 0)
    }

    private static func gregorian(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }
}
