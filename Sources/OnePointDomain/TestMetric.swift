/// A quantity a service test report measures (DOMAIN.md §3).
///
/// Encoded by its short name (`"ES"`, `"avgRTD"`, …), also as a JSON object key, so a
/// report's measurements read `{"ES": 0, "SES": 0, "RTD": 12.5, "attenuation": 18}`.
public enum TestMetric: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable, Comparable,
    CustomStringConvertible
{
    /// Errored seconds over the test period (count of seconds).
    case erroredSeconds = "ES"
    /// Severely errored seconds over the test period (count of seconds).
    case severelyErroredSeconds = "SES"
    /// Round-trip delay, milliseconds.
    case roundTripDelay = "RTD"
    /// Fibre attenuation, decibels.
    case fibreAttenuation = "attenuation"
    /// Bit error ratio (e.g. 1e-9).
    case bitErrorRatio = "BER"
    /// Loss-of-synchronisation events (LOSS), count.
    case lossOfSync = "LOSS"
    /// Throughput, percent of the ordered rate.
    case throughput = "throughput"
    /// Average round-trip delay, milliseconds.
    case averageRoundTripDelay = "avgRTD"
    /// Packet loss, percent.
    case packetLoss = "packetLoss"
    /// Frame loss, percent.
    case frameLoss = "frameLoss"

    /// The unit the value is measured in: `s`, `ms`, `dB`, `%`, or empty for a ratio or count.
    public var unitSymbol: String {
        switch self {
        case .erroredSeconds, .severelyErroredSeconds: "s"
        case .roundTripDelay, .averageRoundTripDelay: "ms"
        case .fibreAttenuation: "dB"
        case .bitErrorRatio, .lossOfSync: ""
        case .throughput, .packetLoss, .frameLoss: "%"
        }
    }

    private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: TestMetric, rhs: TestMetric) -> Bool { lhs.order < rhs.order }

    public var description: String { rawValue }
}
