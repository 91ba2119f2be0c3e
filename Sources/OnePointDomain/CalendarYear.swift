/// One year of the mainland-China working calendar: the public-holiday days off and the
/// make-up working days (调休上班) from that year's State Council notice.
///
/// A weekday is a working day unless it is a day off; a Saturday or Sunday is a day off unless
/// it is a make-up working day. Encoded as
/// `{"year": 2026, "daysOff": ["2026-01-01", …], "makeUpWorkingDays": ["2026-01-04", …]}`.
public struct CalendarYear: Sendable, Equatable, Codable {
    /// The year these facts cover.
    public let year: Int
    /// Public-holiday days off (any weekday; weekend days in a holiday run may be listed too).
    public let daysOff: Set<CivilDate>
    /// Weekend days that are working days.
    public let makeUpWorkingDays: Set<CivilDate>

    /// Makes a year's calendar.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` naming the day when
    ///   a day is not in `year`, a day is both off and a make-up working day, or a make-up
    ///   working day is not a Saturday or Sunday.
    public init(
        year: Int, daysOff: some Sequence<CivilDate>, makeUpWorkingDays: some Sequence<CivilDate>
    ) throws(DomainError) {
        let off = Set(daysOff)
        let makeUp = Set(makeUpWorkingDays)
        for day in off.union(makeUp).sorted() where day.year != year {
            throw DomainError(.invalidValue, "calendar year \(year) lists day \(day), which is in another year")
        }
        if let both = off.intersection(makeUp).min() {
            throw DomainError(
                .invalidValue, "calendar year \(year) lists \(both) both as a day off and as a make-up working day")
        }
        if let weekday = makeUp.filter({ !$0.isWeekend }).min() {
            throw DomainError(
                .invalidValue,
                "calendar year \(year) lists \(weekday) as a make-up working day, but it is not a Saturday or Sunday")
        }
        self.year = year
        self.daysOff = off
        self.makeUpWorkingDays = makeUp
    }

    /// Whether `day` (a day of this year) is a working day.
    public func isWorkingDay(_ day: CivilDate) -> Bool {
        day.isWeekend ? makeUpWorkingDays.contains(day) : !daysOff.contains(day)
    }

    /// The fixed-date statutory holidays (month, day) that are off in a year whose notice is
    /// not loaded: Jan 1; May 1–2; Oct 1–3 (DOMAIN.md §9).
    public static let provisionalDaysOff: [(month: Int, day: Int)] = [(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)]

    /// The **provisional** rule for a day whose year's notice is not loaded: Monday to Friday
    /// are working days except the fixed-date statutory holidays (``provisionalDaysOff``);
    /// Saturdays and Sundays are off (no make-up working days are known).
    ///
    /// Examples: Friday 2027-01-01 is off; Monday 2027-01-04 is a working day; Monday
    /// 2027-05-03 is a working day provisionally (the notice may later make it a day off).
    public static func isProvisionalWorkingDay(_ day: CivilDate) -> Bool {
        guard !day.isWeekend else { return false }
        return !provisionalDaysOff.contains { $0.month == day.month && $0.day == day.day }
    }

    /// What views and answers say after a deadline counted through `years` (not loaded):
    /// `"provisional: no holiday notice loaded for 2027; counted Monday to Friday except Jan 1,
    /// May 1–2, Oct 1–3"`.
    public static func provisionalNote(years: [Int]) -> String {
        let list = years.map(String.init).joined(separator: ", ")
        return "provisional: no holiday notice loaded for \(list); counted Monday to Friday except Jan 1, May 1–2, Oct 1–3"
    }

    private enum CodingKeys: String, CodingKey {
        case year, daysOff, makeUpWorkingDays
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            year: container.decode(Int.self, forKey: .year),
            daysOff: container.decode([CivilDate].self, forKey: .daysOff),
            makeUpWorkingDays: container.decodeIfPresent([CivilDate].self, forKey: .makeUpWorkingDays) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(year, forKey: .year)
        try container.encode(daysOff.sorted(), forKey: .daysOff)
        try container.encode(makeUpWorkingDays.sorted(), forKey: .makeUpWorkingDays)
    }
}
