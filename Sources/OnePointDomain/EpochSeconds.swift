import Foundation

/// Internal: instants as whole seconds since 1970-01-01T00:00:00Z, so that working-time
/// arithmetic is exact integer arithmetic.
///
/// Instants are taken to the whole second, dropping any fraction (rounding down). Amounts are
/// kept below ``maximumAmount`` so that no sum can overflow.
enum EpochSeconds {
    /// Largest instant magnitude accepted (about year 36 800), and so the farthest a clock walks.
    static let maximumInstant = 1 << 40
    /// Largest amount of seconds a limit may have (far beyond any real limit).
    static let maximumAmount = 1 << 40

    /// `date` as whole seconds since 1970, fraction dropped.
    ///
    /// - Throws: ``DomainError/Code/invalidValue`` naming `role` when the date is not finite or
    ///   out of range.
    static func of(_ date: Date, _ role: String) throws(DomainError) -> Int {
        let interval = date.timeIntervalSince1970
        guard interval.isFinite, abs(interval) < Double(maximumInstant) else {
            throw DomainError(.invalidValue, "\(role) \(date) is outside the supported range of instants")
        }
        return Int(interval.rounded(.down))
    }

    /// The instant `seconds` after 1970-01-01T00:00:00Z.
    static func date(_ seconds: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// `lhs × rhs`, or an ``DomainError/Code/invalidValue`` naming `what` when the product is
    /// negative or exceeds ``maximumAmount``.
    static func product(_ lhs: Int, _ rhs: Int, _ what: String) throws(DomainError) -> Int {
        let (value, overflow) = lhs.multipliedReportingOverflow(by: rhs)
        guard !overflow, value >= 0, value <= maximumAmount else {
            throw DomainError(.invalidValue, "\(what) is out of range (\(lhs) × \(rhs))")
        }
        return value
    }
}
