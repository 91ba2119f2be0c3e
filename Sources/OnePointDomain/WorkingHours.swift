/// The daily schedule of working hours on a working day: an ordered list of periods.
///
/// Configuration supplies it (09:00–12:00 and 13:00–18:00 by default, 480 minutes a day).
/// Encoded as `{"periods": [{"start": "09:00", "end": "12:00"}, …]}`.
public struct WorkingHours: Sendable, Equatable, Codable {
    /// One stretch of working time within a day, `[start, end)` on the wall clock.
    public struct Period: Sendable, Hashable, Codable, CustomStringConvertible {
        /// Minutes after midnight at which the period starts, 0…1439.
        public let startMinute: Int
        /// Minutes after midnight at which the period ends, 1…1440 (1440 is 24:00).
        public let endMinute: Int

        /// Makes a period from minutes after midnight.
        ///
        /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` unless
        ///   `0 ≤ startMinute < endMinute ≤ 1440`.
        public init(startMinute: Int, endMinute: Int) throws(DomainError) {
            guard 0 <= startMinute, startMinute < endMinute, endMinute <= 1440 else {
                throw DomainError(
                    .invalidValue,
                    "working period \(startMinute)…\(endMinute) (minutes after midnight) must satisfy 0 ≤ start < end ≤ 1440")
            }
            self.startMinute = startMinute
            self.endMinute = endMinute
        }

        /// Makes a period from `HH:MM` texts, e.g. `Period(start: "09:00", end: "12:00")`.
        ///
        /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` naming the text
        ///   that is not a clock time, or when the period is empty or reversed.
        public init(start: String, end: String) throws(DomainError) {
            let from = try WorkingHours.minutes(parsing: start)
            let to = try WorkingHours.minutes(parsing: end)
            guard from < to else {
                throw DomainError(.invalidValue, "working period \(start)–\(end) ends before or when it starts")
            }
            try self.init(startMinute: from, endMinute: to)
        }

        /// Length in minutes.
        public var minutes: Int { endMinute - startMinute }

        /// `HH:MM–HH:MM`.
        public var description: String {
            "\(WorkingHours.clockText(startMinute))–\(WorkingHours.clockText(endMinute))"
        }

        private enum CodingKeys: String, CodingKey { case start, end }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            try self.init(
                start: container.decode(String.self, forKey: .start), end: container.decode(String.self, forKey: .end))
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(WorkingHours.clockText(startMinute), forKey: .start)
            try container.encode(WorkingHours.clockText(endMinute), forKey: .end)
        }
    }

    /// The periods, in order, non-overlapping.
    public let periods: [Period]

    /// Makes a schedule.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when there are no
    ///   periods, or a period starts before the previous one ends (periods must be in order and
    ///   may touch but not overlap).
    public init(periods: [Period]) throws(DomainError) {
        guard !periods.isEmpty else {
            throw DomainError(.invalidValue, "working hours need at least one period")
        }
        for (previous, next) in zip(periods, periods.dropFirst()) where next.startMinute < previous.endMinute {
            throw DomainError(
                .invalidValue,
                "working period \(next) starts before the previous period \(previous) ends; list periods in order without overlap")
        }
        self.periods = periods
    }

    /// Working minutes in one working day (480 for 09:00–12:00 and 13:00–18:00).
    public var minutesPerDay: Int { periods.reduce(0) { $0 + $1.minutes } }

    private enum CodingKeys: String, CodingKey { case periods }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(periods: container.decode([Period].self, forKey: .periods))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(periods, forKey: .periods)
    }

    /// Minutes after midnight of `HH:MM` (00:00…24:00).
    static func minutes(parsing text: String) throws(DomainError) -> Int {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0...23).contains(hour) && (0...59).contains(minute) || hour == 24 && minute == 0
        else {
            throw DomainError(.invalidValue, "'\(text)' is not a clock time in the form HH:MM (00:00…24:00)")
        }
        return hour * 60 + minute
    }

    /// `HH:MM` for minutes after midnight.
    static func clockText(_ minuteOfDay: Int) -> String {
        "\(CivilDate.pad(minuteOfDay / 60, 2)):\(CivilDate.pad(minuteOfDay % 60, 2))"
    }
}
