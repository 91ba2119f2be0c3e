import Foundation

/// Assessment points, held exactly in hundredths of a point (no binary floating point).
///
/// Encoded in JSON as a plain decimal number (`9.8`, `0.2`, `15`); decoding refuses a value
/// finer than a hundredth.
public struct ScorePoints: Sendable, Hashable, Comparable, Codable, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    /// The value in hundredths of a point: `980` is 9.8 points.
    public var hundredths: Int

    /// Points from hundredths: `ScorePoints(hundredths: 20)` is 0.2.
    public init(hundredths: Int) { self.hundredths = hundredths }

    /// Whole points: `ScorePoints(10)` or the literal `10`.
    public init(_ points: Int) { hundredths = points * 100 }

    public init(integerLiteral value: Int) { self.init(value) }

    /// Points from a decimal such as `0.2`.
    /// - Throws: ``DomainError/Code/invalidValue`` when the value is not a whole number of
    ///   hundredths or is beyond ±1,000,000 points.
    public init(_ value: Decimal) throws(DomainError) {
        var scaled = value * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        guard !value.isNaN, rounded == scaled, abs(rounded) <= 100_000_000 else {
            throw DomainError(
                .invalidValue, "points must be a number of hundredths between -1000000 and 1000000, got \(value)")
        }
        hundredths = NSDecimalNumber(decimal: rounded).intValue
    }

    /// The exact decimal value: 980 hundredths is `9.8`.
    public var decimal: Decimal { Decimal(hundredths) / 100 }

    /// Zero points.
    public static let zero = ScorePoints(hundredths: 0)

    public static func + (lhs: ScorePoints, rhs: ScorePoints) -> ScorePoints {
        ScorePoints(hundredths: lhs.hundredths + rhs.hundredths)
    }

    public static func - (lhs: ScorePoints, rhs: ScorePoints) -> ScorePoints {
        ScorePoints(hundredths: lhs.hundredths - rhs.hundredths)
    }

    public static func < (lhs: ScorePoints, rhs: ScorePoints) -> Bool { lhs.hundredths < rhs.hundredths }

    /// `self` kept within `0...maximum` (a part "floors at 0 and caps at its maximum").
    public func clamped(to maximum: ScorePoints) -> ScorePoints {
        ScorePoints(hundredths: Swift.min(Swift.max(hundredths, 0), Swift.max(maximum.hundredths, 0)))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(Decimal.self)
        do {
            try self.init(value)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(decimal)
    }

    /// `9.8`, `10`, `0.2`.
    public var description: String { "\(decimal)" }
}
