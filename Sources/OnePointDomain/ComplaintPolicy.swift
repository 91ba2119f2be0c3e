/// The three clocks of a customer complaint (投诉, DOMAIN.md §6.1), each 24×7 from the complaint,
/// by the customer's level. A complaint is in time when all three are met; the fault escalation
/// ladder applies to the handling limit.
public struct ComplaintPolicy: Sendable, Equatable {
    /// One of a complaint's clocks.
    public enum Clock: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
        /// First contact with the customer (响应).
        case response
        /// Cause found and acted on (处理).
        case handling
        /// The result told to the customer (回复).
        case reply

        public var description: String { rawValue }
    }

    /// Response limits, minutes (defaults: Key 15, Diamond 30, Gold 30, Silver 60, Bronze 120).
    public let responseMinutes: LevelTable<Int>
    /// Handling limits, minutes (defaults: 4, 8, 12, 24, 48 hours).
    public let handlingMinutes: LevelTable<Int>
    /// Reply limits, minutes (defaults: 8, 12, 24, 36, 72 hours).
    public let replyMinutes: LevelTable<Int>

    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` naming the clock and
    ///   level of a limit that is not positive.
    public init(responseMinutes: LevelTable<Int>, handlingMinutes: LevelTable<Int>, replyMinutes: LevelTable<Int>) throws(DomainError) {
        for (name, table) in [("response", responseMinutes), ("handling", handlingMinutes), ("reply", replyMinutes)] {
            for level in CustomerLevel.allCases where table[level] <= 0 {
                throw DomainError(.invalidValue, "complaint \(name) limit for \(level) is \(table[level]) minutes; it must be positive")
            }
        }
        self.responseMinutes = responseMinutes
        self.handlingMinutes = handlingMinutes
        self.replyMinutes = replyMinutes
    }

    /// The limit of `clock` for a customer of `level`, minutes.
    public func limitMinutes(_ clock: Clock, for level: CustomerLevel) -> Int {
        switch clock {
        case .response: responseMinutes[level]
        case .handling: handlingMinutes[level]
        case .reply: replyMinutes[level]
        }
    }
}
