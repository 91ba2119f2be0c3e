/// A time limit: either working time in half working days, or plain 24×7 time in minutes.
///
/// Working-day limits (surveys, provisioning) run on the ``WorkingClock``; minute limits
/// (restoration, data configuration) on the ``PlainClock``. Half-days keep every limit an exact
/// integer (6.5 working days is `.workingHalfDays(13)`). Encoded as `{"workingHalfDays": 13}` or
/// `{"minutes": 90}`.
public enum Limit: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Working time, in half working days.
    case workingHalfDays(Int)
    /// Plain clock time, in minutes.
    case minutes(Int)

    /// Whether the limit runs on working time (rather than the plain clock).
    public var isWorkingTime: Bool {
        if case .workingHalfDays = self { return true }
        return false
    }

    /// For people: `"6.5 working days"`, `"9 working days"`, `"1 working day"`, `"4 hours"`,
    /// `"1.5 hours"`, `"1 hour"`, `"30 minutes"`.
    ///
    /// Minute limits of at least an hour that are whole half-hours read in hours; others read in
    /// minutes (`"45 minutes"`, `"100 minutes"`).
    public var description: String {
        switch self {
        case .workingHalfDays(let halfDays):
            let amount = Self.halves(halfDays)
            return "\(amount) working \(halfDays == 2 ? "day" : "days")"
        case .minutes(let minutes):
            if minutes >= 60 && minutes % 30 == 0 {
                return "\(Self.halves(minutes / 30)) \(minutes == 60 ? "hour" : "hours")"
            }
            return "\(minutes) \(minutes == 1 ? "minute" : "minutes")"
        }
    }

    /// `count` halves as a decimal: 13 → "6.5", 18 → "9".
    private static func halves(_ count: Int) -> String {
        let sign = count < 0 ? "-" : ""
        let magnitude = count.magnitude
        return sign + "\(magnitude / 2)" + (magnitude % 2 == 0 ? "" : ".5")
    }

    private enum CodingKeys: String, CodingKey { case workingHalfDays, minutes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let halfDays = try container.decodeIfPresent(Int.self, forKey: .workingHalfDays)
        let minutes = try container.decodeIfPresent(Int.self, forKey: .minutes)
        switch (halfDays, minutes) {
        case (let value?, nil) where value >= 0: self = .workingHalfDays(value)
        case (nil, let value?) where value >= 0: self = .minutes(value)
        default:
            throw DomainError(
                .invalidValue,
                "a limit needs exactly one of 'workingHalfDays' or 'minutes', not negative (got workingHalfDays: \(halfDays.map(String.init) ?? "none"), minutes: \(minutes.map(String.init) ?? "none"))")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .workingHalfDays(let value): try container.encode(value, forKey: .workingHalfDays)
        case .minutes(let value): try container.encode(value, forKey: .minutes)
        }
    }
}
