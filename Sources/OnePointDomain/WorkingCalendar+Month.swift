import Foundation

extension WorkingCalendar {
    /// The month, `YYYY-MM`, that `instant` falls in on this calendar's wall clock
    /// (``timeZone``, from `calendar.yaml`): the month an assessment fact belongs to
    /// (DOMAIN.md §7). 2026-11-30T20:00Z is `2026-12` in Asia/Shanghai and `2026-11` in UTC.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when the instant is
    ///   outside years 1…9999.
    public func month(of instant: Date) throws(DomainError) -> String {
        let day = try civilDate(of: instant)
        let month = day.month < 10 ? "0\(day.month)" : "\(day.month)"
        let year = String(repeating: "0", count: max(0, 4 - "\(day.year)".count)) + "\(day.year)"
        return "\(year)-\(month)"
    }
}
