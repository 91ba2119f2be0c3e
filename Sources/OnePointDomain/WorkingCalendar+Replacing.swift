/// Loading years into a calendar after start-up (DOMAIN.md §9: a year's notice is loaded
/// without a restart, and an amended notice replaces it).
extension WorkingCalendar {
    /// This calendar with `loaded` years added, each in place of the same year's facts if this
    /// calendar has them. Same time zone.
    ///
    /// Example: the shipped calendar (2025, 2026) replacing `[2027]` answers 2027 from its
    /// notice, no longer provisionally.
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when `loaded` gives
    ///   one year twice.
    public func replacing(_ loaded: [CalendarYear]) throws(DomainError) -> WorkingCalendar {
        var seen: Set<Int> = []
        for entry in loaded where !seen.insert(entry.year).inserted {
            throw DomainError(.invalidValue, "calendar year \(entry.year) is given more than once")
        }
        let kept = loadedYears.filter { !seen.contains($0) }.compactMap { calendarYear($0) }
        return try WorkingCalendar(years: kept + loaded, timeZone: timeZone)
    }
}
